/**
 * Values across the DuckDB boundary: named parameters bound by the type of their JS value, and
 * result values turned into the plain JS values every warehouse returns (`warehouse.ts`: integers
 * as numbers, a BIGINT or HUGEINT beyond 2^53 as a bigint).
 */
import type { DuckDBPreparedStatement } from '@duckdb/node-api';
import { GodwitError } from '../../core/errors.js';
import type { SqlParams, SqlValue } from '../warehouse.js';
import { duckdb } from './duckdb-api.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Binds every parameter the statement names from `params`; one it lacks is E_SQL_PARAMETER. */
export function bindParams(prepared: DuckDBPreparedStatement, params: SqlParams, warehouse: string): void {
  for (let i = 1; i <= prepared.parameterCount; i++) {
    const name = prepared.parameterName(i);
    if (!Object.hasOwn(params, name)) {
      const given = Object.keys(params);
      throw new GodwitError(
        'E_SQL_PARAMETER',
        `The SQL for warehouse "${warehouse}" uses parameter $${name}, which was not given.`,
        {
          hint:
            given.length > 0
              ? `Parameters given: ${given.join(', ')}. Add --param ${name}=VALUE (or params.${name}).`
              : `Pass it: --param ${name}=VALUE (or params: { ${name}: … }).`,
        },
      );
    }
    bindOne(prepared, i, params[name]);
  }
}

function bindOne(prepared: DuckDBPreparedStatement, i: number, value: SqlValue): void {
  if (value === null || value === undefined) prepared.bindNull(i);
  else if (typeof value === 'string') prepared.bindVarchar(i, value);
  else if (typeof value === 'boolean') prepared.bindBoolean(i, value);
  else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) prepared.bindBigInt(i, BigInt(value));
    else prepared.bindDouble(i, value);
  } else if (typeof value === 'bigint') {
    if (value >= INT64_MIN && value <= INT64_MAX) prepared.bindBigInt(i, value);
    else prepared.bindHugeInt(i, value);
  } else if (value instanceof Date) prepared.bindTimestamp(i, new duckdb.DuckDBTimestampValue(BigInt(value.getTime()) * 1000n));
  else prepared.bindBlob(i, value);
}

/** A result value as a plain JS value. */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint')
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

export function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (typeof v === 'bigint' || (v !== null && typeof v === 'object')) row[key] = plainValue(v);
  }
  return row;
}
