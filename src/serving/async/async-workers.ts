import { performance } from 'node:perf_hooks';
import { asyncResultEvent } from '../../async-inference/async-events.js';
import type { AsyncQueue, AsyncRequest } from '../../async-inference/async-records.js';
import type { Clock } from '../../core/clock.js';
import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';
import type { ArtifactStore, StoreOptions } from '../../store/index.js';
import { type AsyncHost, runAsyncRequest } from './async-run.js';
import type { AsyncTally } from './backlog-metrics.js';

export interface AsyncWorkersOptions {
  readonly queue: AsyncQueue;
  readonly catalog: EndpointCatalog;
  readonly host: AsyncHost;
  readonly clock: Clock;
  readonly storeOptions: () => StoreOptions;
  /** This server, as the queue records who holds a request (stable across its restarts). */
  readonly owner: string;
  /** How often (real time) the queue is looked at besides wake-ups: capacity that came back, leases, TTLs. */
  readonly tickMs?: number;
  readonly tally?: AsyncTally;
  readonly log: (line: string) => void;
}

/** Time on the clock, beyond a request's own timeout, that its claim holds: reading input, writing the result. */
const LEASE_GRACE_MS = 5 * 60_000;

/**
 * The server's asynchronous workers: they hand queued requests to the endpoint host as capacity
 * allows. An endpoint takes at most `instances × MaxConcurrentInvocationsPerInstance` requests at
 * once (the instance pools enforce the per-instance share); an endpoint with no instance takes
 * none and its requests wait, to be served when capacity returns. Requests past their TTL fail
 * whatever the capacity. Each finished request is removed from the queue together with its
 * notification event. A pass runs when a request arrives, when one finishes and on a tick.
 */
export class AsyncWorkers {
  private readonly inFlight = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  /** Each running endpoint's requests per instance, read once from the config it started from; 0 for a real-time one. */
  private readonly perInstance = new WeakMap<object, number>();
  /** When expired requests were last looked for: on the tick, not on every wake-up (TTLs are a minute or more). */
  private lastExpiry = Number.NEGATIVE_INFINITY;
  /** Bucket stores kept across requests (see `RunContext.buckets`). */
  private readonly buckets = new Map<string, Promise<ArtifactStore>>();
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(private readonly options: AsyncWorkersOptions) {}

  /** Takes back what this server held when it last stopped (or died), then starts working. */
  async start(): Promise<void> {
    const released = await this.options.queue.release(this.options.owner);
    if (released > 0) this.options.log(`async: ${released} request(s) in flight when the server stopped are queued again`);
    this.timer = setInterval(() => this.poke(), this.options.tickMs ?? 1000);
    this.timer.unref();
    this.poke();
  }

  /** Runs a pass soon (coalesced: at most one runs, and one more follows if poked meanwhile). */
  poke(): void {
    if (this.closed) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.loop()
      .catch((err) => this.options.log(`async: queue pass failed: ${(err as Error).message}`))
      .finally(() => (this.pass = undefined));
  }

  /** Requests being worked on now, per endpoint. */
  working(endpointName: string): number {
    return this.inFlight.get(endpointName) ?? 0;
  }

  /** Stops taking requests and waits up to `graceMs` for those in flight; the rest are released for the next start. */
  async close(graceMs = 5000): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.pass;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.running]), late]);
    clearTimeout(timer);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.passOnce();
    } while (this.again && !this.closed);
  }

  private async passOnce(): Promise<void> {
    const { queue, owner, clock } = this.options;
    const now = clock.now();
    if (performance.now() - this.lastExpiry >= (this.options.tickMs ?? 1000)) {
      this.lastExpiry = performance.now();
      for (const request of await queue.expired(owner, now, 100)) this.launch(request);
    }
    for (const name of await queue.claimable(now)) {
      if (this.closed) return;
      const free = (await this.capacity(name)) - this.working(name);
      if (free <= 0) continue;
      for (const request of await queue.claim(name, owner, free, now, LEASE_GRACE_MS)) this.launch(request);
    }
  }

  /**
   * Instances serving the endpoint × its requests per instance; 0 when it is not serving (or no
   * longer asynchronous). An endpoint that was deleted takes everything: its requests fail at once.
   */
  private async capacity(name: string): Promise<number> {
    const { catalog, host } = this.options;
    const live = host.live.get(name);
    if (!live) return (await catalog.getEndpoint(name)) ? 0 : 100;
    const instances = host.stats(name)?.variants.reduce((sum, v) => sum + v.instances, 0) ?? 0;
    if (instances === 0) return 0;
    let perInstance = this.perInstance.get(live);
    if (perInstance === undefined) {
      const spec = (await catalog.getEndpointConfig(live.configName))?.asyncInference;
      perInstance = spec ? (spec.maxConcurrentInvocationsPerInstance ?? 1) : 0;
      this.perInstance.set(live, perInstance);
    }
    return instances * perInstance;
  }

  private launch(request: AsyncRequest): void {
    const name = request.endpointName;
    this.inFlight.set(name, this.working(name) + 1);
    const work = this.work(request).finally(() => {
      this.inFlight.set(name, this.working(name) - 1);
      this.running.delete(work);
      this.poke();
    });
    this.running.add(work);
  }

  private async work(request: AsyncRequest): Promise<void> {
    const { queue, owner, clock, log } = this.options;
    const began = clock.now();
    const outcome = await runAsyncRequest({ ...this.options, buckets: this.buckets }, request);
    try {
      const mine = await queue.finish(request.id, owner, asyncResultEvent(request, outcome, clock.now()));
      if (!mine) log(`async: request ${request.inferenceId} was taken over by another server before it finished here`);
      else this.options.tally?.finished(request, outcome, began, clock.now());
    } catch (err) {
      // Left InProgress: once its lease runs out it is claimed and run again.
      log(`async: recording the end of request ${request.inferenceId} failed: ${(err as Error).message}`);
    }
  }
}
