import type { Clock } from '../core/clock.js';
import { marks, slices } from '../db/in-list.js';
import type { SqlDatabase, SqlRow } from '../db/sql-database.js';
import type { LineageEntityInput } from '../lineage/lineage-records.js';
import { recordLineage } from '../lineage/record-lineage.js';
import type { GcEntry, GcItem, GcJournal, GcState } from './gc-records.js';

/** `godwit gc`'s journal over the database seam (gc-schema.ts); the same SQL on SQLite and PostgreSQL. */
export class SqlGcJournal implements GcJournal {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async begin(items: readonly GcItem[], by: string): Promise<GcEntry[]> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const ids: number[] = [];
      for (const item of items) {
        const [row] = await tx.query<{ id: number }>(
          `INSERT INTO gc_journal (uri, kind, reason, run_id, root, objects, bytes, state, started_at, removed_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'removing', ?, ?) RETURNING id`,
          [
            item.uri,
            item.kind,
            item.reason,
            item.runId ?? null,
            item.root,
            JSON.stringify({ objects: item.objects, sameAs: item.sameAs, kept: item.kept }),
            item.bytes,
            now.toISOString(),
            by,
          ],
        );
        ids.push(Number(row.id));
        await markLineage(tx, item, { gcState: 'removing', gcAt: now.toISOString() }, now);
      }
      return this.byIds(tx, ids);
    });
  }

  async finish(ids: readonly number[], state: Exclude<GcState, 'removing'>): Promise<void> {
    if (ids.length === 0) return;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      for (const entry of await this.byIds(tx, ids)) {
        await tx.run('UPDATE gc_journal SET state = ?, finished_at = ? WHERE id = ?', [state, now.toISOString(), entry.id]);
        await markLineage(tx, entry, { gcState: state, gcAt: now.toISOString() }, now);
      }
    });
  }

  async pending(): Promise<GcEntry[]> {
    return (await this.db.query("SELECT * FROM gc_journal WHERE state = 'removing' ORDER BY id")).map(toEntry);
  }

  async latest(uri: string): Promise<GcEntry | undefined> {
    const [row] = await this.db.query('SELECT * FROM gc_journal WHERE uri = ? ORDER BY id DESC LIMIT 1', [uri]);
    return row && toEntry(row);
  }

  private async byIds(db: SqlDatabase, ids: readonly number[]): Promise<GcEntry[]> {
    const entries: GcEntry[] = [];
    for (const part of slices(ids)) {
      const rows = await db.query(`SELECT * FROM gc_journal WHERE id IN (${marks(part.length)}) ORDER BY id`, part);
      entries.push(...rows.map(toEntry));
    }
    return entries;
  }
}

/**
 * Says on the artifact's lineage nodes (its prefix's and its objects') that gc is removing, or
 * has removed, their files: lineage keeps the node and its edges for audits, and a reader of
 * `godwit lineage` sees the data is gone rather than finding a URI with nothing behind it.
 */
async function markLineage(tx: SqlDatabase, item: GcItem, properties: Record<string, string>, now: Date): Promise<void> {
  if (item.kind !== 'artifact') return;
  // The prefix's own node only when all of it goes: a kept file inside keeps the prefix honest.
  const whole = item.kept === 0 ? [item.uri, item.uri.replace(/\/$/, '')] : [];
  const uris = [...whole, ...item.objects.map((o) => o.uri)];
  const entities: LineageEntityInput[] = [];
  for (const part of slices(uris)) {
    const rows = await tx.query<{ arn: string; name: string; type: string }>(
      `SELECT arn, name, type FROM lineage_entities WHERE kind = 'Artifact' AND source_uri IN (${marks(part.length)})`,
      part,
    );
    for (const r of rows) entities.push({ arn: r.arn, kind: 'Artifact', name: r.name, type: r.type, properties });
  }
  if (entities.length > 0) await recordLineage(tx, { entities, associations: [] }, now);
}

function toEntry(r: SqlRow): GcEntry {
  const { objects, sameAs, kept } = JSON.parse(r.objects as string) as Pick<GcEntry, 'objects' | 'sameAs' | 'kept'>;
  return {
    id: Number(r.id),
    uri: r.uri as string,
    kind: r.kind as GcEntry['kind'],
    reason: r.reason as GcEntry['reason'],
    runId: (r.run_id as string | null) ?? undefined,
    root: r.root as string,
    objects,
    bytes: Number(r.bytes),
    kept,
    sameAs,
    state: r.state as GcState,
    startedAt: new Date(r.started_at as string),
    finishedAt: r.finished_at ? new Date(r.finished_at as string) : undefined,
    removedBy: r.removed_by as string,
  };
}
