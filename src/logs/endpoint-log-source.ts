import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTimedLines, summarizeLog } from '../core/log-times.js';
import { type LogEvent, type LogGroupInfo, type LogSource, type LogStreamInfo, toEvent } from './log-source.js';

export const ENDPOINT_GROUP_PREFIX = '/aws/sagemaker/Endpoints/';

/** One container log of an endpoint instance, and the stream it is. */
interface InstanceLog {
  readonly stream: string;
  readonly path: string;
}

/**
 * Endpoints as log groups, `/aws/sagemaker/Endpoints/<endpoint>`, one stream per instance,
 * `<variant>/<instance id>` as SageMaker names them (the second and later containers of an
 * inference pipeline are `<variant>/<instance id>/container-<i>`), read from the logs the endpoint
 * host's container instances write: the stream `S` is the file `<home>/endpoints/<endpoint>/logs/S.log`
 * (`serving/host/start-endpoint.ts`, `endpointLogDir`). In-process runtimes (the linear learner,
 * XGBoost, ONNX) print nothing, so their instances have no stream. Logs outlive restarts, updates
 * and the endpoint itself, as CloudWatch keeps a deleted endpoint's group.
 */
export class EndpointLogSource implements LogSource {
  /** `endpointsRoot` is `<home>/endpoints`. */
  constructor(private readonly endpointsRoot: string) {}

  owns(group: string): boolean {
    return group.startsWith(ENDPOINT_GROUP_PREFIX) && group.length > ENDPOINT_GROUP_PREFIX.length;
  }

  async groups(): Promise<LogGroupInfo[]> {
    const groups: LogGroupInfo[] = [];
    for (const endpoint of entries(this.endpointsRoot).filter((e) => e.isDirectory())) {
      const group = ENDPOINT_GROUP_PREFIX + endpoint.name;
      const streams = await this.streams(group);
      if (streams.length === 0) continue;
      const creationTime = Math.min(...streams.map((s) => s.creationTime));
      groups.push({ name: group, creationTime, storedBytes: streams.reduce((n, s) => n + s.storedBytes, 0) });
    }
    return groups;
  }

  async streams(group: string): Promise<LogStreamInfo[]> {
    return this.logsOf(group).flatMap(({ stream, path }) => {
      const summary = summarizeLog(path);
      if (!summary) return [];
      return [
        {
          name: stream,
          creationTime: summary.createdTime,
          firstEventTimestamp: summary.firstTime,
          lastEventTimestamp: summary.lastTime,
          lastIngestionTime: summary.lastTime,
          storedBytes: summary.size,
        },
      ];
    });
  }

  async events(group: string, stream: string): Promise<LogEvent[] | undefined> {
    const log = this.logsOf(group).find((l) => l.stream === stream);
    return log && readTimedLines(log.path, toEvent);
  }

  async eventsOf(group: string, wanted: (stream: string) => boolean): Promise<Map<string, LogEvent[]>> {
    const found = new Map<string, LogEvent[]>();
    for (const { stream, path } of this.logsOf(group)) {
      const events = wanted(stream) ? readTimedLines(path, toEvent) : undefined;
      if (events) found.set(stream, events);
    }
    return found;
  }

  private logsOf(group: string): InstanceLog[] {
    if (!this.owns(group)) return [];
    const endpoint = group.slice(ENDPOINT_GROUP_PREFIX.length);
    // A name with a slash or dots would leave the endpoints folder; SageMaker's names have neither.
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(endpoint)) return [];
    const root = join(this.endpointsRoot, endpoint, 'logs');
    const logs: InstanceLog[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const entry of entries(dir)) {
        if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
        else if (entry.isFile() && entry.name.endsWith('.log')) {
          logs.push({ stream: prefix + entry.name.slice(0, -'.log'.length), path: join(dir, entry.name) });
        }
      }
    };
    walk(root, '');
    return logs;
  }
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
