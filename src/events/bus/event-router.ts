import type { Clock } from '../../core/clock.js';
import type { OutboxEvent } from '../event-outbox.js';
import { EventPattern } from '../patterns/event-pattern.js';
import { BusRules, deliveriesFor } from './bus-rules.js';
import { backoffMs } from './delivery-policy.js';
import type { EventBridgeCatalog } from './eventbridge-catalog.js';
import type { ArchiveRecord, NewDelivery } from './eventbridge-records.js';
import { replayOnce } from './replay-runner.js';
import { deliverDue } from './target-delivery.js';
import type { TargetInvoker } from './target-invoker.js';

export interface EventRouterDeps {
  readonly catalog: EventBridgeCatalog;
  /** The outbox (`Metadata.outbox`): events of every bus after a cursor. */
  readonly outbox: { since(cursor?: string, limit?: number): Promise<OutboxEvent[]> };
  readonly invoker: TargetInvoker;
  readonly clock: Clock;
  /** The name the router's cursor is kept under; one router per name. */
  readonly consumer?: string;
  /** How long an idle router waits before looking at the outbox again (ms on the clock); 250 by default. */
  readonly pollMs?: number;
  /** Retry delay for a delivery's n-th attempt; `backoffMs` (exponential, jittered) by default. */
  readonly backoff?: (attempt: number) => number;
  /** Told of errors a pass hits (the database going away); the router carries on after `pollMs`. */
  readonly onError?: (err: unknown) => void;
}

/**
 * EventBridge's delivery over the outbox. One pass (`pass`) does three things, each durable:
 *
 * 1. Routing: reads the outbox after the router's stored cursor, matches each event against the
 *    enabled rules of its bus (`RuleIndex`) and its bus's archives, and in one transaction
 *    stores a delivery per matched target, the archived copies, and the cursor past the batch.
 *    The cursor never moves past an event whose deliveries are not stored: at-least-once, across
 *    restarts, and a failing target never holds back the others.
 * 2. Delivery: tries due deliveries through the `TargetInvoker`, retrying with backoff on the
 *    clock until the target's RetryPolicy is used up, then keeping a dead letter (never dropping).
 * 3. Replays: moves each active replay on by a batch of archived events.
 *
 * `run` repeats passes until its signal aborts, sleeping on the clock when idle (until the next
 * retry is due or `pollMs`, whichever comes first).
 */
export class EventRouter {
  private readonly rules: BusRules;
  private readonly consumer: string;
  private readonly backoff: (attempt: number) => number;

  constructor(private readonly deps: EventRouterDeps) {
    this.rules = new BusRules(deps.catalog);
    this.consumer = deps.consumer ?? 'event-router';
    this.backoff = deps.backoff ?? ((n) => backoffMs(n));
  }

  /** Routes one batch of outbox events; returns how many were read. */
  async route(batch = 200): Promise<number> {
    const { catalog, outbox, clock } = this.deps;
    const from = await catalog.routerCursor(this.consumer);
    const events = await outbox.since(from, batch);
    if (events.length === 0) return 0;
    const revision = await catalog.rulesRevision();
    const archives = await allArchives(catalog);
    const now = clock.now();
    const deliveries: NewDelivery[] = [];
    const archived: { archive: string; event: OutboxEvent['event'] }[] = [];
    for (const { bus, event } of events) {
      const index = await this.rules.index(bus, revision);
      deliveries.push(...deliveriesFor(index.match(event), event, now));
      for (const a of archives)
        if (a.eventBusName === bus && archiveMatches(a, event)) archived.push({ archive: a.archiveName, event });
    }
    const to = (events[events.length - 1] as OutboxEvent).cursor;
    await catalog.commitRouted({ consumer: this.consumer, from, to, deliveries, archived });
    return events.length;
  }

  /** Tries the deliveries that are due; returns how many. */
  deliver(limit = 50): Promise<number> {
    return deliverDue({ ...this.deps, backoff: this.backoff }, limit);
  }

  /** Routes, delivers and replays until there is nothing left to do now; returns whether anything was done. */
  async pass(): Promise<boolean> {
    let any = false;
    for (;;) {
      const routed = await this.route();
      const replayed = await replayOnce(this.deps.catalog, this.rules, this.deps.clock);
      const delivered = await this.deliver();
      if (routed + replayed + delivered === 0) return any;
      any = true;
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    const { clock, catalog } = this.deps;
    const pollMs = this.deps.pollMs ?? 250;
    while (!signal.aborted) {
      try {
        await this.pass();
      } catch (err) {
        this.deps.onError?.(err);
      }
      const next = await catalog.nextDeliveryDue().catch(() => undefined);
      const wait = next ? Math.min(pollMs, Math.max(0, next.getTime() - clock.now().getTime())) : pollMs;
      await clock.sleep(Math.max(1, wait), signal).catch(() => {});
    }
  }
}

async function allArchives(catalog: EventBridgeCatalog): Promise<ArchiveRecord[]> {
  const out: ArchiveRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await catalog.listArchives({}, { nextToken });
    out.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

const archivePatterns = new Map<string, EventPattern | undefined>();

function archiveMatches(archive: ArchiveRecord, event: unknown): boolean {
  if (!archive.eventPattern) return true;
  let pattern = archivePatterns.get(archive.eventPattern);
  if (!archivePatterns.has(archive.eventPattern)) {
    try {
      pattern = EventPattern.parse(archive.eventPattern);
    } catch {
      pattern = undefined;
    }
    archivePatterns.set(archive.eventPattern, pattern);
  }
  return pattern?.matches(event) ?? false;
}
