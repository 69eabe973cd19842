/**
 * The `logs` capability: job and endpoint output read as CloudWatch Logs shows it (log groups,
 * streams, events), for the CloudWatch Logs front door and `godwit logs`. Nothing is copied into
 * a log store: each source reads the files processes already write (a job's step log, an endpoint
 * container's log) with the times noted beside them (`src/core/log-times.ts`), so a log is
 * readable while it is written, and survives Godwit.
 *
 * A `LogSource` answers for one family of groups (SageMaker's training jobs, one endpoint, …).
 * A group exists while it has a stream, as in CloudWatch a group appears with its first log.
 */

export interface LogGroupInfo {
  readonly name: string;
  /** Epoch ms: when its oldest stream began. */
  readonly creationTime: number;
  readonly storedBytes: number;
}

export interface LogStreamInfo {
  readonly name: string;
  readonly creationTime: number;
  /** Absent while the stream has no event. Epoch ms, like every time here. */
  readonly firstEventTimestamp?: number;
  readonly lastEventTimestamp?: number;
  readonly lastIngestionTime?: number;
  readonly storedBytes: number;
}

/** One line of output. `ingestionTime` is when Godwit saw it, which is when it was written. */
export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
}

/** A line read with `readTimedLines` as an event: Godwit saw it (ingested it) when it was written. */
export function toEvent(message: string, time: number): LogEvent {
  return { timestamp: time, message, ingestionTime: time };
}

export interface LogSource {
  /** Whether `group` is one of this source's names (it may still have no streams). */
  owns(group: string): boolean;
  /** The groups that have at least one stream, in any order. */
  groups(): Promise<LogGroupInfo[]>;
  /** The group's streams in any order; empty for a group of this source with none. */
  streams(group: string): Promise<LogStreamInfo[]>;
  /** The stream's events, oldest first (the order they were written); `undefined` for no such stream. */
  events(group: string, stream: string): Promise<LogEvent[] | undefined>;
  /**
   * The events of each of the group's streams whose name `wanted` accepts, by stream name, as
   * FilterLogEvents reads them: the group is listed once and no stream's summary is read (a
   * job source makes one catalog query however many streams it reads).
   */
  eventsOf(group: string, wanted: (stream: string) => boolean): Promise<Map<string, LogEvent[]>>;
}
