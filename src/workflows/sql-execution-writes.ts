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
  const [guard] = last
    ? await tx.query(`UPDATE sfn_executions SET next_event = ? WHERE arn = ? AND status = 'RUNNING' RETURNING seq`, [last.id + 1, arn])
    : await tx.query(`UPDATE sfn_executions SET next_event = next_event WHERE arn = ? AND status = 'RUNNING' RETURNING seq`, [arn]);
  if (!guard) return false;
  const seq = Number(guard.seq);
  await insertEvents(tx, seq, batch.events);
  for (const t of batch.tokens ?? []) {
    await tx.run(
      `INSERT INTO sfn_task_tokens (token, execution_arn, state_name, status, created_at) VALUES (?, ?, ?, 'WAITING', ?)
       ON CONFLICT (token) DO NOTHING`,
      [t.token, arn, t.stateName, t.at.toISOString()],
    );
  }
  if (batch.end) return endExecution(tx, arn, batch.end);
  for (const [frame, progress] of batch.frames) {
    if (progress === null) await tx.run('DELETE FROM sfn_frames WHERE execution = ? AND frame = ?', [seq, frame]);
    else
      await tx.run(
        `INSERT INTO sfn_frames (execution, frame, progress) VALUES (?, ?, ?)
         ON CONFLICT (execution, frame) DO UPDATE SET progress = excluded.progress`,
        [seq, frame, JSON.stringify(progress)],
      );
  }
  return true;
}

/** Rows per INSERT: one statement per event costs more than the row itself on SQLite. */
const CHUNK = 16;
const EVENT_COLUMNS = 'INSERT INTO sfn_history (execution, id, previous_id, at, type, details) VALUES ';
const CHUNK_SQL = EVENT_COLUMNS + Array.from({ length: CHUNK }, () => '(?, ?, ?, ?, ?, ?)').join(', ');

async function insertEvents(tx: SqlDatabase, seq: number, events: JournalBatch['events']): Promise<void> {
  const row = (e: JournalBatch['events'][number]) => [
    seq,
    e.id,
    e.previousEventId,
    e.timestamp.toISOString(),
    e.type,
    e.details === undefined ? null : JSON.stringify(e.details),
  ];
  let i = 0;
  for (; i + CHUNK <= events.length; i += CHUNK) await tx.run(CHUNK_SQL, events.slice(i, i + CHUNK).flatMap(row));
  for (; i < events.length; i++) await tx.run(`${EVENT_COLUMNS}(?, ?, ?, ?, ?, ?)`, row(events[i]));
}

/** Closes a RUNNING execution: status, result, no more progress, waiting tokens void, the status change published. */
export async function endExecution(tx: SqlDatabase, arn: string, end: ExecutionEnd): Promise<boolean> {
  const { changes } = await tx.run(
    `UPDATE sfn_executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ? WHERE arn = ? AND status = 'RUNNING'`,
    [end.status, end.output ?? null, end.error ?? null, end.cause ?? null, end.at.toISOString(), arn],
  );
  if (changes === 0) return false;
  await tx.run('DELETE FROM sfn_frames WHERE execution = (SELECT seq FROM sfn_executions WHERE arn = ?)', [arn]);
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
