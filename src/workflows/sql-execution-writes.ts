import type { SqlDatabase } from '../db/sql-database.js';
import { publishEvent } from '../events/event-outbox.js';
import type { ExecutionEnd, JournalBatch, NewExecution, StoredExecution } from './workflow-catalog.js';
import { executionStatusChange } from './workflow-events.js';
import { toStoredExecution } from './workflow-rows.js';

/** The writes of an execution's life, each inside the caller's transaction. */

export async function insertExecution(tx: SqlDatabase, e: NewExecution, start: JournalBatch): Promise<StoredExecution> {
  await tx.run(
    `INSERT INTO sfn_executions (arn, machine_arn, name, status, definition, role_arn, input, parent_arn, start_date, deadline, next_event)
     VALUES (?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, 1)`,
    [
      e.executionArn,
      e.stateMachineArn,
      e.name,
      e.definition,
      e.roleArn,
      e.input,
      e.parentExecutionArn ?? null,
      e.startDate.toISOString(),
      e.deadline?.toISOString() ?? null,
    ],
  );
  await applyBatch(tx, e.executionArn, start);
  const record = await readExecution(tx, e.executionArn);
  await publishEvent(tx, executionStatusChange(record, e.startDate));
  return record;
}

/** Applies a batch iff the execution is RUNNING; false when it is not (stopped elsewhere). */
export async function applyBatch(tx: SqlDatabase, arn: string, batch: JournalBatch): Promise<boolean> {
  const last = batch.events.at(-1);
  const guard = last
    ? await tx.run(`UPDATE sfn_executions SET next_event = ? WHERE arn = ? AND status = 'RUNNING'`, [last.id + 1, arn])
    : await tx.run(`UPDATE sfn_executions SET next_event = next_event WHERE arn = ? AND status = 'RUNNING'`, [arn]);
  if (guard.changes === 0) return false;
  for (const e of batch.events) {
    await tx.run('INSERT INTO sfn_history (execution_arn, id, previous_id, at, type, details) VALUES (?, ?, ?, ?, ?, ?)', [
      arn,
      e.id,
      e.previousEventId,
      e.timestamp.toISOString(),
      e.type,
      e.details === undefined ? null : JSON.stringify(e.details),
    ]);
  }
  for (const t of batch.tokens ?? []) {
    await tx.run(
      `INSERT INTO sfn_task_tokens (token, execution_arn, state_name, status, created_at) VALUES (?, ?, ?, 'WAITING', ?)
       ON CONFLICT (token) DO NOTHING`,
      [t.token, arn, t.stateName, t.at.toISOString()],
    );
  }
  if (batch.end) return endExecution(tx, arn, batch.end);
  for (const [frame, progress] of batch.frames) {
    if (progress === null) await tx.run('DELETE FROM sfn_frames WHERE execution_arn = ? AND frame = ?', [arn, frame]);
    else
      await tx.run(
        `INSERT INTO sfn_frames (execution_arn, frame, progress) VALUES (?, ?, ?)
         ON CONFLICT (execution_arn, frame) DO UPDATE SET progress = excluded.progress`,
        [arn, frame, JSON.stringify(progress)],
      );
  }
  return true;
}

/** Closes a RUNNING execution: status, result, no more progress, waiting tokens void, the status change published. */
export async function endExecution(tx: SqlDatabase, arn: string, end: ExecutionEnd): Promise<boolean> {
  const { changes } = await tx.run(
    `UPDATE sfn_executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ? WHERE arn = ? AND status = 'RUNNING'`,
    [end.status, end.output ?? null, end.error ?? null, end.cause ?? null, end.at.toISOString(), arn],
  );
  if (changes === 0) return false;
  await tx.run('DELETE FROM sfn_frames WHERE execution_arn = ?', [arn]);
  await tx.run(
    `UPDATE sfn_task_tokens SET status = 'FAILED', error = 'States.Runtime', cause = 'The execution ended.', settled_at = ?
     WHERE execution_arn = ? AND status = 'WAITING'`,
    [end.at.toISOString(), arn],
  );
  await publishEvent(tx, executionStatusChange(await readExecution(tx, arn), end.at));
  return true;
}

export async function readExecution(db: SqlDatabase, arn: string): Promise<StoredExecution> {
  const [row] = await db.query('SELECT * FROM sfn_executions WHERE arn = ?', [arn]);
  return toStoredExecution(row);
}
