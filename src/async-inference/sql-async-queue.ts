import type { SqlDatabase, SqlRow } from '../db/sql-database.js';
import type { NewEvent } from '../events/event-envelope.js';
import { publishEvent } from '../events/event-outbox.js';
import type { AsyncBacklog, AsyncQueue, AsyncRequest, NewAsyncRequest } from './async-records.js';

const CLAIMABLE = `(status = 'Queued' OR (status = 'InProgress' AND lease_until < ?))`;

/**
 * The queue over the database seam; the same SQL on SQLite and PostgreSQL. A claim picks
 * candidates, then takes each with a conditional UPDATE that only one caller can win (its
 * `changes` is 1), so two servers sharing a PostgreSQL database never run a request twice.
 */
export class SqlAsyncQueue implements AsyncQueue {
  constructor(private readonly db: SqlDatabase) {}

  async enqueue(r: NewAsyncRequest): Promise<AsyncRequest> {
    await this.db.run(
      `INSERT INTO async_requests (id, inference_id, endpoint_name, input_location, body, content_type, accept,
         custom_attributes, output_location, failure_location, notification, received_at, expires_at,
         invocation_timeout_seconds, status, attempts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Queued', 0)`,
      [
        r.id,
        r.inferenceId,
        r.endpointName,
        r.inputLocation ?? null,
        r.body ? r.body.toString('base64') : null,
        r.contentType,
        r.accept ?? null,
        r.customAttributes ?? null,
        r.outputLocation,
        r.failureLocation,
        JSON.stringify(r.notification),
        r.receivedAt.toISOString(),
        r.expiresAt.toISOString(),
        r.invocationTimeoutSeconds,
      ],
    );
    return { ...r, status: 'Queued', attempts: 0 };
  }

  async claim(endpointName: string, owner: string, limit: number, now: Date, graceMs: number): Promise<AsyncRequest[]> {
    if (limit <= 0) return [];
    const rows = await this.db.query(
      `SELECT id FROM async_requests WHERE endpoint_name = ? AND ${CLAIMABLE} ORDER BY seq LIMIT ?`,
      [endpointName, now.getTime(), limit],
    );
    return this.take(rows, owner, now, graceMs);
  }

  async expired(owner: string, now: Date, limit: number): Promise<AsyncRequest[]> {
    const rows = await this.db.query(
      `SELECT id FROM async_requests WHERE status = 'Queued' AND expires_at < ? ORDER BY seq LIMIT ?`,
      [now.toISOString(), limit],
    );
    // Expired requests are failed at once; the lease only keeps others off while that happens.
    return this.take(rows, owner, now, 60_000, false);
  }

  async release(owner: string): Promise<number> {
    const { changes } = await this.db.run(
      `UPDATE async_requests SET status = 'Queued', owner = NULL, lease_until = NULL WHERE status = 'InProgress' AND owner = ?`,
      [owner],
    );
    return changes;
  }

  async finish(id: string, owner: string, event?: NewEvent): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { changes } = await tx.run(`DELETE FROM async_requests WHERE id = ? AND owner = ? AND status = 'InProgress'`, [
        id,
        owner,
      ]);
      if (changes === 0) return false;
      if (event) await publishEvent(tx, event);
      return true;
    });
  }

  async backlogs(): Promise<AsyncBacklog[]> {
    const rows = await this.db.query(
      `SELECT endpoint_name, COUNT(*) AS size, SUM(CASE WHEN status = 'InProgress' THEN 1 ELSE 0 END) AS in_flight,
         MIN(received_at) AS oldest FROM async_requests GROUP BY endpoint_name ORDER BY endpoint_name`,
    );
    return rows.map((r) => ({
      endpointName: r.endpoint_name as string,
      size: Number(r.size),
      inFlight: Number(r.in_flight),
      oldestReceivedAt: new Date(r.oldest as string),
    }));
  }

  async claimable(now: Date): Promise<string[]> {
    const rows = await this.db.query(
      `SELECT DISTINCT endpoint_name FROM async_requests WHERE ${CLAIMABLE} ORDER BY endpoint_name`,
      [now.getTime()],
    );
    return rows.map((r) => r.endpoint_name as string);
  }

  async get(id: string): Promise<AsyncRequest | undefined> {
    const [row] = await this.db.query('SELECT * FROM async_requests WHERE id = ?', [id]);
    return row && toRequest(row);
  }

  /**
   * Takes each candidate with an UPDATE only one caller wins; returns the ones this owner won. The
   * lease is the row's own invocation timeout plus `graceMs` (reading the input and writing the
   * result), or just `graceMs` when `timed` is false.
   */
  private async take(rows: SqlRow[], owner: string, now: Date, graceMs: number, timed = true): Promise<AsyncRequest[]> {
    const taken: AsyncRequest[] = [];
    const lease = timed ? 'CAST(? AS BIGINT) + invocation_timeout_seconds * 1000' : 'CAST(? AS BIGINT)';
    for (const { id } of rows) {
      const [row] = await this.db.query(
        `UPDATE async_requests SET status = 'InProgress', owner = ?, lease_until = ${lease}, attempts = attempts + 1
         WHERE id = ? AND ${CLAIMABLE} RETURNING *`,
        [owner, now.getTime() + graceMs, id as string, now.getTime()],
      );
      if (row) taken.push(toRequest(row));
    }
    return taken;
  }
}

function toRequest(r: SqlRow): AsyncRequest {
  const text = (v: unknown) => (v === null || v === undefined ? undefined : (v as string));
  const fields = {
    id: r.id as string,
    inferenceId: r.inference_id as string,
    endpointName: r.endpoint_name as string,
    inputLocation: text(r.input_location),
    body: text(r.body) === undefined ? undefined : Buffer.from(r.body as string, 'base64'),
    contentType: r.content_type as string,
    accept: text(r.accept),
    customAttributes: text(r.custom_attributes),
    outputLocation: r.output_location as string,
    failureLocation: r.failure_location as string,
    notification: JSON.parse(r.notification as string),
    receivedAt: new Date(r.received_at as string),
    expiresAt: new Date(r.expires_at as string),
    invocationTimeoutSeconds: Number(r.invocation_timeout_seconds),
    status: r.status as AsyncRequest['status'],
    owner: text(r.owner),
    leaseUntil: r.lease_until === null || r.lease_until === undefined ? undefined : new Date(Number(r.lease_until)),
    attempts: Number(r.attempts),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as AsyncRequest;
}
