import type { NewEvent } from '../events/event-envelope.js';

/**
 * One InvokeEndpointAsync request as the durable queue keeps it, from acceptance until its result
 * (or failure) is written and its notification published. Everything a worker needs is in the
 * row, fixed when the request was accepted (locations, notification settings, limits), so a
 * request accepted under one endpoint config is finished as promised even if the endpoint is
 * updated meanwhile, and a restarted server needs nothing but the row.
 */
export interface AsyncRequest {
  /** The queue's own id (a UUID): inference ids are the caller's and need not be unique. */
  readonly id: string;
  readonly inferenceId: string;
  readonly endpointName: string;
  /** Where the input is read from, or absent when the request carried it inline (`body`). */
  readonly inputLocation?: string;
  readonly body?: Buffer;
  readonly contentType: string;
  readonly accept?: string;
  readonly customAttributes?: string;
  readonly outputLocation: string;
  readonly failureLocation: string;
  readonly notification: AsyncNotification;
  readonly receivedAt: Date;
  /** `receivedAt` + `RequestTTLSeconds`: a request still queued then fails as expired. */
  readonly expiresAt: Date;
  readonly invocationTimeoutSeconds: number;
  readonly status: 'Queued' | 'InProgress';
  /** The server working on it (`InProgress`), and until when its claim holds. */
  readonly owner?: string;
  readonly leaseUntil?: Date;
  /** How many times it was claimed: above 1 after a server died with it in flight. */
  readonly attempts: number;
}

/** The endpoint config's notification settings when the request was accepted. */
export interface AsyncNotification {
  readonly successTopic?: string;
  readonly errorTopic?: string;
  readonly includeInferenceResponseIn?: readonly string[];
}

export type NewAsyncRequest = Omit<AsyncRequest, 'status' | 'owner' | 'leaseUntil' | 'attempts'>;

/** One endpoint's backlog: requests queued or in flight, and when the oldest of them arrived. */
export interface AsyncBacklog {
  readonly endpointName: string;
  readonly size: number;
  readonly inFlight: number;
  readonly oldestReceivedAt: Date;
}

/**
 * The durable queue of asynchronous requests (capability `async-inference` (`src/async-inference/`), one table in the
 * metadata database, SQLite or PostgreSQL). Semantics:
 * - `enqueue` commits before InvokeEndpointAsync answers 202: an accepted request survives any
 *   crash after that.
 * - `claim` hands out an endpoint's claimable requests oldest first (by acceptance order), each
 *   to exactly one caller: `Queued` ones, and `InProgress` ones whose lease ran out (their server
 *   died without finishing; the lease is the invocation timeout plus a grace, which the live
 *   worker enforces itself, plus `graceMs`). Claiming sets `InProgress`, the owner, the lease and
 *   bumps `attempts`.
 * - `release(owner)` puts every request that owner holds back to `Queued` at once: a server
 *   calls it at start for what it held when it died (one server per home, so nobody else has them).
 * - `finish` removes a request and publishes its event in one transaction (the outbox pattern),
 *   only while `owner` still holds it; false when it does not (another server took it over).
 * - `expired` claims `Queued` requests whose TTL has passed, whatever the endpoint's capacity.
 */
export interface AsyncQueue {
  enqueue(request: NewAsyncRequest): Promise<AsyncRequest>;
  claim(endpointName: string, owner: string, limit: number, now: Date, graceMs: number): Promise<AsyncRequest[]>;
  expired(owner: string, now: Date, limit: number): Promise<AsyncRequest[]>;
  release(owner: string): Promise<number>;
  finish(id: string, owner: string, event?: NewEvent): Promise<boolean>;
  /** Endpoints with requests queued or in flight, each with its backlog. */
  backlogs(): Promise<AsyncBacklog[]>;
  /** Endpoints with requests a `claim` at `now` would hand out. */
  claimable(now: Date): Promise<string[]>;
  get(id: string): Promise<AsyncRequest | undefined>;
}
