import { marks, slices } from '../db/in-list.js';
import type { SqlDatabase, SqlValue } from '../db/sql-database.js';
import type { LineageEntityInput, LineageWrite } from './lineage-records.js';

/** Rows per multi-row statement: 14 values each, well under SQLite's and PostgreSQL's placeholder limits. */
const ROWS = 200;

/**
 * Records entities and associations on `db` (a writer's transaction handle, so lineage commits
 * or rolls back with the records it describes). Idempotent (see `LineageWrite`): an entity that
 * exists keeps its creation time and takes the new status, description, properties (merged over
 * the old) and modification time; an existing association is left as it is. An entity given
 * twice is recorded as if written twice in order. Batched, as a run records a few dozen at a
 * time: one read of which exist, one upsert of the entities, one insert of the associations.
 *
 * Concurrent writers on PostgreSQL (two steps of one run finishing together, a registration
 * beside a step) touch the same rows, the model artifact they share, say. Rows are therefore
 * written in ARN order, so two transactions lock them in the same order and never deadlock, and
 * an entity is written by an upsert that merges its properties in SQL, so one that another
 * writer inserted after this one's read is merged into, not refused as a duplicate.
 */
export async function recordLineage(db: SqlDatabase, write: LineageWrite, now: Date): Promise<void> {
  if (write.entities.length > 0) {
    // One write per entity: a second of the same ARN is merged into the first, as an update of it.
    const merged = new Map<string, LineageEntityInput>();
    for (const e of write.entities) {
      const before = merged.get(e.arn);
      merged.set(
        e.arn,
        before
          ? {
              ...before,
              status: e.status ?? before.status,
              description: e.description ?? before.description,
              properties: { ...before.properties, ...e.properties },
              modifiedAt: e.modifiedAt ?? now,
            }
          : e,
      );
    }
    const arns = [...merged.keys()].sort();
    const existing = new Set<string>();
    for (const batch of slices(arns)) {
      const found = await db.query<{ arn: string }>(
        `SELECT arn FROM lineage_entities WHERE arn IN (${marks(batch.length)})`,
        batch,
      );
      for (const r of found) existing.add(r.arn);
    }
    const entities = arns.map((arn) => merged.get(arn) as LineageEntityInput);
    // An update's modification time is the writer's unless given; a new entity's defaults to its creation.
    const modified = (e: LineageEntityInput) => e.modifiedAt ?? (existing.has(e.arn) ? now : (e.createdAt ?? now));
    const merge = db.dialect.mergeJson('lineage_entities.properties', 'excluded.properties');
    for (const batch of slices(entities, ROWS)) {
      await db.run(
        `INSERT INTO lineage_entities (arn, kind, name, display_name, type, source_uri, digest, source_id, status, description,
           properties, created_by, created_at, modified_at) VALUES ${rows(batch.length, 14)}
         ON CONFLICT (arn) DO UPDATE SET status = COALESCE(excluded.status, lineage_entities.status),
           description = COALESCE(excluded.description, lineage_entities.description), properties = ${merge},
           modified_at = excluded.modified_at`,
        batch.flatMap((e): SqlValue[] => [
          e.arn,
          e.kind,
          e.name,
          e.displayName ?? null,
          e.type,
          e.sourceUri ?? null,
          e.digest ?? null,
          e.sourceId ?? null,
          e.status ?? null,
          e.description ?? null,
          e.properties && Object.keys(e.properties).length > 0 ? JSON.stringify(e.properties) : null,
          e.createdBy ?? 'godwit',
          (e.createdAt ?? now).toISOString(),
          modified(e).toISOString(),
        ]),
      );
    }
  }
  // The first of a pair given twice, as the second would find it there and be left out.
  const pairs = new Map<string, LineageWrite['associations'][number]>();
  for (const a of write.associations)
    if (!pairs.has(`${a.sourceArn}\n${a.destinationArn}`)) pairs.set(`${a.sourceArn}\n${a.destinationArn}`, a);
  const associations = [...pairs.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, a]) => a);
  for (const batch of slices(associations, ROWS)) {
    await db.run(
      `INSERT INTO lineage_associations (source_arn, destination_arn, type, created_at) VALUES ${rows(batch.length, 4)}
       ON CONFLICT (source_arn, destination_arn) DO NOTHING`,
      batch.flatMap((a) => [a.sourceArn, a.destinationArn, a.type, (a.createdAt ?? now).toISOString()]),
    );
  }
}

const rows = (n: number, width: number) => Array.from({ length: n }, () => `(${marks(width)})`).join(', ');
