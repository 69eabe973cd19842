import type { Clock } from '../../core/clock.js';
import { type BusRules, deliveriesFor } from './bus-rules.js';
import { busName } from './eventbridge-arns.js';
import type { EventBridgeCatalog } from './eventbridge-catalog.js';
import type { ReplayRecord } from './eventbridge-records.js';

/**
 * Carries active replays on by one batch each: the archive's events in the replay's time range,
 * after its cursor, are matched against the destination bus's rules (only `filterArns` when
 * given) and queued for delivery with `replay-name` set, in the transaction that moves the
 * cursor, so a restart neither skips nor repeats a batch. A replay with nothing left is
 * COMPLETED; a CANCELLING one is CANCELLED. Returns how many events were replayed.
 */
export async function replayOnce(catalog: EventBridgeCatalog, rules: BusRules, clock: Clock, batch = 100): Promise<number> {
  let replayed = 0;
  for (const replay of await catalog.activeReplays()) {
    if (replay.state === 'CANCELLING') {
      await catalog.commitReplayed(replay.replayName, { afterSeq: replay.afterSeq, deliveries: [], state: 'CANCELLED' });
      continue;
    }
    replayed += await replayBatch(catalog, rules, clock, replay, batch);
  }
  return replayed;
}

async function replayBatch(
  catalog: EventBridgeCatalog,
  rules: BusRules,
  clock: Clock,
  replay: ReplayRecord & { readonly afterSeq: number },
  batch: number,
): Promise<number> {
  const archive = /archive\/(.+)$/.exec(replay.eventSourceArn)?.[1] ?? replay.eventSourceArn;
  const events = await catalog.listArchivedEvents(archive, {
    from: replay.eventStartTime,
    to: replay.eventEndTime,
    afterSeq: replay.afterSeq,
    limit: batch,
  });
  if (events.length === 0) {
    await catalog.commitReplayed(replay.replayName, { afterSeq: replay.afterSeq, deliveries: [], state: 'COMPLETED' });
    return 0;
  }
  const index = await rules.index(busName(replay.destination.arn), await catalog.rulesRevision());
  const only = replay.destination.filterArns?.length ? new Set(replay.destination.filterArns) : undefined;
  const now = clock.now();
  const deliveries = events.flatMap(({ event }) => {
    const matched = index.match(event).filter((r) => !only || only.has(r.arn));
    return deliveriesFor(matched, event, now, replay.replayName);
  });
  const last = events[events.length - 1] as (typeof events)[number];
  await catalog.commitReplayed(replay.replayName, {
    afterSeq: last.seq,
    lastReplayed: new Date(last.event.time),
    deliveries,
    state: 'RUNNING',
  });
  return events.length;
}
