import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { SqlDatabase } from '../db/sql-database.js';
import type { Json } from './asl/asl-types.js';
import { eventsBetween } from './history-row.js';
import {
  applyBatch,
  EXECUTION_SELECT,
  insertExecution,
  lockExecution,
  RECORD_SELECT,
  readExecution,
} from './sql-execution-writes.js';
import { stateMachineArn } from './workflow-arns.js';
import type {
  JournalBatch,
  NewExecution,
  NewStateMachine,
  StoredExecution,
  TaskTokenRecord,
  TokenOutcome,
  WorkflowCatalog,
} from './workflow-catalog.js';
import {
  executionExists,
  executionNotFound,
  machineExists,
  machineNotFound,
  settledToken,
  unknownToken,
} from './workflow-errors.js';
import { pageBounds, toExecution, toMachine, toPage, toStoredExecution, toToken } from './workflow-rows.js';
import type {
  ExecutionRecord,
  ExecutionStatus,
  HistoryEvent,
  Page,
  PageRequest,
  StateMachineRecord,
} from './workflow-service.js';

/** The workflows capability over the database seam (`workflows-schema.ts`). */
export class SqlWorkflowCatalog implements WorkflowCatalog {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async createStateMachine(m: NewStateMachine): Promise<StateMachineRecord> {
    const arn = stateMachineArn(m.name);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT * FROM sfn_state_machines WHERE arn = ?', [arn]);
      if (row) {
        const same = row.definition === m.definition && row.role_arn === m.roleArn && row.type === m.type;
        if (!same) throw machineExists(m.name);
        return toMachine(row);
      }
      await tx.run(
        `INSERT INTO sfn_state_machines (arn, name, definition, role_arn, type, tags, revision_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [arn, m.name, m.definition, m.roleArn, m.type, JSON.stringify(m.tags), randomUUID(), this.clock.now().toISOString()],
      );
      return toMachine((await tx.query('SELECT * FROM sfn_state_machines WHERE arn = ?', [arn]))[0]);
    });
  }

  async updateStateMachine(arn: string, change: { definition?: string; roleArn?: string }): Promise<StateMachineRecord> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT * FROM sfn_state_machines WHERE arn = ?', [arn]);
      if (!row) throw machineNotFound(arn);
      await tx.run('UPDATE sfn_state_machines SET definition = ?, role_arn = ?, revision_id = ? WHERE arn = ?', [
        change.definition ?? String(row.definition),
        change.roleArn ?? String(row.role_arn),
        randomUUID(),
        arn,
      ]);
      return toMachine((await tx.query('SELECT * FROM sfn_state_machines WHERE arn = ?', [arn]))[0]);
    });
  }

  async deleteStateMachine(arn: string): Promise<void> {
    await this.db.run('DELETE FROM sfn_state_machines WHERE arn = ?', [arn]);
  }

  async getStateMachine(arn: string): Promise<StateMachineRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM sfn_state_machines WHERE arn = ?', [arn]);
    return row && toMachine(row);
  }

  async listStateMachines(page?: PageRequest): Promise<Page<StateMachineRecord>> {
    const b = pageBounds(page);
    const rows = await this.db.query('SELECT * FROM sfn_state_machines ORDER BY name LIMIT ? OFFSET ?', [b.limit + 1, b.offset]);
    return toPage(rows.map(toMachine), b);
  }

  async insertExecution(e: NewExecution, start: JournalBatch): Promise<{ record: StoredExecution; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT input FROM sfn_executions WHERE arn = ?', [e.executionArn]);
      if (row) {
        if (row.input !== e.input) throw executionExists(e.executionArn);
        return { record: await readExecution(tx, e.executionArn), created: false };
      }
      return { record: await insertExecution(tx, e, start), created: true };
    });
  }

  async getExecution(arn: string): Promise<StoredExecution | undefined> {
    const [row] = await this.db.query(`${EXECUTION_SELECT} WHERE arn = ?`, [arn]);
    return row && toStoredExecution(row);
  }

  async listExecutions(
    filter: { stateMachineArn?: string; status?: ExecutionStatus },
    page?: PageRequest,
  ): Promise<Page<ExecutionRecord>> {
    const b = pageBounds(page);
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.stateMachineArn) where.push('machine_arn = ?') && params.push(filter.stateMachineArn);
    if (filter.status) where.push('status = ?') && params.push(filter.status);
    const rows = await this.db.query(
      `${RECORD_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_date DESC, arn LIMIT ? OFFSET ?`,
      [...params, b.limit + 1, b.offset],
    );
    return toPage(rows.map(toExecution), b);
  }

  async runningExecutions(): Promise<string[]> {
    const rows = await this.db.query(`SELECT arn FROM sfn_executions WHERE status = 'RUNNING' ORDER BY start_date`);
    return rows.map((r) => String(r.arn));
  }

  async history(arn: string, options: PageRequest & { reverseOrder?: boolean } = {}): Promise<Page<HistoryEvent>> {
    const execution = await this.getExecution(arn);
    if (!execution) throw executionNotFound(arn);
    const b = pageBounds(options, 1000);
    const total = execution.nextEventId - 1;
    const [lo, hi] = options.reverseOrder
      ? [Math.max(1, total - b.offset - b.limit + 1), total - b.offset]
      : [b.offset + 1, Math.min(total, b.offset + b.limit)];
    const rows = await this.db.query(
      `SELECT first_id, events FROM sfn_history WHERE execution = (SELECT seq FROM sfn_executions WHERE arn = ?)
       AND last_id >= ? AND first_id <= ? ORDER BY first_id`,
      [arn, lo, hi],
    );
    const events = eventsBetween(rows, lo, hi);
    if (options.reverseOrder) events.reverse();
    return b.offset + b.limit < total ? { items: events, nextToken: String(b.offset + b.limit) } : { items: events };
  }

  async commit(arn: string, batch: JournalBatch): Promise<boolean> {
    return this.db.transaction((tx) => applyBatch(tx, arn, batch));
  }

  async frames(arn: string): Promise<ReadonlyMap<string, Json>> {
    const rows = await this.db.query(
      'SELECT f.frame, f.progress FROM sfn_frames f JOIN sfn_executions e ON e.seq = f.execution WHERE e.arn = ?',
      [arn],
    );
    return new Map(rows.map((r) => [String(r.frame), JSON.parse(String(r.progress)) as Json]));
  }

  async abortExecution(arn: string, reason: { error?: string; cause?: string }, at: Date): Promise<StoredExecution> {
    return this.db.transaction(async (tx) => {
      await lockExecution(tx, arn);
      const [row] = await tx.query(`${EXECUTION_SELECT} WHERE arn = ?`, [arn]);
      if (!row) throw executionNotFound(arn);
      const current = toStoredExecution(row);
      if (current.status !== 'RUNNING') return current;
      const id = current.nextEventId;
      const details = { ...(reason.error ? { error: reason.error } : {}), ...(reason.cause ? { cause: reason.cause } : {}) };
      const event = { id, previousEventId: id - 1, timestamp: at, type: 'ExecutionAborted', details };
      await applyBatch(tx, arn, { events: [event], frames: new Map(), end: { status: 'ABORTED', at, ...reason } });
      return readExecution(tx, arn);
    });
  }

  async getTaskToken(token: string): Promise<TaskTokenRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM sfn_task_tokens WHERE token = ?', [token]);
    return row && toToken(row);
  }

  async settleTaskToken(token: string, outcome: TokenOutcome, at: Date): Promise<TaskTokenRecord> {
    const { changes } = await this.db.run(
      `UPDATE sfn_task_tokens SET status = ?, output = ?, error = ?, cause = ?, settled_at = ? WHERE token = ? AND status = 'WAITING'`,
      [
        outcome.status,
        outcome.status === 'SUCCEEDED' ? outcome.output : null,
        outcome.status === 'FAILED' ? (outcome.error ?? null) : null,
        outcome.status === 'FAILED' ? (outcome.cause ?? null) : null,
        at.toISOString(),
        token,
      ],
    );
    return this.settled(token, changes);
  }

  async heartbeatTaskToken(token: string, at: Date): Promise<TaskTokenRecord> {
    const { changes } = await this.db.run(`UPDATE sfn_task_tokens SET heartbeat_at = ? WHERE token = ? AND status = 'WAITING'`, [
      at.toISOString(),
      token,
    ]);
    return this.settled(token, changes);
  }

  private async settled(token: string, changes: number): Promise<TaskTokenRecord> {
    const record = await this.getTaskToken(token);
    if (!record) throw unknownToken(token);
    if (changes === 0) throw settledToken(token, record.status);
    return record;
  }
}
