/**
 * The models a BigQuery script reads and writes, and the version of each, for the cache of a
 * pipeline `sql` step: a step that calls ML.PREDICT on a model must run again once the model is
 * re-created, as a step that reads a table runs again once the table changes. A model the step
 * itself creates (CREATE MODEL) is its output, not an input; one it only reads (ML.* calls) is
 * an input, and its version is part of the step's cache key.
 *
 * ```ts
 * const { reads } = modelsOf(['SELECT * FROM ML.PREDICT(MODEL d.m, TABLE d.t)']); // [{ schema: 'd', name: 'm' }]
 * await modelVersions(bq, reads); // { 'd.m': 'created 2026-12-06 04:10:00.123 size 5120' }
 * ```
 */
import { findMlCalls } from '../../sql/bigquery/bigquery-ml-functions.js';
import { classifyStatements } from '../../sql/index.js';
import type { TableRef, Warehouse } from '../warehouse.js';
import { display, keyOf, ModelStore } from './bqml-store.js';

export interface ModelLineage {
  /** Models ML.* calls read that the script does not create itself. */
  readonly reads: readonly TableRef[];
  /** Models the script creates or drops. */
  readonly writes: readonly TableRef[];
}

/** `scripts` are BigQuery SQL (a step's statements, its unload queries); unreadable text reads no model. */
export function modelsOf(scripts: readonly string[]): ModelLineage {
  const reads = new Map<string, TableRef>();
  const writes = new Map<string, TableRef>();
  for (const script of scripts)
    for (const statement of classifyStatements(script, 'bigquery')) {
      if (statement.kind === 'create-model' || statement.kind === 'drop-model')
        writes.set(name(statement.model), statement.model);
      let calls: ReturnType<typeof findMlCalls> = [];
      try {
        calls = findMlCalls(statement.tokens);
      } catch {
        // A malformed call fails when the step runs, with its own error; the key need not say more.
      }
      for (const call of calls) reads.set(name(call.model), call.model);
    }
  for (const key of writes.keys()) reads.delete(key);
  return { reads: [...reads.values()], writes: [...writes.values()] };
}

/**
 * Each model's version: when its row was written and its body's size, `missing` when there is
 * none. `bq` is the BigQuery front end over the warehouse that holds the models.
 */
export async function modelVersions(bq: Warehouse, models: readonly TableRef[]): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  if (models.length === 0) return versions;
  const stored = (await bq.tableVersion(ModelStore.table)) !== undefined;
  for (const model of models) {
    const { d, n } = keyOf(model);
    const { rows } = stored
      ? await bq.query(
          'SELECT CAST(created_at AS STRING) AS at, LENGTH(body) AS size FROM godwit_bqml.models WHERE dataset = @d AND name = @n',
          { d, n },
        )
      : { rows: [] };
    versions[name(model)] = rows.length === 0 ? 'missing' : `created ${rows[0].at} size ${rows[0].size}`;
  }
  return versions;
}

function name(ref: TableRef): string {
  return display(keyOf(ref).d === 'main' ? { name: keyOf(ref).n } : { schema: keyOf(ref).d, name: keyOf(ref).n });
}
