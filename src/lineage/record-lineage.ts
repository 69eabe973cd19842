import type { SqlDatabase } from '../db/sql-database.js';
import type { LineageEntityInput, LineageWrite } from './lineage-records.js';

/**
 * Records entities and associations on `db` (a writer's transaction handle, so lineage commits
 * or rolls back with the records it describes). Idempotent (see `LineageWrite`): an entity that
 * exists keeps its creation time and takes the new status, description, properties (merged over
 * the old) and modification time; an existing association is left as it is.
 */
export async function recordLineage(db: SqlDatabase, write: LineageWrite, now: Date): Promise<void> {
  for (const e of write.entities) {
    const old = await db.query<{ properties: string | null }>('SELECT properties FROM lineage_entities WHERE arn = ?', [e.arn]);
    if (old.length === 0) await insertEntity(db, e, now);
    else await updateEntity(db, e, old[0].properties, now);
  }
  for (const a of write.associations) {
    await db.run(
      `INSERT INTO lineage_associations (source_arn, destination_arn, type, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source_arn, destination_arn) DO NOTHING`,
      [a.sourceArn, a.destinationArn, a.type, (a.createdAt ?? now).toISOString()],
    );
  }
}

async function insertEntity(db: SqlDatabase, e: LineageEntityInput, now: Date): Promise<void> {
  const created = (e.createdAt ?? now).toISOString();
  await db.run(
    `INSERT INTO lineage_entities (arn, kind, name, display_name, type, source_uri, digest, source_id, status, description,
       properties, created_by, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
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
      created,
      (e.modifiedAt ?? e.createdAt ?? now).toISOString(),
    ],
  );
}

async function updateEntity(db: SqlDatabase, e: LineageEntityInput, oldProperties: string | null, now: Date): Promise<void> {
  const properties = { ...(oldProperties ? (JSON.parse(oldProperties) as Record<string, string>) : {}), ...e.properties };
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
