import type { SqlDatabase } from '../db/sql-database.js';

/**
 * One source of lineage recorded before the lineage capability existed: it reads its own
 * capability's tables and records, through `recordLineage(tx, …)`, exactly the entities and
 * associations its live writer records for the same records (the same names, from
 * lineage-names.ts), so a backfilled home and a new one answer the same queries. It runs inside
 * the migration transaction (`tx` only) and must be idempotent. Tables of a capability may be
 * empty, never missing: every capability is migrated before lineage (meta/index.ts SCHEMAS order).
 */
export interface LineageBackfill {
  /** What it backfills, for the error that names it (`runs`, `registry`, `endpoints`, …). */
  readonly source: string;
  run(tx: SqlDatabase): Promise<void>;
}

/** Every source, in order: runs first, as models and endpoints point at runs' artifacts. */
export const LINEAGE_BACKFILLS: LineageBackfill[] = [
  // Loaded only when there are runs: a new home's first command (`godwit runs list`) counts the files it loads.
  {
    source: 'runs',
    run: async (tx) => {
      if ((await tx.query('SELECT id FROM runs LIMIT 1')).length === 0) return;
      await (await import('./backfill/runs-backfill.js')).runsBackfill.run(tx);
    },
  },
  // After runs: the registry, endpoints and jobs point at runs' artifacts. Loaded only when one
  // of the catalogs holds a record.
  {
    source: 'the model registry, endpoints, SageMaker jobs and monitoring schedules',
    run: async (tx) => {
      const [any] = await tx.query(
        `SELECT 1 AS x FROM model_packages UNION ALL SELECT 1 FROM endpoints UNION ALL SELECT 1 FROM jobs
         UNION ALL SELECT 1 FROM monitoring_schedules
         UNION ALL SELECT 1 FROM event_outbox WHERE detail_type = 'SageMaker Endpoint State Change' LIMIT 1`,
      );
      if (any) await (await import('./backfill/catalogs-backfill.js')).catalogsBackfill.run(tx);
    },
  },
];

export async function backfillLineage(tx: SqlDatabase): Promise<void> {
  for (const backfill of LINEAGE_BACKFILLS) {
    try {
      await backfill.run(tx);
    } catch (err) {
      throw new Error(`backfilling lineage from ${backfill.source}: ${(err as Error).message}`, { cause: err });
    }
  }
}
