import { type Clock, systemClock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { GodwitHome } from '../../core/home.js';
import type { EndpointCatalog, EndpointRecord } from '../../endpoints/endpoint-records.js';
import type { InferenceRequest } from '../model-runtime.js';
import type { HostSeams } from './host-seams.js';
import type { Invocation, InvocationReply, InvokeOptions, LiveStats, ServingEndpoint } from './live-endpoint.js';
import { reconcileEndpoint } from './reconcile-endpoint.js';

export interface EndpointHostOptions {
  readonly catalog: EndpointCatalog;
  readonly home: GodwitHome;
  readonly seams?: HostSeams;
  readonly clock?: Clock;
  /** How often the catalog's `generation()` is read for changes made elsewhere (the CLI); 1 s by default. */
  readonly tickMs?: number;
  readonly random?: () => number;
  readonly log?: (line: string) => void;
  /** How long a serverless variant's instance may sit unused before it stops; 5 minutes by default. */
  readonly serverlessIdleMs?: number;
}

/**
 * The server's endpoint host: makes what runs match what the endpoint catalog records. It reads
 * the catalog at start, on a tick (one cheap `generation()` read) and whenever `poke()` says a
 * change came through this server; it starts `Creating` endpoints and reports `InService` (or
 * `Failed` with the reason), swaps configs on `Updating` without dropping a request, applies new
 * weights and counts live, and stops `Deleting` ones. Invocations reach the live endpoint by name.
 */
export class EndpointHost {
  readonly live = new Map<string, ServingEndpoint>();
  /** The record generation each endpoint was last reconciled at. */
  readonly reconciled = new Map<string, number>();
  /** Guarded updates running in the background (`src/serving/rollout/`), by endpoint. */
  readonly rollouts = new Map<string, { stop(): Promise<void> }>();
  private lastGeneration = -1;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private again = false;
  private closed = false;
  readonly context: Required<Omit<EndpointHostOptions, 'tickMs' | 'random' | 'serverlessIdleMs'>> & {
    random?: () => number;
    serverlessIdleMs?: number;
  };

  constructor(private readonly options: EndpointHostOptions) {
    this.context = {
      catalog: options.catalog,
      home: options.home,
      seams: options.seams ?? {},
      clock: options.clock ?? systemClock,
      random: options.random,
      log: options.log ?? (() => {}),
      serverlessIdleMs: options.serverlessIdleMs,
    };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Brings back every recorded endpoint, then keeps watching the catalog. */
  async start(): Promise<void> {
    await this.reconcile();
    this.timer = setInterval(() => void this.reconcile().catch(() => {}), this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  /** Reconciles now (a change came through this server); resolves when a full pass has run. */
  reconcile(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = this.loop().finally(() => (this.pass = undefined));
    return this.pass;
  }

  /** Serves one request on a live endpoint; an endpoint not serving is `E_ENDPOINT_NOT_SERVING`. */
  invoke(name: string, request: InferenceRequest, options?: InvokeOptions): Promise<Invocation> {
    const endpoint = this.live.get(name);
    if (!endpoint) return Promise.reject(notServing(name));
    return endpoint.invoke(request, options);
  }

  /** `invoke` answering through `reply`, synchronously when it can (see `LiveEndpoint.serve`). */
  serve(name: string, request: InferenceRequest, options: InvokeOptions, reply: InvocationReply): void {
    const endpoint = this.live.get(name);
    if (endpoint) endpoint.serve(request, options, reply);
    else reply.failed(notServing(name));
  }

  /** What an endpoint is doing now, or undefined when it is not serving. */
  stats(name: string): LiveStats | undefined {
    return this.live.get(name)?.stats();
  }

  /** Stops watching and drains every endpoint (requests in flight finish). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.pass?.catch(() => {});
    // A rollout stopped here records nothing more: the next server resumes it from its record.
    await Promise.allSettled([...this.rollouts.values()].map((r) => r.stop()));
    const endpoints = [...this.live.values()];
    this.live.clear();
    await Promise.allSettled(endpoints.map((e) => e.close()));
    // Idle spare workers would outlive the host in a process that goes on (tests, embedders).
    const { closeSpares } = await import('../runtimes/worker-spares.js');
    await closeSpares();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.reconcileOnce();
    } while (this.again && !this.closed);
  }

  private async reconcileOnce(): Promise<void> {
    const { catalog, log } = this.context;
    const generation = await catalog.generation();
    if (generation === this.lastGeneration) return;
    const records = await catalog.listEndpoints();
    const names = new Set(records.map((r) => r.name));
    const changed = records.filter((r) => this.reconciled.get(r.name) !== r.generation || this.needsStart(r));
    await Promise.all(changed.map((r) => this.reconcileOne(r)));
    for (const [name, endpoint] of this.live) {
      if (names.has(name)) continue;
      this.live.delete(name);
      this.reconciled.delete(name);
      endpoint.close().catch((err) => log(`endpoint ${name}: stopping failed: ${(err as Error).message}`));
    }
    this.lastGeneration = generation;
  }

  private needsStart(record: EndpointRecord): boolean {
    const serving = record.status === 'InService' || record.status === 'Updating' || record.status === 'RollingBack';
    return serving && !this.live.has(record.name);
  }

  private async reconcileOne(record: EndpointRecord): Promise<void> {
    try {
      await reconcileEndpoint(this, record);
    } catch (err) {
      this.context.log(`endpoint ${record.name}: reconcile failed: ${(err as Error).message}`);
    }
  }
}

function notServing(name: string): GodwitError {
  return new GodwitError('E_ENDPOINT_NOT_SERVING', `Endpoint "${name}" is not in service on this server.`, {
    hint: 'Check its status with: godwit endpoint describe NAME',
  });
}
