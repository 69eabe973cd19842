import { type Clock, systemClock } from '../core/clock.js';
import type { SqlDatabase, SqlRow, SqlValue } from '../db/sql-database.js';
import { publishEvent } from '../events/event-outbox.js';
import { executionStatusChange, stepStatusChange } from '../events/sagemaker-events.js';
import type { LineageWrite } from '../lineage/lineage-records.js';
import { iso, SUMMARY_COLUMNS, toArtifact, toAttempt, toEvent, toMetric, toRun, toRunSummary, toStep } from './meta-rows.js';
import type {
  ArtifactRecord,
  ArtifactRelocation,
  AttemptRecord,
  EventRecord,
  MetadataStore,
  MetaWrite,
  MetricRecord,
  NewEvent,
  NewRun,
  RunRecord,
  RunStatus,
  StepRecord,
  StoredRunSummary,
} from './metadata-store.js';

type RunPatch = Partial<Pick<RunRecord, 'status' | 'endedAt' | 'error' | 'pid' | 'host' | 'resumes'>>;

type LineageModules = [typeof import('../lineage/runs-lineage.js'), typeof import('../lineage/record-lineage.js')];
let lineageModules: Promise<LineageModules> | undefined;
/**
 * The lineage writer, loaded on the first write: `godwit runs list` and `runs show` open this
 * store and never write, and their start-up counts the files they load (test/cli/start-up.test.ts).
 */
const lineage = () =>
  (lineageModules ??= Promise.all([import('../lineage/runs-lineage.js'), import('../lineage/record-lineage.js')]));

/** Lineage a transaction's records add, recorded in one go at its end (recordLineage batches). */
type PendingLineage = LineageWrite[];

const PUT_STEP = `INSERT INTO steps (run_id, name, type, status, started_at, ended_at, attempts, cache_key, cached_from, reason, outcome)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, name) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
    ended_at = excluded.ended_at, attempts = excluded.attempts, cache_key = excluded.cache_key,
    cached_from = excluded.cached_from, reason = excluded.reason, outcome = excluded.outcome`;

const PUT_ATTEMPT = `INSERT INTO attempts (run_id, step, attempt, status, started_at, ended_at, exit_code, failure_kind, error, log_path)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, step, attempt) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at,
    exit_code = excluded.exit_code, failure_kind = excluded.failure_kind, error = excluded.error, log_path = excluded.log_path`;

const PUT_ARTIFACT = `INSERT INTO artifacts (run_id, step, name, type, uri, sha256, size, files, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, step, name) DO UPDATE SET type = excluded.type, uri = excluded.uri, sha256 = excluded.sha256,
    size = excluded.size, files = excluded.files, created_at = excluded.created_at`;

const PUT_METRIC = `INSERT INTO metrics (run_id, step, name, value) VALUES (?, ?, ?, ?)
  ON CONFLICT (run_id, step, name) DO UPDATE SET value = excluded.value`;

/** The runs capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlMetadataStore implements MetadataStore {
  /** Pipeline name of recent runs, for the ARNs of step events. */
  private readonly pipelines = new Map<string, string>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  async createRun(run: NewRun): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO runs (id, pipeline, status, ir, parameters, pipeline_file, base_dir, run_dir, pid, host, started_at, started_by)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
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
          run.startedBy ?? null,
        ],
      );
      const change = { runId: run.id, pipeline: run.pipeline, to: 'running', startedAt: run.startedAt, at: run.startedAt };
      await publishEvent(tx, executionStatusChange(change));
      const [map, { recordLineage }] = await lineage();
      await recordLineage(tx, map.runLineage({ ...run, status: 'running' }), this.clock.now());
    });
    this.remember(run.id, run.pipeline);
  }

  async updateRun(id: string, patch: RunPatch): Promise<void> {
    const cols: string[] = [];
    const vals: SqlValue[] = [];
    const set = (col: string, v: SqlValue) => {
      cols.push(`${col} = ?`);
      vals.push(v);
    };
    if ('status' in patch) set('status', patch.status ?? null);
    if ('endedAt' in patch) set('ended_at', iso(patch.endedAt));
    if ('error' in patch) set('error', patch.error ?? null);
    if ('pid' in patch) set('pid', patch.pid ?? null);
    if ('host' in patch) set('host', patch.host ?? null);
    if ('resumes' in patch) set('resumes', patch.resumes ?? null);
    if (cols.length === 0) return;
    await this.db.transaction(async (tx) => {
      const [before] = await tx.query('SELECT pipeline, status, started_at, started_by FROM runs WHERE id = ?', [id]);
      await tx.run(`UPDATE runs SET ${cols.join(', ')} WHERE id = ?`, [...vals, id]);
      if (!before || patch.status === undefined || patch.status === before.status) return;
      const at = patch.endedAt ?? this.clock.now();
      const [map, { recordLineage }] = await lineage();
      const run = {
        id,
        pipeline: before.pipeline as string,
        status: patch.status,
        startedBy: (before.started_by as string | null) ?? undefined,
        startedAt: new Date(before.started_at as string),
      };
      await recordLineage(tx, { entities: [map.runContext(run, at)], associations: [] }, this.clock.now());
      await publishEvent(
        tx,
        executionStatusChange({
          runId: id,
          pipeline: before.pipeline as string,
          from: before.status as string,
          to: patch.status,
          startedAt: new Date(before.started_at as string),
          endedAt: patch.endedAt,
          at,
        }),
      );
    });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM runs WHERE id = ?', [id]);
    return row && toRun(row);
  }

  async listRuns(options: { limit?: number; pipeline?: string; status?: RunStatus } = {}): Promise<StoredRunSummary[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (options.pipeline) {
      where.push('pipeline = ?');
      params.push(options.pipeline);
    }
    if (options.status) {
      where.push('status = ?');
      params.push(options.status);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')} ` : '';
    const rows = await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM runs ${filter}ORDER BY started_at DESC, id DESC LIMIT ?`, [
      ...params,
      options.limit ?? 50,
    ]);
    return rows.map(toRunSummary);
  }

  async upsertStep(s: StepRecord): Promise<void> {
    await this.write([{ step: s }]);
  }

  /** Writes the step and, when its status changed, the event that says so: one transaction. */
  private async putStep(tx: SqlDatabase, s: StepRecord, pending: PendingLineage): Promise<void> {
    const [before] = await tx.query('SELECT status FROM steps WHERE run_id = ? AND name = ?', [s.runId, s.name]);
    await tx.run(PUT_STEP, [
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
    ]);
    const [map] = await lineage();
    if (map.hasAction(s)) pending.push(map.stepLineage(s));
    const from = before?.status as string | undefined;
    if (from === s.status) return;
    const pipeline = await this.pipelineOf(tx, s.runId);
    if (pipeline === undefined) return;
    const event = stepStatusChange({
      runId: s.runId,
      pipeline,
      step: s.name,
      kind: s.type,
      from,
      to: s.status,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      at: s.endedAt ?? s.startedAt ?? this.clock.now(),
      reason: s.reason,
      cachedFrom: s.cachedFrom,
    });
    if (event) await publishEvent(tx, event);
  }

  private async pipelineOf(tx: SqlDatabase, runId: string): Promise<string | undefined> {
    const known = this.pipelines.get(runId);
    if (known !== undefined) return known;
    const [row] = await tx.query('SELECT pipeline FROM runs WHERE id = ?', [runId]);
    return row ? this.remember(runId, row.pipeline as string) : undefined;
  }

  private remember(runId: string, pipeline: string): string {
    if (this.pipelines.size > 256) this.pipelines.clear();
    this.pipelines.set(runId, pipeline);
    return pipeline;
  }

  async listSteps(runId: string): Promise<StepRecord[]> {
    const rows = await this.db.query(
      `SELECT * FROM steps WHERE run_id = ?
       ORDER BY CASE WHEN started_at IS NULL THEN 1 ELSE 0 END, started_at, name`,
      [runId],
    );
    return rows.map(toStep);
  }

  async findCachedStep(cacheKey: string, notBefore: Date | undefined): Promise<StepRecord | undefined> {
    const [row] = await this.db.query(
      `SELECT * FROM steps WHERE cache_key = ? AND status = 'succeeded' AND ended_at >= ?
       ORDER BY ended_at DESC LIMIT 1`,
      [cacheKey, iso(notBefore) ?? ''],
    );
    return row && toStep(row);
  }

  async upsertAttempt(a: AttemptRecord): Promise<void> {
    await this.putAttempt(this.db, a);
  }

  private async putAttempt(db: SqlDatabase, a: AttemptRecord): Promise<void> {
    await db.run(PUT_ATTEMPT, [
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
    ]);
  }

  async listAttempts(runId: string, step?: string): Promise<AttemptRecord[]> {
    const rows = step
      ? await this.db.query('SELECT * FROM attempts WHERE run_id = ? AND step = ? ORDER BY attempt', [runId, step])
      : await this.db.query('SELECT * FROM attempts WHERE run_id = ? ORDER BY started_at, step, attempt', [runId]);
    return rows.map(toAttempt);
  }

  async putArtifact(a: ArtifactRecord): Promise<void> {
    await this.write([{ artifact: a }]);
  }

  /** The artifact and its lineage: its node, produced by its step's action. */
  private async putArtifactRow(tx: SqlDatabase, a: ArtifactRecord, pending: PendingLineage): Promise<void> {
    await tx.run(PUT_ARTIFACT, [
      a.runId,
      a.step,
      a.name,
      a.type,
      a.uri,
      a.sha256,
      a.size,
      JSON.stringify(a.files),
      iso(a.createdAt),
    ]);
    const [map] = await lineage();
    pending.push(map.outputLineage(a));
  }

  async listArtifacts(runId: string, step?: string): Promise<ArtifactRecord[]> {
    const order = 'ORDER BY created_at, step, name';
    const rows = step
      ? await this.db.query(`SELECT * FROM artifacts WHERE run_id = ? AND step = ? ${order}`, [runId, step])
      : await this.db.query(`SELECT * FROM artifacts WHERE run_id = ? ${order}`, [runId]);
    return rows.map(toArtifact);
  }

  async relocateArtifacts(runId: string, moves: readonly ArtifactRelocation[], lineage: LineageWrite): Promise<void> {
    // Loaded here: `godwit runs list` opens this store and never moves a run.
    const { recordLineage } = await import('../lineage/record-lineage.js');
    await this.db.transaction(async (tx) => {
      for (const m of moves) {
        await tx.run('UPDATE artifacts SET uri = ? WHERE run_id = ? AND step = ? AND name = ?', [m.uri, runId, m.step, m.name]);
      }
      await recordLineage(tx, lineage, this.clock.now());
    });
  }

  async putMetrics(runId: string, step: string, metrics: Readonly<Record<string, number>>): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const [name, value] of Object.entries(metrics)) await tx.run(PUT_METRIC, [runId, step, name, value]);
    });
  }

  async listMetrics(runId: string, step?: string): Promise<MetricRecord[]> {
    const rows = step
      ? await this.db.query('SELECT * FROM metrics WHERE run_id = ? AND step = ? ORDER BY step, name', [runId, step])
      : await this.db.query('SELECT * FROM metrics WHERE run_id = ? ORDER BY step, name', [runId]);
    return rows.map(toMetric);
  }

  async addEvent(e: NewEvent): Promise<void> {
    await this.putEvent(this.db, e);
  }

  async write(batch: readonly MetaWrite[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const pending: PendingLineage = [];
      for (const w of batch) {
        if ('step' in w) await this.putStep(tx, w.step, pending);
        else if ('attempt' in w) await this.putAttempt(tx, w.attempt);
        else if ('artifact' in w) await this.putArtifactRow(tx, w.artifact, pending);
        else if ('event' in w) await this.putEvent(tx, w.event);
        else pending.push(w.lineage);
      }
      if (pending.length === 0) return;
      const [map, { recordLineage }] = await lineage();
      await recordLineage(tx, map.concatLineage(...pending), this.clock.now());
    });
  }

  private async putEvent(db: SqlDatabase, e: NewEvent): Promise<void> {
    await db.run('INSERT INTO events (run_id, step, at, type, message) VALUES (?, ?, ?, ?, ?)', [
      e.runId,
      e.step ?? null,
      iso(e.at),
      e.type,
      e.message,
    ]);
  }

  async listEvents(runId: string): Promise<EventRecord[]> {
    const rows: SqlRow[] = await this.db.query('SELECT * FROM events WHERE run_id = ? ORDER BY id', [runId]);
    return rows.map(toEvent);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
