import { randomUUID } from 'node:crypto';
import { ACCOUNT_ID as ACCOUNT, DEFAULT_REGION as REGION } from '../core/arns.js';
import type { CapabilitySchema } from '../db/migrations.js';
import type { SqlDatabase } from '../db/sql-database.js';
import { type EventEnvelope, eventTime, type NewEvent } from './event-envelope.js';

/** The events capability owns one table: the outbox, in publication order. */
export const EVENTS_SCHEMA: CapabilitySchema = {
  capability: 'events',
  migrations: [
    // No index on `id` (a random UUID, unique by construction): every index is one more page
    // written per step on the executor's hot path, and readers find events by `seq`.
    `CREATE TABLE event_outbox (
      seq {{serial}},
      id TEXT NOT NULL,
      source TEXT NOT NULL,
      detail_type TEXT NOT NULL,
      at TEXT NOT NULL,
      resources TEXT NOT NULL,
      detail TEXT NOT NULL
    );`,
    // EventBridge's buses (src/events/bus): the outbox is the `default` bus, and PutEvents on
    // another bus stores its events here too, with the bus's name.
    `ALTER TABLE event_outbox ADD COLUMN bus TEXT NOT NULL DEFAULT 'default';`,
  ],
};

/** An event as stored, with the cursor that lists the events after it. */
export interface OutboxEvent {
  readonly cursor: string;
  /** The EventBridge bus it was put on: `default` for everything Godwit publishes itself. */
  readonly bus: string;
  readonly event: EventEnvelope;
}

const LOCK_KEY = 0x6f7574; // 'out'

/**
 * Publishes an event in the caller's transaction (the outbox pattern): it is stored if and only
 * if the state change it reports is, so a consumer never sees an event for a change that rolled
 * back, nor misses one that committed. On PostgreSQL, publishers take a transaction lock so
 * sequence numbers commit in order and a reader's cursor never skips a late commit; SQLite's
 * write lock already serialises them. The row is written at commit (`atCommit`), so the
 * transaction does not see its own events, and the envelope returned is the one stored.
 */
export function publishEvent(tx: SqlDatabase, event: NewEvent): Promise<EventEnvelope> {
  return publishOnBus(tx, 'default', event);
}

/** An event from outside Godwit's own capabilities (PutEvents, a bus target): any source. */
export interface ForeignEvent extends Omit<NewEvent, 'source'> {
  readonly source: string;
}

/** `publishEvent` on a named EventBridge bus (`src/events/bus` checks that the bus exists). */
export async function publishOnBus(tx: SqlDatabase, bus: string, event: ForeignEvent): Promise<EventEnvelope> {
  const envelope: EventEnvelope = {
    version: '0',
    id: randomUUID(),
    'detail-type': event.detailType,
    source: event.source,
    account: ACCOUNT,
    time: eventTime(event.time),
    region: REGION,
    resources: [...event.resources],
    detail: event.detail,
  };
  // At commit: the lock every publisher shares is then the transaction's last, never held while
  // it waits for a row another publisher holds (which deadlocked a registration beside a step).
  await tx.atCommit(async (commit) => {
    const lock = commit.dialect.lock(LOCK_KEY);
    if (lock) await commit.query(lock);
    await commit.run(
      'INSERT INTO event_outbox (id, source, detail_type, at, resources, detail, bus) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        envelope.id,
        envelope.source,
        envelope['detail-type'],
        envelope.time,
        JSON.stringify(envelope.resources),
        JSON.stringify(envelope.detail),
        bus,
      ],
    );
  });
  return envelope;
}

/**
 * Events published after `cursor` (from the start when absent), oldest first, at most `limit`.
 * Pass the last event's cursor to read on: each event is returned once per reader that does so.
 */
export async function listEventsSince(db: SqlDatabase, cursor?: string, limit = 100): Promise<OutboxEvent[]> {
  const after = cursor === undefined ? 0 : Number(cursor);
  const rows = await db.query<Record<string, string | number>>(
    'SELECT seq, id, source, detail_type, at, resources, detail, bus FROM event_outbox WHERE seq > ? ORDER BY seq LIMIT ?',
    [Number.isFinite(after) ? after : 0, limit],
  );
  return rows.map((r) => ({
    cursor: String(r.seq),
    bus: r.bus as string,
    event: {
      version: '0',
      id: r.id as string,
      'detail-type': r.detail_type as string,
      source: r.source as string,
      account: ACCOUNT,
      time: r.at as string,
      region: REGION,
      resources: JSON.parse(r.resources as string),
      detail: JSON.parse(r.detail as string),
    },
  }));
}
