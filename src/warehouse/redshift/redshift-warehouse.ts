/**
 * The Redshift warehouse (`type: redshift`), in one of two forms chosen by its configuration:
 *
 * - **on PostgreSQL** (`url: postgres://…`): Redshift's COPY, UNLOAD and physical design run on a
 *   PostgreSQL server through Godwit's stores (`redshift-on-postgres.ts`), for offline work and
 *   tests;
 * - **a real Redshift** through the Data API (`clusterIdentifier` or `workgroupName`, `database`,
 *   and `secretArn` or `dbUser`; optional `region`, `endpoint`, `iamRole` for the COPY and UNLOAD
 *   Godwit writes itself): statements are sent as written (`redshift-data-warehouse.ts`).
 */
import type { WarehouseConfig } from '../../config/config.js';
import { GodwitError } from '../../core/errors.js';
import type { WarehouseDeps } from '../index.js';
import { connectionUrl } from '../postgres/postgres-warehouse.js';
import type { Warehouse } from '../warehouse.js';
import { RedshiftDataWarehouse } from './redshift-data-warehouse.js';
import { RedshiftOnPostgres } from './redshift-on-postgres.js';

export function createWarehouse(name: string, config: WarehouseConfig, deps: WarehouseDeps): Warehouse {
  if (config.url !== undefined) return new RedshiftOnPostgres(name, connectionUrl(name, config), deps);
  const text = (key: string) => (typeof config[key] === 'string' && config[key] !== '' ? (config[key] as string) : undefined);
  const database = text('database');
  const clusterIdentifier = text('clusterIdentifier');
  const workgroupName = text('workgroupName');
  if (!database || (!clusterIdentifier && !workgroupName) || (clusterIdentifier && workgroupName)) {
    throw new GodwitError(
      'E_WAREHOUSE_CONFIG',
      `Warehouse "${name}" (type redshift) names neither a PostgreSQL url nor one Redshift cluster or workgroup with a database.`,
      {
        hint: 'Set url: postgres://… to run Redshift SQL on PostgreSQL, or clusterIdentifier (or workgroupName), database and secretArn (or dbUser) for a real Redshift; without either, run Redshift SQL on the embedded DuckDB (godwit sql --dialect redshift).',
      },
    );
  }
  return new RedshiftDataWarehouse(
    name,
    {
      database,
      clusterIdentifier,
      workgroupName,
      secretArn: text('secretArn'),
      dbUser: text('dbUser'),
      region: text('region'),
      endpoint: text('endpoint'),
      iamRole: text('iamRole'),
    },
    deps.env ?? process.env,
  );
}
