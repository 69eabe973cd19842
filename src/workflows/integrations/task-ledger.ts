import type { CapabilitySchema } from '../../db/migrations.js';
import type { SqlDatabase } from '../../db/sql-database.js';
import type { Json } from '../asl/asl-types.js';

/**
 * The workflow integrations' one table: the answer of each exactly-once call whose effect lives
 * in the same database (an event published on the outbox), keyed by the call's idempotency token.
 */
export const WORKFLOW_CALLS_SCHEMA: CapabilitySchema = {
  capability: 'workflow-calls',
  migrations: [
    `CREATE TABLE workflow_task_calls (
      token TEXT PRIMARY KEY,
      answer TEXT NOT NULL
    );`,
  ],
};

/**
 * Runs `work` once per token: its effect and the recorded answer commit in one transaction, so a
 * call repeated after a crash either finds the answer (the effect happened) or does the work
 * (nothing happened). `work` must write only through `tx`.
 */
export async function onceInTransaction(db: SqlDatabase, token: string, work: (tx: SqlDatabase) => Promise<Json>): Promise<Json> {
  return db.transaction(async (tx) => {
    const [done] = await tx.query<{ answer: string }>('SELECT answer FROM workflow_task_calls WHERE token = ?', [token]);
    if (done) return JSON.parse(done.answer) as Json;
    const answer = await work(tx);
    await tx.run('INSERT INTO workflow_task_calls (token, answer) VALUES (?, ?)', [token, JSON.stringify(answer)]);
    return answer;
  });
}
