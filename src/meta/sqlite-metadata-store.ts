import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { GodwitError } from '../core/errors.js';
import type {
  ArtifactRecord,
  AttemptRecord,
  EventRecord,
  MetadataStore,
  MetaWrite,
  MetricRecord,
  NewEvent,
  NewRun,
  RunRecord,
  StepRecord,
} from './metadata-store.js';
import { MIGRATIONS } from './migrations.js';

type Row = Record<string, unknown>;

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);
const opt = <T>(v: unknown) => (v === null ? undefined : (v as T));

/**
 * Opens (creating and migrating) the SQLite metadata database. WAL mode lets `godwit runs show`
 * read while a run writes; `synchronous=NORMAL` is durable across process crashes, which is what
 * resume needs.
 */
export function openSqliteMetadata(file: string): SqliteMetadataStore {
  mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
    return new SqliteMetadataStore(db);
  } catch (err) {
    db?.close();
    if (err instanceof GodwitError) throw err;
    throw corrupt(file, err);
  }
}

function corrupt(file: string, err: unknown): GodwitError {
  const detail = err instanceof Error ? err.message : String(err);
  return new GodwitError(
    'E_METADATA_CORRUPT',
    `The metadata database ${file} cannot be read (${detail}). Runs and artifacts on disk are untouched.`,
    {
      hint: `Move it aside (mv "${file}" "${file}.broken") to start a fresh history, or set GODWIT_HOME to another folder.`,
      cause: err,
    },
  );
}

function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new GodwitError(
      'E_METADATA_VERSION',
      `The metadata database ${file} has schema version ${version}, newer than this Godwit knows (${MIGRATIONS.length}).`,
      { hint: 'Upgrade Godwit, or set GODWIT_HOME to another folder.' },
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export class SqliteMetadataStore implements MetadataStore {
  readonly db: Database.Database;
  private readonly stmts: Map<string, Database.Statement> = new Map();

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** Statements are prepared once: per-step bookkeeping is on the executor's hot path. */
  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  async createRun(run: NewRun): Promise<void> {
    this.stmt(
      `INSERT INTO runs (id, pipeline, status, ir, parameters, pipeline_file, base_dir, run_dir, pid, host, started_at)
       VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      run.id,
      run.pipeline,
      JSON.stringify(run.ir),
      JSON.stringify(run.parameters),
      run.pipelineFile ?? null,
      run.baseDir,
      run.runDir,
      run.pid,
      run.host,
      iso(run.startedAt),
    );
  }

  async updateRun(id: string, patch: Partial<Pick<RunRecord, 'status' | 'endedAt' | 'error' | 'pid' | 'host' | 'resumes'>>) {
    const cols: string[] = [];
    const vals: unknown[] = [];
    const set = (col: string, v: unknown) => {
      cols.push(`${col} = ?`);
      vals.push(v);
    };
    if ('status' in patch) set('status', patch.status);
    if ('endedAt' in patch) set('ended_at', iso(patch.endedAt));
    if ('error' in patch) set('error', patch.error ?? null);
    if ('pid' in patch) set('pid', patch.pid);
    if ('host' in patch) set('host', patch.host);
    if ('resumes' in patch) set('resumes', patch.resumes);
    if (cols.length === 0) return;
    this.stmt(`UPDATE runs SET ${cols.join(', ')} WHERE id = ?`).run(...vals, id);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = this.stmt('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return row && toRun(row);
  }

  async listRuns(options: { limit?: number; pipeline?: string } = {}): Promise<RunRecord[]> {
    const rows = options.pipeline
      ? this.stmt('SELECT * FROM runs WHERE pipeline = ? ORDER BY started_at DESC, id DESC LIMIT ?').all(
          options.pipeline,
          options.limit ?? 50,
        )
      : this.stmt('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?').all(options.limit ?? 50);
    return (rows as Row[]).map(toRun);
  }

  async upsertStep(s: StepRecord): Promise<void> {
    this.putStep(s);
  }

  private putStep(s: StepRecord): void {
    this.stmt(
      `INSERT INTO steps (run_id, name, type, status, started_at, ended_at, attempts, cache_key, cached_from, reason, outcome)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, name) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
         ended_at = excluded.ended_at, attempts = excluded.attempts, cache_key = excluded.cache_key,
         cached_from = excluded.cached_from, reason = excluded.reason, outcome = excluded.outcome`,
    ).run(
      s.runId,
      s.name,
      s.type,
      s.status,
      iso(s.startedAt),
      iso(s.endedAt),
      s.attempts,
      s.cacheKey ?? null,
      s.cachedFrom ?? null,
      s.reason ?? null,
      s.outcome ?? null,
    );
  }

  async listSteps(runId: string): Promise<StepRecord[]> {
    return (this.stmt('SELECT * FROM steps WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]).map(toStep);
  }

  async findCachedStep(cacheKey: string, notBefore: Date | undefined): Promise<StepRecord | undefined> {
    const row = this.stmt(
      `SELECT * FROM steps WHERE cache_key = ? AND status = 'succeeded' AND ended_at >= ?
       ORDER BY ended_at DESC LIMIT 1`,
    ).get(cacheKey, iso(notBefore) ?? '') as Row | undefined;
    return row && toStep(row);
  }

  async upsertAttempt(a: AttemptRecord): Promise<void> {
    this.putAttempt(a);
  }

  private putAttempt(a: AttemptRecord): void {
    this.stmt(
      `INSERT INTO attempts (run_id, step, attempt, status, started_at, ended_at, exit_code, failure_kind, error, log_path)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, step, attempt) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at,
         exit_code = excluded.exit_code, failure_kind = excluded.failure_kind, error = excluded.error,
         log_path = excluded.log_path`,
    ).run(
      a.runId,
      a.step,
      a.attempt,
      a.status,
      iso(a.startedAt),
      iso(a.endedAt),
      a.exitCode ?? null,
      a.failureKind ?? null,
      a.error ?? null,
      a.logPath ?? null,
    );
  }

  async listAttempts(runId: string, step?: string): Promise<AttemptRecord[]> {
    const rows = step
      ? this.stmt('SELECT * FROM attempts WHERE run_id = ? AND step = ? ORDER BY attempt').all(runId, step)
      : this.stmt('SELECT * FROM attempts WHERE run_id = ? ORDER BY rowid').all(runId);
    return (rows as Row[]).map(toAttempt);
  }

  async putArtifact(a: ArtifactRecord): Promise<void> {
    this.stmt(
      `INSERT OR REPLACE INTO artifacts (run_id, step, name, type, uri, sha256, size, files, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(a.runId, a.step, a.name, a.type, a.uri, a.sha256, a.size, JSON.stringify(a.files), iso(a.createdAt));
  }

  async listArtifacts(runId: string, step?: string): Promise<ArtifactRecord[]> {
    const rows = step
      ? this.stmt('SELECT * FROM artifacts WHERE run_id = ? AND step = ? ORDER BY rowid').all(runId, step)
      : this.stmt('SELECT * FROM artifacts WHERE run_id = ? ORDER BY rowid').all(runId);
    return (rows as Row[]).map(toArtifact);
  }

  async putMetrics(runId: string, step: string, metrics: Readonly<Record<string, number>>): Promise<void> {
    const insert = this.stmt('INSERT OR REPLACE INTO metrics (run_id, step, name, value) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const [name, value] of Object.entries(metrics)) insert.run(runId, step, name, value);
    })();
  }

  async listMetrics(runId: string, step?: string): Promise<MetricRecord[]> {
    const rows = step
      ? this.stmt('SELECT * FROM metrics WHERE run_id = ? AND step = ? ORDER BY rowid').all(runId, step)
      : this.stmt('SELECT * FROM metrics WHERE run_id = ? ORDER BY rowid').all(runId);
    return (rows as Row[]).map((r) => ({
      runId: r.run_id as string,
      step: r.step as string,
      name: r.name as string,
      value: r.value as number,
    }));
  }

  async addEvent(e: NewEvent): Promise<void> {
    this.putEvent(e);
  }

  async write(batch: readonly MetaWrite[]): Promise<void> {
    this.db.transaction(() => {
      for (const w of batch) {
        if ('step' in w) this.putStep(w.step);
        else if ('attempt' in w) this.putAttempt(w.attempt);
        else this.putEvent(w.event);
      }
    })();
  }

  private putEvent(e: NewEvent): void {
    this.stmt('INSERT INTO events (run_id, step, at, type, message) VALUES (?, ?, ?, ?, ?)').run(
      e.runId,
      e.step ?? null,
      iso(e.at),
      e.type,
      e.message,
    );
  }

  async listEvents(runId: string): Promise<EventRecord[]> {
    return (this.stmt('SELECT * FROM events WHERE run_id = ? ORDER BY id').all(runId) as Row[]).map((r) => ({
      id: r.id as number,
      runId: r.run_id as string,
      step: opt<string>(r.step),
      at: new Date(r.at as string),
      type: r.type as string,
      message: r.message as string,
    }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function toRun(r: Row): RunRecord {
  return {
    id: r.id as string,
    pipeline: r.pipeline as string,
    status: r.status as RunRecord['status'],
    ir: JSON.parse(r.ir as string),
    parameters: JSON.parse(r.parameters as string),
    pipelineFile: opt<string>(r.pipeline_file),
    baseDir: r.base_dir as string,
    runDir: r.run_dir as string,
    pid: r.pid as number,
    host: r.host as string,
    startedAt: new Date(r.started_at as string),
    endedAt: date(r.ended_at),
    error: opt<string>(r.error),
    resumes: r.resumes as number,
  };
}

function toStep(r: Row): StepRecord {
  return {
    runId: r.run_id as string,
    name: r.name as string,
    type: r.type as StepRecord['type'],
    status: r.status as StepRecord['status'],
    startedAt: date(r.started_at),
    endedAt: date(r.ended_at),
    attempts: r.attempts as number,
    cacheKey: opt<string>(r.cache_key),
    cachedFrom: opt<string>(r.cached_from),
    reason: opt<string>(r.reason),
    outcome: opt<StepRecord['outcome']>(r.outcome),
  };
}

function toAttempt(r: Row): AttemptRecord {
  return {
    runId: r.run_id as string,
    step: r.step as string,
    attempt: r.attempt as number,
    status: r.status as AttemptRecord['status'],
    startedAt: new Date(r.started_at as string),
    endedAt: date(r.ended_at),
    exitCode: opt<number>(r.exit_code),
    failureKind: opt<string>(r.failure_kind),
    error: opt<string>(r.error),
    logPath: opt<string>(r.log_path),
  };
}

function toArtifact(r: Row): ArtifactRecord {
  return {
    runId: r.run_id as string,
    step: r.step as string,
    name: r.name as string,
    type: r.type as ArtifactRecord['type'],
    uri: r.uri as string,
    sha256: r.sha256 as string,
    size: r.size as number,
    files: JSON.parse(r.files as string),
    createdAt: new Date(r.created_at as string),
  };
}
