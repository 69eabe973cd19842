import type { Clock } from '../core/clock.js';
import { lockKey } from '../db/dialect.js';
import type { SqlDatabase, SqlRow } from '../db/sql-database.js';
import { experimentExists, experimentNotFound, overlapping, wrongState } from './experiment-errors.js';
import {
  type ExperimentCatalog,
  type ExperimentChange,
  type ExperimentRecord,
  type ExperimentStatus,
  FINISHED,
  type NewExperimentRecord,
} from './experiment-records.js';

/** Statuses in which the endpoint is being changed or mirrors: the record must stay. */
const BUSY: readonly ExperimentStatus[] = ['Starting', 'Running', 'Updating', 'Stopping'];
const TIMES = ['startTime', 'endTime', 'runningSince', 'stoppedAt', 'completionTime', 'createdAt', 'lastModifiedAt'] as const;

/** The experiments capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlExperimentCatalog implements ExperimentCatalog {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async create(input: NewExperimentRecord): Promise<ExperimentRecord> {
    const now = this.clock.now();
    const record: ExperimentRecord = { ...input, status: 'Created', createdAt: now, lastModifiedAt: now };
    return this.db.transaction(async (tx) => {
      await this.lockEndpoint(tx, record.endpointName);
      await checkOverlap(tx, record);
      const { changes } = await tx.run(
        `INSERT INTO inference_experiments (name, endpoint_name, status, start_time, end_time, record, created_at, last_modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
        [record.name, record.endpointName, record.status, ...columns(record)],
      );
      if (changes === 0) throw experimentExists(record.name);
      return record;
    });
  }

  async get(name: string): Promise<ExperimentRecord | undefined> {
    const [row] = await this.db.query('SELECT record FROM inference_experiments WHERE name = ?', [name]);
    return row && toRecord(row);
  }

  async list(): Promise<ExperimentRecord[]> {
    return (await this.db.query('SELECT record FROM inference_experiments ORDER BY created_at, name')).map(toRecord);
  }

  async unfinished(): Promise<ExperimentRecord[]> {
    const rows = await this.db.query(
      `SELECT record FROM inference_experiments WHERE status NOT IN ('Completed', 'Cancelled') ORDER BY start_time, name`,
    );
    return rows.map(toRecord);
  }

  async change(name: string, from: readonly ExperimentStatus[], change: ExperimentChange): Promise<ExperimentRecord> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT endpoint_name FROM inference_experiments WHERE name = ?', [name]);
      if (!row) throw experimentNotFound(name);
      await this.lockEndpoint(tx, row.endpoint_name as string);
      const current = toRecord((await tx.query('SELECT record FROM inference_experiments WHERE name = ?', [name]))[0]);
      if (!from.includes(current.status)) throw wrongState(current, 'change', from);
      const next: ExperimentRecord = { ...current, ...change, lastModifiedAt: this.clock.now() };
      if (change.startTime || change.endTime) await checkOverlap(tx, next);
      await tx.run(
        `UPDATE inference_experiments SET status = ?, start_time = ?, end_time = ?, record = ?, created_at = ?, last_modified_at = ?
         WHERE name = ?`,
        [next.status, ...columns(next), name],
      );
      return next;
    });
  }

  async delete(name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT record FROM inference_experiments WHERE name = ?', [name]);
      if (!row) throw experimentNotFound(name);
      const current = toRecord(row);
      if (BUSY.includes(current.status)) throw wrongState(current, 'delete', ['Created', 'Completed', 'Cancelled']);
      await tx.run('DELETE FROM inference_experiments WHERE name = ?', [name]);
    });
  }

  /** One writer per endpoint at a time (PostgreSQL; SQLite's write lock already is one). */
  private async lockEndpoint(tx: SqlDatabase, endpoint: string): Promise<void> {
    const lock = tx.dialect.lock(lockKey(`experiments:${endpoint}`));
    if (lock) await tx.query(lock);
  }
}

/** Another unfinished experiment on the same endpoint whose [start, end) meets this one's. */
async function checkOverlap(tx: SqlDatabase, record: ExperimentRecord): Promise<void> {
  const rows = await tx.query(
    `SELECT record FROM inference_experiments
     WHERE endpoint_name = ? AND name <> ? AND status NOT IN ('Completed', 'Cancelled')`,
    [record.endpointName, record.name],
  );
  for (const other of rows.map(toRecord)) {
    if (FINISHED.has(other.status)) continue;
    if (other.startTime < record.endTime && record.startTime < other.endTime) throw overlapping(record.endpointName, other);
  }
}

function columns(r: ExperimentRecord): string[] {
  return [
    r.startTime.toISOString(),
    r.endTime.toISOString(),
    JSON.stringify(r),
    r.createdAt.toISOString(),
    r.lastModifiedAt.toISOString(),
  ];
}

function toRecord(row: SqlRow): ExperimentRecord {
  const raw = JSON.parse(row.record as string) as Record<string, unknown>;
  for (const key of TIMES) if (typeof raw[key] === 'string') raw[key] = new Date(raw[key] as string);
  return raw as unknown as ExperimentRecord;
}
