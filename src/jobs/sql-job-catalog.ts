import type { Clock } from '../core/clock.js';
import type { SqlDatabase, SqlValue } from '../db/sql-database.js';
import { recordJob } from '../lineage/job-lineage.js';
import { jobExists, jobNotFound } from './job-errors.js';
import type { JobCatalog, JobChanges, JobKind, JobQuery, JobRecord, NewJob } from './job-records.js';
import { changeSet, INSERT_JOB, jobValues, toJob } from './job-rows.js';

/** The jobs capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlJobCatalog implements JobCatalog {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async create(job: NewJob): Promise<JobRecord> {
    const now = this.clock.now();
    const record: JobRecord = {
      ...job,
      status: 'InProgress',
      transitions: [],
      createdAt: now,
      lastModifiedAt: now,
      result: {},
    };
    return this.db.transaction(async (tx) => {
      const { changes } = await tx.run(INSERT_JOB, jobValues(record));
      if (changes === 0) throw jobExists(job.kind, job.name);
      await recordJob(tx, record, now);
      return record;
    });
  }

  async get(kind: JobKind, name: string): Promise<JobRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM jobs WHERE kind = ? AND name = ?', [kind, name]);
    return row && toJob(row);
  }

  async list(kind: JobKind, query: JobQuery = {}): Promise<JobRecord[]> {
    const where = ['kind = ?'];
    const values: SqlValue[] = [kind];
    const add = (clause: string, value: SqlValue | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      values.push(value);
    };
    // instr, not LIKE: a name's `_` and `%` are letters here, and LIKE ignores case on SQLite only.
    add(this.db.dialect.name === 'postgres' ? 'strpos(name, ?) > 0' : 'instr(name, ?) > 0', query.nameContains);
    add('status = ?', query.statusEquals);
    add('created_at > ?', query.createdAfter?.toISOString());
    add('created_at < ?', query.createdBefore?.toISOString());
    add('last_modified_at > ?', query.modifiedAfter?.toISOString());
    add('last_modified_at < ?', query.modifiedBefore?.toISOString());
    const rows = await this.db.query(`SELECT * FROM jobs WHERE ${where.join(' AND ')} ORDER BY created_at DESC, name`, values);
    return rows.map(toJob);
  }

  async update(kind: JobKind, name: string, changes: JobChanges): Promise<JobRecord> {
    const { set, values } = changeSet(changes);
    const now = this.clock.now().toISOString();
    const sql = `UPDATE jobs SET ${set ? `${set}, ` : ''}last_modified_at = ? WHERE kind = ? AND name = ?`;
    return this.db.transaction(async (tx) => {
      const { changes: count } = await tx.run(sql, [...values, now, kind, name]);
      if (count === 0) throw jobNotFound(kind, name);
      const [row] = await tx.query('SELECT * FROM jobs WHERE kind = ? AND name = ?', [kind, name]);
      const job = toJob(row);
      await recordJob(tx, job, job.lastModifiedAt);
      return job;
    });
  }

  async unfinished(): Promise<JobRecord[]> {
    const rows = await this.db.query(
      "SELECT * FROM jobs WHERE status IN ('InProgress', 'Stopping') ORDER BY created_at, kind, name",
    );
    return rows.map(toJob);
  }
}
