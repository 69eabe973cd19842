import type { Clock } from '../../core/clock.js';
import type { SqlDatabase } from '../../db/sql-database.js';
import type { NewEvent } from '../../events/event-envelope.js';
import { publishEvent } from '../../events/event-outbox.js';
import type { Json } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import { ServiceIntegration } from './service-integration.js';
import { parametersObject } from './task-input.js';
import { onceInTransaction } from './task-ledger.js';

/** One `Entries` member of PutEvents, read: the bus it names and the event. */
export interface BusEntry {
  /** `default`, a bus name or ARN; absent is the default bus. */
  readonly eventBusName?: string;
  readonly event: NewEvent;
}

/**
 * Publishes events exactly once per idempotency token, answering their ids in order. The outbox
 * publisher (`outboxPublisher`) serves the default bus; the EventBridge capability may give one
 * that knows other buses.
 */
export type EventPublisher = (entries: readonly BusEntry[], idempotencyToken: string) => Promise<readonly string[]>;

/**
 * `events:putEvents` and `.waitForTaskToken`: Entries (Detail as JSON, DetailType, Source,
 * Resources, Time, EventBusName) published on Godwit's event bus, answering PutEvents' response
 * `{ "Entries": [{ "EventId" }], "FailedEntryCount": 0 }`. An entry without Source, DetailType or
 * Detail is `EventBridge.ValidationException`, as PutEvents refuses it.
 */
export function eventsIntegration(publish: EventPublisher, clock: Clock): ServiceIntegration {
  return new ServiceIntegration('events', {
    'events:putEvents': {
      suffixes: ['', '.waitForTaskToken'],
      delivery: 'exactly-once',
      async invoke(call) {
        const entries = parametersObject(call).Entries;
        if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10)
          throw new StatesError('EventBridge.ValidationException', 'Entries must be a list of 1 to 10 events.');
        const ids = await publish(
          entries.map((e, i) => busEntry(e, i, clock)),
          call.idempotencyToken,
        );
        return { Entries: ids.map((EventId) => ({ EventId })), FailedEntryCount: 0 };
      },
    },
  });
}

function busEntry(entry: Json, index: number, clock: Clock): BusEntry {
  const bad = (what: string) => new StatesError('EventBridge.ValidationException', `Entries[${index}]: ${what}`);
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw bad('must be an object.');
  const e = entry as Record<string, Json>;
  if (typeof e.Source !== 'string' || e.Source === '') throw bad('Source is required.');
  if (typeof e.DetailType !== 'string' || e.DetailType === '') throw bad('DetailType is required.');
  const detail = typeof e.Detail === 'string' ? parseDetail(e.Detail, bad) : e.Detail;
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) throw bad('Detail must be a JSON object.');
  const time = typeof e.Time === 'string' || typeof e.Time === 'number' ? new Date(e.Time) : clock.now();
  if (Number.isNaN(time.getTime())) throw bad(`Time ${JSON.stringify(e.Time)} is not a time.`);
  return {
    ...(typeof e.EventBusName === 'string' && { eventBusName: e.EventBusName }),
    event: {
      source: e.Source,
      detailType: e.DetailType,
      time,
      resources: Array.isArray(e.Resources) ? e.Resources.map(String) : [],
      detail: detail as Record<string, unknown>,
    },
  };
}

function parseDetail(text: string, bad: (what: string) => StatesError): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw bad('Detail is not valid JSON.');
  }
}

/**
 * Publishes on the event outbox, Godwit's default bus, in one transaction with the record of the
 * call: exactly once. Another bus is refused, naming it (the EventBridge capability's publisher
 * serves custom buses).
 */
export function outboxPublisher(db: SqlDatabase): EventPublisher {
  return async (entries, token) => {
    for (const { eventBusName: bus } of entries) {
      if (bus !== undefined && bus !== 'default' && !/:event-bus\/default$/.test(bus))
        throw new StatesError('EventBridge.ResourceNotFoundException', `Event bus ${bus} does not exist.`);
    }
    const answer = await onceInTransaction(db, `events:${token}`, async (tx) => {
      const ids: string[] = [];
      for (const { event } of entries) ids.push((await publishEvent(tx, event)).id);
      return ids;
    });
    return answer as readonly string[];
  };
}
