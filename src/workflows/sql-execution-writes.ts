import { createHash } from 'node:crypto';
import { lockKey } from '../db/dialect.js';
import type { SqlDatabase } from '../db/sql-database.js';
import { publishEvent } from '../events/event-outbox.js';
import { HistoryRow } from './history-row.js';
import type { ExecutionEnd, JournalBatch, NewExecution, StoredExecution } from './workflow-catalog.js';
import { executionStatusChange } from './workflow-events.js';
import { toExecution, toStoredExecution } from './workflow-rows.js';

/** The writes of an execution's life, each inside the caller's transaction. */

export async function insertExecution(tx: SqlDatabase, e: NewExecution, start: JournalBatch): Promise<StoredExecution> {
  const hash = definitionHash(e.definition);
  // Looked up first: an INSERT that does nothing on conflict still copies the ~40 KB text into a record.
  const [known] = await tx.query('SELECT 1 AS known FROM sfn_definitions WHERE hash = ?', [hash]);
  if (!known) {
    await tx.run('INSERT INTO sfn_definitions (hash, definition) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING', [
      hash,
      e.definition,
    ]);
  }
  await tx.run(
    `INSERT INTO sfn_executions (arn, machine_arn, name, status, definition, definition_hash, role_arn, input, parent_arn,
       start_date, deadline) VALUES (?, ?, ?, 'RUNNING', '', ?, ?, ?, ?, ?, ?)`,
    [
      e.executionArn,
      e.stateMachineArn,
      e.name,
      hash,
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
  await lockExecution(tx, arn);
  const [guard] = await tx.query(`SELECT seq FROM sfn_executions WHERE arn = ? AND status = 'RUNNING'`, [arn]);
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

/** A commit's events as one row (`HistoryRow`). */
async function insertEvents(tx: SqlDatabase, seq: number, events: JournalBatch['events']): Promise<void> {
  const row = events instanceof HistoryRow ? events : HistoryRow.of(events);
  if (row.length === 0) return;
  await tx.run('INSERT INTO sfn_history (execution, first_id, last_id, events) VALUES (?, ?, ?, ?)', [
    seq,
    row.firstId,
    row.lastId,
    row.text(),
  ]);
}

/**
 * Serialises the writers of one execution (its engine's commits, a StopExecution from another
 * process) until the transaction ends: SQLite's write lock already does; PostgreSQL's READ
 * COMMITTED needs an advisory lock, or a commit could read RUNNING just before an abort commits.
 */
export async function lockExecution(tx: SqlDatabase, arn: string): Promise<void> {
  const lock = tx.dialect.lock(lockKey(`sfn:${arn}`));
  if (lock) await tx.query(lock);
}

/** Closes a RUNNING execution: status, result, no more progress, waiting tokens void, the status change published. */
export async function endExecution(tx: SqlDatabase, arn: string, end: ExecutionEnd): Promise<boolean> {
  await lockExecution(tx, arn);
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
  const [row] = await tx.query(`${RECORD_SELECT} WHERE arn = ?`, [arn]);
  await publishEvent(tx, executionStatusChange(toExecution(row), end.at));
  return true;
}

/** What DescribeExecution shows of an execution, without its definition (~40 KB for 1,000 states). */
export const RECORD_SELECT =
  'SELECT arn, machine_arn, name, status, start_date, stop_date, input, output, error, cause FROM sfn_executions';

export async function readExecution(db: SqlDatabase, arn: string): Promise<StoredExecution> {
  const [row] = await db.query(`${EXECUTION_SELECT} WHERE arn = ?`, [arn]);
  return toStoredExecution(row);
}

/**
 * An execution's row with its definition (shared, or its own copy when recorded before
 * definitions were shared) and the id its next history event gets (events are numbered from 1
 * without gaps).
 */
export const EXECUTION_SELECT = `SELECT e.*, d.definition AS shared_definition,
  (SELECT COALESCE(MAX(h.last_id), 0) + 1 FROM sfn_history h WHERE h.execution = e.seq) AS next_event
  FROM sfn_executions e LEFT JOIN sfn_definitions d ON d.hash = e.definition_hash`;

/** The definitions hashed last: the executions of one machine share one text, hashed once. */
const hashes = new Map<string, string>();

function definitionHash(definition: string): string {
  let hash = hashes.get(definition);
  if (hash === undefined) {
    hash = createHash('sha256').update(definition).digest('hex');
    if (hashes.size >= 32) hashes.delete(hashes.keys().next().value as string);
    hashes.set(definition, hash);
  }
  return hash;
}
