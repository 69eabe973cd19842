import { GodwitError } from '../../core/errors.js';
import type { CallerQuery } from '../../governance/enforce/caller-query.js';
import type { SqlValue, WarehouseDialect } from '../../warehouse/warehouse.js';
import { checkAccess } from '../door-authorization.js';
import type { PathRoute } from '../http/path-router.js';
import { jsonBody, type RestHandler } from './rest-api.js';
import { queryRule } from './rest-iam.js';

/** Rows a query answers when the request does not say, and the most it may ask for. */
export const DEFAULT_MAX_ROWS = 1000;
export const MAX_ROWS = 10_000;

const DIALECTS: readonly WarehouseDialect[] = ['duckdb', 'postgres', 'redshift', 'bigquery'];

/**
 * The query API, as BigQuery's `jobs.query` and the Redshift Data API answer in one call:
 * - `POST /api/v1/query` with `{"sql": "…", "dialect"?, "warehouse"?, "maxRows"?, "params"?}` →
 *   `{ warehouse, statements, columns: [{name, type}], rows: [{…}], rowCount, truncated }`, the
 *   last statement's answer. It runs as the request's caller: a principal reads only its views
 *   (rows its filters cover, NULL in cells no covering filter grants) and needs `godwit:Query`
 *   on `arn:aws:godwit:REGION:000000000000:warehouse/NAME`; a hidden column or table named is
 *   `E_ACCESS_DENIED` (403) naming it, SQL the engine rejects `E_SQL` (400).
 */
export const queryRoutes: readonly PathRoute<RestHandler>[] = [
  {
    method: 'POST',
    pattern: '/api/v1/query',
    handler: async (_p, req, context) => {
      const query = queryOf(await jsonBody(req));
      const { action, resource } = queryRule(query.warehouse ?? context.defaultWarehouse);
      await checkAccess(req, context.authorize, 'rest', action, () => resource);
      const { queryAs } = await import('../../governance/enforce/caller-query.js');
      const { metadata } = context.services;
      const caller = req.caller ?? (await import('../../runtime/run-caller.js')).localCaller();
      return queryAs(query, caller, {
        warehouses: context.warehouses,
        catalog: metadata.catalog,
        accessLog: metadata.accessLog,
        via: 'rest',
      });
    },
  },
];

function queryOf(body: Record<string, unknown>): CallerQuery {
  const { sql, dialect, warehouse, maxRows, params } = body;
  if (typeof sql !== 'string' || sql.trim() === '')
    throw bad('"sql" must be a non-empty string: the statements to run.', '{"sql": "select 1"}');
  if (dialect !== undefined && !DIALECTS.includes(dialect as WarehouseDialect))
    throw bad(`"dialect" must be one of ${DIALECTS.join(', ')}, not ${JSON.stringify(dialect)}.`);
  if (warehouse !== undefined && (typeof warehouse !== 'string' || warehouse === ''))
    throw bad('"warehouse" must be the name of a configured warehouse.');
  if (maxRows !== undefined && (!Number.isInteger(maxRows) || (maxRows as number) < 1 || (maxRows as number) > MAX_ROWS))
    throw bad(`"maxRows" must be a whole number from 1 to ${MAX_ROWS}, not ${JSON.stringify(maxRows)}.`);
  return {
    sql,
    dialect: dialect as WarehouseDialect | undefined,
    warehouse: warehouse as string | undefined,
    maxRows: (maxRows as number | undefined) ?? DEFAULT_MAX_ROWS,
    params: paramsOf(params),
  };
}

function paramsOf(params: unknown): Record<string, SqlValue> | undefined {
  if (params === undefined) return undefined;
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw bad('"params" must be an object of named values.', '{"params": {"region": "EU"}}');
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value))
      throw bad(`Parameter "${name}" must be a string, number, boolean or null, not ${JSON.stringify(value)}.`);
  }
  return params as Record<string, SqlValue>;
}

function bad(message: string, example?: string): GodwitError {
  return new GodwitError('E_REQUEST_BODY', message, example ? { hint: `For example: ${example}` } : undefined);
}
