import type { SqlDatabase, SqlRow } from '../db/sql-database.js';
import { lineageNames } from '../lineage/lineage-names.js';
import { recordLineage } from '../lineage/record-lineage.js';
import { toArtifact } from '../meta/meta-rows.js';
import type { ArtifactLocation, NewRunDeletion, RunDeletion } from '../meta/metadata-store.js';

/**
 * The runs capability's tombstones (`run_deletions`, runs migration 4), over the database seam.
 * `SqlMetadataStore` delegates to these, loading this module only when a deletion is read or
 * written, so `godwit runs list` never loads it. A tombstone is written once: a second deletion
 * of the same run keeps the first one's time, actor and reason.
 */

/**
 * Writes the tombstones and, in the same transaction, marks each run's lineage context (when it
 * has one) with `deleted`, `deletedAt` and `deletedBy`, so a lineage query says the run is gone.
 */
export async function deleteRuns(db: SqlDatabase, deletions: readonly NewRunDeletion[], now: Date): Promise<RunDeletion[]> {
  return db.transaction(async (tx) => {
    const written: RunDeletion[] = [];
    for (const d of deletions) {
      const { changes } = await tx.run(
        `INSERT INTO run_deletions (run_id, deleted_at, deleted_by, reason) VALUES (?, ?, ?, ?)
         ON CONFLICT (run_id) DO NOTHING`,
        [d.runId, d.deletedAt.toISOString(), d.deletedBy, d.reason ?? null],
      );
      const [row] = await tx.query('SELECT * FROM run_deletions WHERE run_id = ?', [d.runId]);
      written.push(toDeletion(row));
      if (changes > 0) await markRunContext(tx, d, now);
    }
    return written;
  });
}

async function markRunContext(tx: SqlDatabase, d: NewRunDeletion, now: Date): Promise<void> {
  const arn = lineageNames.run(d.runId);
  const [ctx] = await tx.query<{ kind: string; name: string; type: string }>(
    'SELECT kind, name, type FROM lineage_entities WHERE arn = ?',
    [arn],
  );
  if (!ctx) return;
  const properties = { deleted: 'true', deletedAt: d.deletedAt.toISOString(), deletedBy: d.deletedBy };
  await recordLineage(
    tx,
    { entities: [{ arn, kind: 'Context', name: ctx.name, type: ctx.type, properties }], associations: [] },
    now,
  );
}

export async function getRunDeletion(db: SqlDatabase, runId: string): Promise<RunDeletion | undefined> {
  const [row] = await db.query('SELECT * FROM run_deletions WHERE run_id = ?', [runId]);
  return row && toDeletion(row);
}

export async function listRunDeletions(db: SqlDatabase, options: { deletedBefore?: Date } = {}): Promise<RunDeletion[]> {
  const rows = options.deletedBefore
    ? await db.query('SELECT * FROM run_deletions WHERE deleted_at < ? ORDER BY deleted_at, run_id', [
        options.deletedBefore.toISOString(),
      ])
    : await db.query('SELECT * FROM run_deletions ORDER BY deleted_at, run_id');
  return rows.map(toDeletion);
}

export async function listArtifactLocations(db: SqlDatabase, of: 'live' | 'deleted'): Promise<ArtifactLocation[]> {
  const rows = await db.query(
    `SELECT a.run_id, a.step, a.name, a.type, a.uri, a.sha256, a.size, a.created_at FROM artifacts a
     WHERE ${of === 'live' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM run_deletions d WHERE d.run_id = a.run_id)
     ORDER BY a.run_id, a.step, a.name`,
  );
  return rows.map(toArtifact);
}

function toDeletion(r: SqlRow): RunDeletion {
  return {
    runId: r.run_id as string,
    deletedAt: new Date(r.deleted_at as string),
    deletedBy: r.deleted_by as string,
    reason: r.reason === null || r.reason === undefined ? undefined : (r.reason as string),
  };
}
