/**
 * The `bigquery` warehouse backend. This module loads no SDK; the warehouse loads
 * `@google-cloud/bigquery` on its first call.
 */
import type { WarehouseConfig } from '../../config/config.js';
import type { WarehouseBackend, WarehouseDeps } from '../index.js';
import type { Warehouse } from '../warehouse.js';
import { BigQueryWarehouse } from './bigquery-warehouse.js';

export { BigQueryWarehouse, DEFAULT_BIGQUERY_ENDPOINT } from './bigquery-warehouse.js';

/** Entry point for `openWarehouse` (`WarehouseBackend`). */
export const createWarehouse: WarehouseBackend['createWarehouse'] = (
  name: string,
  config: WarehouseConfig,
  deps: WarehouseDeps,
): Warehouse => new BigQueryWarehouse(name, config, deps);
