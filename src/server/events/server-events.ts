/**
 * EventBridge in `godwit server`: the service the front door and the CLI's recorded state share,
 * the router that delivers put events to rules' targets (with retries, dead letters, archives
 * and replays), and the scheduler that fires schedule rules, both on the server's clock.
 * Constructing does no I/O; `start` begins both loops, `close` stops the scheduler first (it
 * makes deliveries), then the router after the pass under way.
 */
import type { Clock } from '../../core/clock.js';
import { CatalogEventBridgeService } from '../../events/bus/catalog-eventbridge-service.js';
import { EventRouter } from '../../events/bus/event-router.js';
import type { EventBridgeService } from '../../events/bus/eventbridge-service.js';
import type { TargetInvoker } from '../../events/bus/target-invoker.js';
import type { MissedPolicy } from '../../events/schedules/missed-policy.js';
import { eventBridgeScheduleSource } from '../../events/schedules/schedule-source.js';
import { Scheduler } from '../../events/schedules/scheduler.js';
import type { Metadata } from '../../meta/index.js';

export interface ServerEventsOptions {
  readonly metadata: Pick<Metadata, 'eventbridge' | 'outbox' | 'eventSchedules'>;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Delivers to targets by ARN kind (`arnTargetInvoker`). */
  readonly invoker: TargetInvoker;
  readonly missed?: MissedPolicy;
  /** Real milliseconds between looks at rules other processes changed; 1 s by default. */
  readonly tickMs?: number;
}

/** Rule changes that move a schedule: after each, the scheduler looks again at once. */
const SCHEDULE_CHANGES = new Set(['putRule', 'deleteRule', 'enableRule', 'disableRule']);

export class ServerEvents {
  /** The service front doors call: the same as the CLI's, and a rule change wakes the scheduler. */
  readonly service: EventBridgeService;
  readonly router: EventRouter;
  readonly scheduler: Scheduler;
  readonly #abort = new AbortController();
  #routing: Promise<void> | undefined;

  constructor(options: ServerEventsOptions) {
    const { metadata, clock, log } = options;
    const service = new CatalogEventBridgeService(metadata.eventbridge, clock);
    this.router = new EventRouter({
      catalog: metadata.eventbridge,
      outbox: metadata.outbox,
      invoker: options.invoker,
      clock,
      onError: (err) => log(`event router: ${(err as Error).message}`),
    });
    this.scheduler = new Scheduler({
      source: eventBridgeScheduleSource(service, metadata.eventbridge),
      state: metadata.eventSchedules,
      clock,
      log,
      missed: options.missed,
      tickMs: options.tickMs,
    });
    this.service = new Proxy(service, {
      get: (target, name: keyof EventBridgeService) => {
        const member = target[name] as unknown;
        if (typeof member !== 'function') return member;
        const method = (member as (...args: unknown[]) => unknown).bind(target);
        if (!SCHEDULE_CHANGES.has(name)) return method;
        return async (...args: unknown[]) => {
          const result = await method(...args);
          this.scheduler.poke();
          return result;
        };
      },
    });
  }

  /** Starts delivering and firing; what the outbox holds from before is routed first thing. */
  async start(): Promise<void> {
    this.#routing ??= this.router.run(this.#abort.signal);
    await this.scheduler.start();
  }

  async close(): Promise<void> {
    await this.scheduler.close();
    this.#abort.abort();
    await this.#routing;
  }
}
