import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Clock } from '../core/clock.js';
import type { SqlDatabase } from '../db/sql-database.js';
import type { NewEvent } from '../events/event-envelope.js';
import { publishEvent } from '../events/event-outbox.js';
import { callbackNotFound, callbackSettled } from './pipeline-errors.js';
import type { CallbackOutcome, CallbackRecord, CallbackStore } from './pipeline-records.js';
import { toCallback } from './pipeline-rows.js';

/** Callback tokens over the database seam (the pipelines capability's `sm_callbacks`). */
export class SqlCallbackStore implements CallbackStore {
  /** Emits a token's settlement to the waiters in this process (`settledHere`). */
  private readonly settlements = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async openCallback(runId: string, step: string, announce?: (token: CallbackRecord) => NewEvent): Promise<CallbackRecord> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT * FROM sm_callbacks WHERE run_id = ? AND step = ?', [runId, step]);
      if (row && row.status !== 'failed') return toCallback(row);
      if (row) await tx.run('DELETE FROM sm_callbacks WHERE token = ?', [String(row.token)]);
      // SageMaker's tokens are opaque strings; 10 random bytes in hex are as hard to guess.
      const record: CallbackRecord = {
        token: randomBytes(10).toString('hex'),
        runId,
        step,
        status: 'waiting',
        outputParameters: [],
        createdAt: this.clock.now(),
      };
      await tx.run(
        `INSERT INTO sm_callbacks (token, run_id, step, status, output_parameters, created_at) VALUES (?, ?, ?, 'waiting', '[]', ?)`,
        [record.token, runId, step, record.createdAt.toISOString()],
      );
      if (announce) await publishEvent(tx, announce(record));
      return record;
    });
  }

  async getCallback(token: string): Promise<CallbackRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM sm_callbacks WHERE token = ?', [token]);
    return row && toCallback(row);
  }

  async callbackOf(runId: string, step: string): Promise<CallbackRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM sm_callbacks WHERE run_id = ? AND step = ?', [runId, step]);
    return row && toCallback(row);
  }

  async settleCallback(token: string, outcome: CallbackOutcome): Promise<CallbackRecord> {
    const at = this.clock.now().toISOString();
    const { changes } = await this.db.run(
      `UPDATE sm_callbacks SET status = ?, output_parameters = ?, failure_reason = ?, settled_at = ?
       WHERE token = ? AND status = 'waiting'`,
      [
        outcome.status,
        JSON.stringify(outcome.status === 'succeeded' ? outcome.outputParameters : []),
        outcome.status === 'failed' ? outcome.failureReason : null,
        at,
        token,
      ],
    );
    const record = await this.getCallback(token);
    if (!record) throw callbackNotFound(token);
    if (changes === 0) throw callbackSettled(token, record.status);
    this.settlements.emit(token);
    return record;
  }

  async settledHere(token: string, signal: AbortSignal): Promise<void> {
    const record = await this.getCallback(token);
    if (record && record.status !== 'waiting') return;
    await new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.settlements.off(token, onSettled);
        reject(signal.reason);
      };
      const onSettled = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.settlements.once(token, onSettled);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
