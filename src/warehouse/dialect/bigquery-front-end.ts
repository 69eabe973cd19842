/** BigQuery SQL on a DuckDB warehouse, as `openWarehouse(…, { dialect: 'bigquery' })` loads it. */
import type { Warehouse } from '../warehouse.js';
import { dialectWarehouse } from './dialect-warehouse.js';

export function speaking(inner: Warehouse): Warehouse {
  return dialectWarehouse(inner, 'bigquery');
}
