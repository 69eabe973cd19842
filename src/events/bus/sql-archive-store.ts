import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { SqlDatabase, SqlRow } from '../../db/sql-database.js';
import type { EventEnvelope } from '../event-envelope.js';
import { archiveArn, busName, notFound, pageOf, replayArn } from './eventbridge-arns.js';
import type {
  ArchiveDefinition,
  ArchivedEvent,
  ArchiveRecord,
  ArchiveState,
  Page,
  PageRequest,
  ReplayDefinition,
  ReplayProgress,
  ReplayRecord,
  ReplayState,
} from './eventbridge-records.js';
import { insertDeliveries } from './sql-inserts.js';

const DAY = 86_400_000;

/** Archives, the events they keep, and replays: the `EventBridgeCatalog` methods that keep them. */
export class SqlArchiveStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async createArchive(a: ArchiveDefinition): Promise<ArchiveRecord> {
    const { changes } = await this.db.run(
      `INSERT INTO eb_archives (name, bus, event_source_arn, description, event_pattern, retention_days, state, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'ENABLED', ?) ON CONFLICT (name) DO NOTHING`,
      [
        a.archiveName,
        busName(a.eventSourceArn),
        a.eventSourceArn,
        a.description ?? null,
        a.eventPattern ?? null,
        a.retentionDays ?? 0,
        this.clock.now().getTime(),
      ],
    );
    if (changes === 0) throw exists('Archive', a.archiveName);
    return this.describeArchive(a.archiveName);
  }

  async describeArchive(name: string): Promise<ArchiveRecord> {
    const [row] = await this.db.query(`${ARCHIVE_SELECT} WHERE a.name = ? GROUP BY ${ARCHIVE_COLUMNS}`, [name]);
    if (!row) throw archiveNotFound(name);
    return archiveRecord(row);
  }

  async updateArchive(
    name: string,
    changes: Partial<Pick<ArchiveDefinition, 'description' | 'eventPattern' | 'retentionDays'>>,
  ): Promise<ArchiveRecord> {
    const current = await this.describeArchive(name);
    await this.db.run('UPDATE eb_archives SET description = ?, event_pattern = ?, retention_days = ? WHERE name = ?', [
      changes.description ?? current.description ?? null,
      changes.eventPattern ?? current.eventPattern ?? null,
      changes.retentionDays ?? current.retentionDays ?? 0,
      name,
    ]);
    return this.describeArchive(name);
  }

  async deleteArchive(name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { changes } = await tx.run('DELETE FROM eb_archives WHERE name = ?', [name]);
      if (changes === 0) throw archiveNotFound(name);
      await tx.run('DELETE FROM eb_archived_events WHERE archive = ?', [name]);
    });
  }

  async listArchives(
    filter: { readonly namePrefix?: string; readonly eventSourceArn?: string },
    page?: PageRequest,
  ): Promise<Page<ArchiveRecord>> {
    const rows = await this.db.query(`${ARCHIVE_SELECT} GROUP BY ${ARCHIVE_COLUMNS} ORDER BY a.name`);
    const source = filter.eventSourceArn === undefined ? undefined : busName(filter.eventSourceArn);
    const all = rows
      .map(archiveRecord)
      .filter(
        (a) => (!filter.namePrefix || a.archiveName.startsWith(filter.namePrefix)) && (!source || a.eventBusName === source),
      );
    return pageOf(all, page);
  }

  async listArchivedEvents(
    archive: string,
    range: { readonly from: Date; readonly to: Date; readonly afterSeq?: number; readonly limit?: number },
  ): Promise<readonly ArchivedEvent[]> {
    const rows = await this.db.query<{ seq: number; event: string }>(
      'SELECT seq, event FROM eb_archived_events WHERE archive = ? AND at >= ? AND at < ? AND seq > ? ORDER BY seq LIMIT ?',
      [archive, range.from.getTime(), range.to.getTime(), range.afterSeq ?? 0, range.limit ?? 100],
    );
    return rows.map((r) => ({ seq: Number(r.seq), event: JSON.parse(r.event) as EventEnvelope }));
  }

  async expireArchivedEvents(now: Date): Promise<number> {
    const archives = await this.db.query<{ name: string; retention_days: number }>(
      'SELECT name, retention_days FROM eb_archives WHERE retention_days > 0',
    );
    let n = 0;
    for (const a of archives) {
      const cutoff = now.getTime() - Number(a.retention_days) * DAY;
      n += (await this.db.run('DELETE FROM eb_archived_events WHERE archive = ? AND archived_at < ?', [a.name, cutoff])).changes;
    }
    return n;
  }

  async startReplay(r: ReplayDefinition): Promise<ReplayRecord> {
    const definition = JSON.stringify({
      ...r,
      eventStartTime: r.eventStartTime.getTime(),
      eventEndTime: r.eventEndTime.getTime(),
    });
    const { changes } = await this.db.run(
      `INSERT INTO eb_replays (name, definition, state, created_at, after_seq) VALUES (?, ?, 'STARTING', ?, 0) ON CONFLICT (name) DO NOTHING`,
      [r.replayName, definition, this.clock.now().getTime()],
    );
    if (changes === 0) throw exists('Replay', r.replayName);
    return this.describeReplay(r.replayName);
  }

  async describeReplay(name: string): Promise<ReplayRecord> {
    const [row] = await this.db.query('SELECT * FROM eb_replays WHERE name = ?', [name]);
    if (!row) throw notFound('Replay', name, 'List the replays (ListReplays) for the names there are.');
    return replayRecord(row);
  }

  async listReplays(
    filter: { readonly namePrefix?: string; readonly state?: ReplayState; readonly eventSourceArn?: string },
    page?: PageRequest,
  ): Promise<Page<ReplayRecord>> {
    const rows = await this.db.query('SELECT * FROM eb_replays ORDER BY name');
    const all = rows
      .map(replayRecord)
      .filter(
        (r) =>
          (!filter.namePrefix || r.replayName.startsWith(filter.namePrefix)) &&
          (!filter.state || r.state === filter.state) &&
          (!filter.eventSourceArn || r.eventSourceArn === filter.eventSourceArn),
      );
    return pageOf(all, page);
  }

  async activeReplays(): Promise<readonly (ReplayRecord & { readonly afterSeq: number })[]> {
    const rows = await this.db.query(
      "SELECT * FROM eb_replays WHERE state IN ('STARTING', 'RUNNING', 'CANCELLING') ORDER BY created_at, name",
    );
    return rows.map((row) => ({ ...replayRecord(row), afterSeq: Number(row.after_seq) }));
  }

  async commitReplayed(name: string, progress: ReplayProgress): Promise<ReplayRecord> {
    const now = this.clock.now().getTime();
    await this.db.transaction(async (tx) => {
      await insertDeliveries(tx, progress.deliveries, now);
      const state = progress.state;
      await tx.run(
        `UPDATE eb_replays SET after_seq = ?, last_replayed = COALESCE(?, last_replayed), state = COALESCE(?, state),
           state_reason = COALESCE(?, state_reason), started_at = COALESCE(started_at, ?),
           ended_at = CASE WHEN ? IN ('COMPLETED', 'CANCELLED', 'FAILED') THEN ? ELSE ended_at END
         WHERE name = ?`,
        [
          progress.afterSeq,
          progress.lastReplayed?.getTime() ?? null,
          state ?? null,
          progress.stateReason ?? null,
          now,
          state ?? '',
          now,
          name,
        ],
      );
    });
    return this.describeReplay(name);
  }

  async cancelReplay(name: string): Promise<ReplayRecord> {
    const current = await this.describeReplay(name);
    const { changes } = await this.db.run(
      "UPDATE eb_replays SET state = 'CANCELLING' WHERE name = ? AND state IN ('STARTING', 'RUNNING')",
      [name],
    );
    if (changes === 0)
      throw new GodwitError('E_EVENTBRIDGE_STATE', `Replay ${name} is ${current.state} and cannot be cancelled.`, {
        hint: 'Only a STARTING or RUNNING replay can be cancelled.',
      });
    return this.describeReplay(name);
  }
}

const ARCHIVE_COLUMNS =
  'a.name, a.bus, a.event_source_arn, a.description, a.event_pattern, a.retention_days, a.state, a.created_at';
const ARCHIVE_SELECT = `SELECT ${ARCHIVE_COLUMNS}, COUNT(e.seq) AS event_count, COALESCE(SUM(LENGTH(e.event)), 0) AS size_bytes
  FROM eb_archives a LEFT JOIN eb_archived_events e ON e.archive = a.name`;

const exists = (what: string, name: string) =>
  new GodwitError('E_EVENTBRIDGE_EXISTS', `${what} ${name} already exists.`, {
    hint: 'Choose another name, or delete the existing one first.',
  });
const archiveNotFound = (name: string) => notFound('Archive', name, 'List the archives (ListArchives) for the names there are.');

function archiveRecord(row: SqlRow): ArchiveRecord {
  const name = row.name as string;
  return {
    archiveName: name,
    archiveArn: archiveArn(name),
    eventSourceArn: row.event_source_arn as string,
    eventBusName: row.bus as string,
    ...(row.description == null ? {} : { description: row.description as string }),
    ...(row.event_pattern == null ? {} : { eventPattern: row.event_pattern as string }),
    retentionDays: Number(row.retention_days ?? 0),
    state: row.state as ArchiveState,
    creationTime: new Date(Number(row.created_at)),
    eventCount: Number(row.event_count),
    sizeBytes: Number(row.size_bytes),
  };
}

function replayRecord(row: SqlRow): ReplayRecord {
  const d = JSON.parse(row.definition as string) as ReplayDefinition & { eventStartTime: number; eventEndTime: number };
  const time = (column: string) => (row[column] == null ? undefined : new Date(Number(row[column])));
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    replayName: row.name as string,
    replayArn: replayArn(row.name as string),
    ...optional('description', d.description),
    eventSourceArn: d.eventSourceArn,
    eventStartTime: new Date(d.eventStartTime),
    eventEndTime: new Date(d.eventEndTime),
    destination: d.destination,
    state: row.state as ReplayState,
    ...optional('stateReason', row.state_reason == null ? undefined : (row.state_reason as string)),
    ...optional('replayStartTime', time('started_at')),
    ...optional('replayEndTime', time('ended_at')),
    ...optional('eventLastReplayedTime', time('last_replayed')),
  };
}
