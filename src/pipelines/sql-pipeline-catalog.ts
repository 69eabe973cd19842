import type { Clock } from '../core/clock.js';
import type { SqlDatabase } from '../db/sql-database.js';
import type { NewEvent } from '../events/event-envelope.js';
import { executionNotFound, pipelineExists, pipelineNotFound } from './pipeline-errors.js';
import type {
  CallbackOutcome,
  CallbackRecord,
  NewExecution,
  NewPipeline,
  PipelineCatalog,
  PipelineChanges,
  PipelineExecutionRecord,
  PipelineRecord,
} from './pipeline-records.js';
import { toExecution, toPipeline } from './pipeline-rows.js';
import { SqlCallbackStore } from './sql-callback-store.js';

/** The current version's definition travels with the pipeline row. */
const PIPELINE_SELECT = `SELECT p.*, v.definition FROM sm_pipelines p
  JOIN sm_pipeline_versions v ON v.pipeline = p.name AND v.version = p.version`;

/** The pipelines capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlPipelineCatalog implements PipelineCatalog {
  private readonly callbacks: SqlCallbackStore;

  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {
    this.callbacks = new SqlCallbackStore(db, clock);
  }

  openCallback(runId: string, step: string, announce?: (token: CallbackRecord) => NewEvent) {
    return this.callbacks.openCallback(runId, step, announce);
  }

  getCallback(token: string) {
    return this.callbacks.getCallback(token);
  }

  callbackOf(runId: string, step: string) {
    return this.callbacks.callbackOf(runId, step);
  }

  settleCallback(token: string, outcome: CallbackOutcome) {
    return this.callbacks.settleCallback(token, outcome);
  }

  settledHere(token: string, signal: AbortSignal) {
    return this.callbacks.settledHere(token, signal);
  }

  async createPipeline(p: NewPipeline): Promise<PipelineRecord> {
    const now = this.clock.now();
    const record: PipelineRecord = { ...p, version: 1, createdAt: now, lastModifiedAt: now };
    return this.db.transaction(async (tx) => {
      const { changes } = await tx.run(
        `INSERT INTO sm_pipelines (name, display_name, description, role_arn, max_parallel_steps, tags, version, created_at, last_modified_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (name) DO NOTHING`,
        [
          p.name,
          p.displayName,
          p.description ?? null,
          p.roleArn,
          p.maxParallelSteps ?? null,
          JSON.stringify(p.tags),
          iso(now),
          iso(now),
        ],
      );
      if (changes === 0) throw pipelineExists(p.name);
      // A pipeline deleted and created again starts its versions afresh.
      await tx.run('DELETE FROM sm_pipeline_versions WHERE pipeline = ?', [p.name]);
      await tx.run('INSERT INTO sm_pipeline_versions (pipeline, version, definition, created_at) VALUES (?, 1, ?, ?)', [
        p.name,
        p.definition,
        iso(now),
      ]);
      return record;
    });
  }

  async getPipeline(name: string): Promise<PipelineRecord | undefined> {
    const [row] = await this.db.query(`${PIPELINE_SELECT} WHERE p.name = ?`, [name]);
    return row && toPipeline(row);
  }

  async listPipelines(): Promise<PipelineRecord[]> {
    return (await this.db.query(`${PIPELINE_SELECT} ORDER BY p.created_at, p.name`)).map(toPipeline);
  }

  async updatePipeline(name: string, changes: PipelineChanges): Promise<PipelineRecord> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`${PIPELINE_SELECT} WHERE p.name = ?`, [name]);
      if (!row) throw pipelineNotFound(name);
      const was = toPipeline(row);
      // A field left out of the update (undefined) keeps its value.
      const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      const next: PipelineRecord = { ...was, ...given };
      const version = changes.definition !== undefined && changes.definition !== was.definition ? was.version + 1 : was.version;
      if (version !== was.version) {
        await tx.run('INSERT INTO sm_pipeline_versions (pipeline, version, definition, created_at) VALUES (?, ?, ?, ?)', [
          name,
          version,
          next.definition,
          iso(now),
        ]);
      }
      await tx.run(
        `UPDATE sm_pipelines SET display_name = ?, description = ?, role_arn = ?, max_parallel_steps = ?, version = ?,
         last_modified_at = ? WHERE name = ?`,
        [next.displayName, next.description ?? null, next.roleArn, next.maxParallelSteps ?? null, version, iso(now), name],
      );
    });
    return (await this.getPipeline(name)) as PipelineRecord;
  }

  async deletePipeline(name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { changes } = await tx.run('DELETE FROM sm_pipelines WHERE name = ?', [name]);
      if (changes === 0) throw pipelineNotFound(name);
      await tx.run('DELETE FROM sm_pipeline_versions WHERE pipeline = ?', [name]);
      await tx.run('DELETE FROM sm_pipeline_executions WHERE pipeline = ?', [name]);
    });
  }

  async definition(name: string, version: number): Promise<string> {
    const [row] = await this.db.query('SELECT definition FROM sm_pipeline_versions WHERE pipeline = ? AND version = ?', [
      name,
      version,
    ]);
    if (!row) throw pipelineNotFound(name);
    return String(row.definition);
  }

  async createExecution(e: NewExecution): Promise<PipelineExecutionRecord> {
    const now = this.clock.now();
    await this.db.run(
      `INSERT INTO sm_pipeline_executions (pipeline, run_id, version, display_name, description, parameters,
         client_request_token, max_parallel_steps, stop_requested, created_at, last_modified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      [
        e.pipeline,
        e.runId,
        e.version,
        e.displayName,
        e.description ?? null,
        JSON.stringify(e.parameters),
        e.clientRequestToken ?? null,
        e.maxParallelSteps ?? null,
        iso(now),
        iso(now),
      ],
    );
    return { ...e, stopRequested: false, createdAt: now, lastModifiedAt: now };
  }

  async getExecution(pipeline: string, runId: string): Promise<PipelineExecutionRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM sm_pipeline_executions WHERE pipeline = ? AND run_id = ?', [
      pipeline,
      runId,
    ]);
    return row && toExecution(row);
  }

  async executionByToken(pipeline: string, token: string): Promise<PipelineExecutionRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM sm_pipeline_executions WHERE pipeline = ? AND client_request_token = ?', [
      pipeline,
      token,
    ]);
    return row && toExecution(row);
  }

  async listExecutions(pipeline: string): Promise<PipelineExecutionRecord[]> {
    const rows = await this.db.query('SELECT * FROM sm_pipeline_executions WHERE pipeline = ? ORDER BY created_at, run_id', [
      pipeline,
    ]);
    return rows.map(toExecution);
  }

  async lastExecutionTimes(): Promise<Map<string, Date>> {
    // created_at is ISO-8601 text in UTC, so the greatest text is the latest time.
    const rows = await this.db.query('SELECT pipeline, MAX(created_at) AS last FROM sm_pipeline_executions GROUP BY pipeline');
    return new Map(rows.map((r) => [String(r.pipeline), new Date(String(r.last))]));
  }

  async markStop(pipeline: string, runId: string, requested: boolean): Promise<PipelineExecutionRecord> {
    const { changes } = await this.db.run(
      'UPDATE sm_pipeline_executions SET stop_requested = ?, last_modified_at = ? WHERE pipeline = ? AND run_id = ?',
      [requested ? 1 : 0, iso(this.clock.now()), pipeline, runId],
    );
    if (changes === 0) throw executionNotFound(pipeline, runId);
    return (await this.getExecution(pipeline, runId)) as PipelineExecutionRecord;
  }
}

const iso = (d: Date) => d.toISOString();
