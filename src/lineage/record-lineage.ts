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
 * time: one read of which exist, one insert of the new ones, an update per existing one, one
 * insert of the associations.
 */
export async function recordLineage(db: SqlDatabase, write: LineageWrite, now: Date): Promise<void> {
  if (write.entities.length > 0) {
    const given = [...new Set(write.entities.map((e) => e.arn))];
    const old = new Map<string, string | null>();
    for (const batch of slices(given)) {
      const rows = await db.query<{ arn: string; properties: string | null }>(
        `SELECT arn, properties FROM lineage_entities WHERE arn IN (${marks(batch.length)})`,
        batch,
      );
      for (const r of rows) old.set(r.arn, r.properties);
    }
    const inserts = new Map<string, LineageEntityInput>();
    const updates = new Map<string, { entity: LineageEntityInput; properties: Record<string, string> }>();
    for (const e of write.entities) {
      const before = inserts.get(e.arn);
      if (before) {
        // Given again in the same write: the second is an update of the first, before either is stored.
        inserts.set(e.arn, { ...before, ...changes(e, before, now), properties: { ...before.properties, ...e.properties } });
      } else if (old.has(e.arn) || updates.has(e.arn)) {
        const prior = updates.get(e.arn);
        const base = prior ? prior.properties : parse(old.get(e.arn) ?? null);
        updates.set(e.arn, {
          entity: { ...prior?.entity, ...e, ...changes(e, prior?.entity) },
          properties: { ...base, ...e.properties },
        });
      } else inserts.set(e.arn, e);
    }
    await insertEntities(db, [...inserts.values()], now);
    for (const { entity, properties } of updates.values()) await updateEntity(db, entity, properties, now);
  }
  // The first of a pair given twice, as the second would find it there and be left out.
  const pairs = new Map<string, LineageWrite['associations'][number]>();
  for (const a of write.associations)
    if (!pairs.has(`${a.sourceArn}\n${a.destinationArn}`)) pairs.set(`${a.sourceArn}\n${a.destinationArn}`, a);
  const associations = [...pairs.values()];
  for (const batch of slices(associations, ROWS)) {
    await db.run(
      `INSERT INTO lineage_associations (source_arn, destination_arn, type, created_at) VALUES ${rows(batch.length, 4)}
       ON CONFLICT (source_arn, destination_arn) DO NOTHING`,
      batch.flatMap((a) => [a.sourceArn, a.destinationArn, a.type, (a.createdAt ?? now).toISOString()]),
    );
  }
}

/** What a later write of an entity changes (status and description only when given, as the update keeps old ones). */
function changes(e: LineageEntityInput, prior: LineageEntityInput | undefined, now?: Date): Partial<LineageEntityInput> {
  return {
    status: e.status ?? prior?.status,
    description: e.description ?? prior?.description,
    modifiedAt: e.modifiedAt ?? now,
  };
}

async function insertEntities(db: SqlDatabase, entities: readonly LineageEntityInput[], now: Date): Promise<void> {
  for (const batch of slices(entities, ROWS)) {
    await db.run(
      `INSERT INTO lineage_entities (arn, kind, name, display_name, type, source_uri, digest, source_id, status, description,
         properties, created_by, created_at, modified_at) VALUES ${rows(batch.length, 14)}`,
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
        (e.modifiedAt ?? e.createdAt ?? now).toISOString(),
      ]),
    );
  }
}

async function updateEntity(
  db: SqlDatabase,
  e: LineageEntityInput,
  properties: Record<string, string>,
  now: Date,
): Promise<void> {
  await db.run(
    `UPDATE lineage_entities SET status = COALESCE(?, status), description = COALESCE(?, description), properties = ?,
       modified_at = ? WHERE arn = ?`,
    [
      e.status ?? null,
      e.description ?? null,
      Object.keys(properties).length > 0 ? JSON.stringify(properties) : null,
      (e.modifiedAt ?? now).toISOString(),
      e.arn,
    ],
  );
}

const parse = (properties: string | null): Record<string, string> =>
  properties ? (JSON.parse(properties) as Record<string, string>) : {};

const rows = (n: number, width: number) => Array.from({ length: n }, () => `(${marks(width)})`).join(', ');
