import { GodwitError } from '../core/errors.js';
import type { LogEvent } from './log-source.js';

export interface WindowQuery {
  /** Epoch ms: events at or after `startTime` and before `endTime`. */
  readonly startTime?: number;
  readonly endTime?: number;
  /** Without a token: the first events (true) or the last ones (false, CloudWatch's default). */
  readonly startFromHead?: boolean;
  readonly limit: number;
  readonly nextToken?: string;
}

export interface EventWindow {
  readonly events: LogEvent[];
  readonly nextForwardToken: string;
  readonly nextBackwardToken: string;
}

/** GetLogEvents' answer is at most 1 MB, counting each event as its message's bytes + 26. */
const MAX_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;

/**
 * GetLogEvents' paging over one stream's events. Tokens are positions among the events in the
 * time range: `f/<n>` reads forward from the n-th, `b/<n>` backward from before it. As in
 * CloudWatch, reading forward at the end gives back the same forward token (and reading backward
 * at the start the same backward token), so a follower polls with its last forward token and sees
 * new events as they are written.
 */
export function eventWindow(all: readonly LogEvent[], query: WindowQuery): EventWindow {
  const start = query.startTime ?? Number.NEGATIVE_INFINITY;
  const end = query.endTime ?? Number.POSITIVE_INFINITY;
  const events =
    query.startTime === undefined && query.endTime === undefined
      ? all
      : all.filter((e) => e.timestamp >= start && e.timestamp < end);
  const { direction, at } = parseToken(query.nextToken, query.startFromHead ? 'f' : 'b', events.length);
  let from: number;
  let to: number;
  if (direction === 'f') {
    from = at;
    to = from;
    for (let bytes = 0; to < events.length && to - from < query.limit; to++) {
      bytes += size(events[to]);
      if (bytes > MAX_BYTES && to > from) break;
    }
  } else {
    to = at;
    from = to;
    for (let bytes = 0; from > 0 && to - from < query.limit; from--) {
      bytes += size(events[from - 1]);
      if (bytes > MAX_BYTES && from < to) break;
    }
  }
  return { events: events.slice(from, to), nextForwardToken: token('f', to), nextBackwardToken: token('b', from) };
}

function size(event: LogEvent): number {
  return Buffer.byteLength(event.message) + EVENT_OVERHEAD;
}

function token(direction: 'f' | 'b', at: number): string {
  return `${direction}/${String(at).padStart(20, '0')}`;
}

function parseToken(text: string | undefined, fallback: 'f' | 'b', count: number): { direction: 'f' | 'b'; at: number } {
  if (text === undefined) return { direction: fallback, at: fallback === 'f' ? 0 : count };
  const m = /^([fb])\/(\d{1,20})$/.exec(text);
  if (!m) {
    throw new GodwitError('E_LOG_TOKEN', `The next token ${JSON.stringify(text)} was not given by this log stream.`, {
      hint: 'Pass back nextForwardToken or nextBackwardToken exactly as GetLogEvents returned them.',
    });
  }
  return { direction: m[1] as 'f' | 'b', at: Math.min(Number(m[2]), count) };
}
