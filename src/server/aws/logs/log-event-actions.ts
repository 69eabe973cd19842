import { eventWindow } from '../../../logs/event-window.js';
import { compareStreamEvents, type StreamEvent } from '../../../logs/log-reader.js';
import type { Input } from '../aws-input.js';
import type { LogsContext } from './logs-context.js';
import {
  groupOf,
  integerIfGiven,
  invalid,
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringList,
  requiredString,
} from './logs-input.js';

const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** GetLogEvents: one stream's events, a page at a time, forward or backward (`event-window.ts`). */
export async function getLogEvents(input: Input, context: LogsContext) {
  const group = groupOf(input);
  const stream = requiredString(input, 'logStreamName');
  const window = eventWindow(await context.logs.events(group, stream), {
    startTime: integerIfGiven(input, 'startTime', 0, MAX_TIME),
    endTime: integerIfGiven(input, 'endTime', 0, MAX_TIME),
    startFromHead: optionalBoolean(input, 'startFromHead'),
    limit: optionalInteger(input, 'limit', 1, 10_000, 10_000),
    nextToken: optionalString(input, 'nextToken'),
  });
  return {
    events: window.events.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: window.nextForwardToken,
    nextBackwardToken: window.nextBackwardToken,
  };
}

/**
 * FilterLogEvents: matching events of the group's streams, interleaved by time. The token names
 * the last event returned, so events written meanwhile are neither repeated nor skipped.
 */
export async function filterLogEvents(input: Input, context: LogsContext) {
  const group = groupOf(input);
  const streamNames = optionalStringList(input, 'logStreamNames', 100);
  const streamPrefix = optionalString(input, 'logStreamNamePrefix');
  if (streamNames && streamPrefix !== undefined) {
    throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  }
  const limit = optionalInteger(input, 'limit', 1, 10_000, 10_000);
  const after = tokenPosition(optionalString(input, 'nextToken'));
  const found = await context.logs.filter(group, {
    streamNames,
    streamPrefix,
    startTime: integerIfGiven(input, 'startTime', 0, MAX_TIME),
    endTime: integerIfGiven(input, 'endTime', 0, MAX_TIME),
    filterPattern: optionalString(input, 'filterPattern'),
  });
  const rest = after ? found.filter((e) => compareStreamEvents(e, after) > 0) : found;
  const events = rest.slice(0, limit);
  const last = events.at(-1);
  return {
    events: events.map((e) => ({
      logStreamName: e.stream,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: eventId(e),
    })),
    searchedLogStreams: [...new Set(found.map((e) => e.stream))].map((logStreamName) => ({
      logStreamName,
      searchedCompletely: true,
    })),
    nextToken: rest.length > limit && last ? positionToken(last) : undefined,
  };
}

/** CloudWatch's event ids are strings of digits: here the time, the stream's digest and the position. */
function eventId(e: StreamEvent): string {
  let digest = 0;
  for (let i = 0; i < e.stream.length; i++) digest = (digest * 31 + e.stream.charCodeAt(i)) >>> 0;
  return `${String(e.timestamp).padStart(16, '0')}${String(digest).padStart(10, '0')}${String(e.index).padStart(10, '0')}`;
}

function positionToken(e: StreamEvent): string {
  return Buffer.from(JSON.stringify([e.timestamp, e.stream, e.index])).toString('base64url');
}

function tokenPosition(token: string | undefined): Pick<StreamEvent, 'timestamp' | 'stream' | 'index'> | undefined {
  if (token === undefined) return undefined;
  try {
    const [timestamp, stream, index] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof timestamp === 'number' && typeof stream === 'string' && typeof index === 'number') {
      return { timestamp, stream, index };
    }
  } catch {
    // Answered below, as CloudWatch answers a token it did not write.
  }
  throw invalid('The specified nextToken is invalid.');
}
