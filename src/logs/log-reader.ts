import { GodwitError } from '../core/errors.js';
import { compileFilterPattern } from './filter-pattern.js';
import type { LogEvent, LogGroupInfo, LogSource, LogStreamInfo } from './log-source.js';

export interface StreamQuery {
  readonly prefix?: string;
  /** CloudWatch's `orderBy`: by name (default), or by the time of the last event. */
  readonly orderBy?: 'LogStreamName' | 'LastEventTime';
  readonly descending?: boolean;
}

export interface EventQuery {
  /** Only these streams (names that do not exist are skipped, as CloudWatch does). */
  readonly streamNames?: readonly string[];
  readonly streamPrefix?: string;
  /** Epoch ms: events at or after `startTime` and before `endTime`. */
  readonly startTime?: number;
  readonly endTime?: number;
  readonly filterPattern?: string;
}

/** An event of a filtered search: which stream, and where in it (`index`, its position). */
export interface StreamEvent extends LogEvent {
  readonly stream: string;
  readonly index: number;
}

/**
 * Reads log groups, streams and events from every source, in CloudWatch's terms; the CloudWatch
 * Logs door and `godwit logs` call it. Unknown groups and streams are `E_LOG_GROUP_NOT_FOUND` /
 * `E_LOG_STREAM_NOT_FOUND` (the door's `ResourceNotFoundException`).
 */
export class LogReader {
  constructor(private readonly sources: readonly LogSource[]) {}

  /** Groups by name, ascending (CloudWatch's only order). */
  async groups(prefix = ''): Promise<LogGroupInfo[]> {
    const all = (await Promise.all(this.sources.map((s) => s.groups()))).flat();
    return all.filter((g) => g.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async streams(group: string, query: StreamQuery = {}): Promise<LogStreamInfo[]> {
    const streams = (await this.existingStreams(group)).filter((s) => s.name.startsWith(query.prefix ?? ''));
    const byName = (a: LogStreamInfo, b: LogStreamInfo) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const sorted =
      query.orderBy === 'LastEventTime'
        ? streams.sort((a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || byName(a, b))
        : streams.sort(byName);
    return query.descending ? sorted.reverse() : sorted;
  }

  /** A stream's events, oldest first. */
  async events(group: string, stream: string): Promise<LogEvent[]> {
    const source = this.sourceOf(group);
    const events = await source.events(group, stream);
    if (events) return events;
    await this.existingStreams(group);
    throw new GodwitError('E_LOG_STREAM_NOT_FOUND', `The log stream ${stream} does not exist in log group ${group}.`, {
      hint: 'DescribeLogStreams (or godwit logs) lists its streams.',
    });
  }

  /**
   * Events of the group's streams that match the query, interleaved by time (ties by stream name,
   * then order in the stream).
   */
  async filter(group: string, query: EventQuery = {}): Promise<StreamEvent[]> {
    const matches = compileFilterPattern(query.filterPattern);
    const wanted = query.streamNames ? new Set(query.streamNames) : undefined;
    const prefix = query.streamPrefix ?? '';
    const byStream = await this.sourceOf(group).eventsOf(
      group,
      (name) => (!wanted || wanted.has(name)) && name.startsWith(prefix),
    );
    // None read: the group may still exist with other streams, or not at all.
    if (byStream.size === 0) await this.existingStreams(group);
    const start = query.startTime ?? Number.NEGATIVE_INFINITY;
    const end = query.endTime ?? Number.POSITIVE_INFINITY;
    const found: StreamEvent[] = [];
    for (const [name, events] of byStream) {
      events.forEach((e, index) => {
        if (e.timestamp >= start && e.timestamp < end && matches(e.message)) found.push({ ...e, stream: name, index });
      });
    }
    return found.sort(compareStreamEvents);
  }

  private sourceOf(group: string): LogSource {
    const source = this.sources.find((s) => s.owns(group));
    if (!source) throw groupNotFound(group);
    return source;
  }

  private async existingStreams(group: string): Promise<LogStreamInfo[]> {
    const streams = await this.sourceOf(group).streams(group);
    if (streams.length === 0) throw groupNotFound(group);
    return streams;
  }
}

/** The order FilterLogEvents returns events in; its paging token names a position in it. */
export function compareStreamEvents(
  a: Pick<StreamEvent, 'timestamp' | 'stream' | 'index'>,
  b: Pick<StreamEvent, 'timestamp' | 'stream' | 'index'>,
): number {
  return a.timestamp - b.timestamp || (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0) || a.index - b.index;
}

function groupNotFound(group: string): GodwitError {
  return new GodwitError('E_LOG_GROUP_NOT_FOUND', `The log group ${group} does not exist.`, {
    hint: 'Godwit has /aws/sagemaker/TrainingJobs, /ProcessingJobs and /TransformJobs once such a job has run, and /aws/sagemaker/Endpoints/<name> once an endpoint container has written output; DescribeLogGroups lists them.',
  });
}
