/**
 * A materialized view's parameters as JSON in the catalog, so REFRESH binds the same values:
 * the JSON types as they are, and the others tagged (`{"$bigint": "…"}`, `{"$date": "…"}`,
 * `{"$bytes": "<base64>"}`).
 */
import type { SqlParams, SqlValue } from '../warehouse.js';

export function encodeParams(params: SqlParams): string {
  const tagged = Object.fromEntries(
    Object.entries(params).map(([k, v]) => {
      if (typeof v === 'bigint') return [k, { $bigint: v.toString() }];
      if (v instanceof Date) return [k, { $date: v.toISOString() }];
      if (v instanceof Uint8Array) return [k, { $bytes: Buffer.from(v).toString('base64') }];
      return [k, v];
    }),
  );
  return JSON.stringify(tagged);
}

export function decodeParams(json: string): Record<string, SqlValue> {
  const raw = JSON.parse(json) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => {
      if (v !== null && typeof v === 'object') {
        const tag = v as { $bigint?: string; $date?: string; $bytes?: string };
        if (tag.$bigint !== undefined) return [k, BigInt(tag.$bigint)];
        if (tag.$date !== undefined) return [k, new Date(tag.$date)];
        if (tag.$bytes !== undefined) return [k, new Uint8Array(Buffer.from(tag.$bytes, 'base64'))];
      }
      return [k, v as SqlValue];
    }),
  );
}
