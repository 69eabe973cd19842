import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTimedLines, summarizeLog } from '../core/log-times.js';
import type { LogEvent, LogGroupInfo, LogSource, LogStreamInfo } from './log-source.js';

export const ENDPOINT_GROUP_PREFIX = '/aws/sagemaker/Endpoints/';

/** One container log of an endpoint instance, and the stream it is. */
interface InstanceLog {
  readonly stream: string;
  readonly path: string;
}

/**
 * Endpoints as log groups, `/aws/sagemaker/Endpoints/<endpoint>`, one stream per instance,
 * `<variant>/<instance id>` as SageMaker names them, read from the logs the endpoint host's
 * container instances write under `<home>/endpoints/<endpoint>/serving/<config>.<generation>/
 * <variant>/instance-<n>/container-<i>/container.log` (`serving/host/start-endpoint.ts`). The
 * instance id is EC2's shape (`i-` and 17 hex digits) derived from that folder, so it is stable
 * across restarts of the server and differs between an endpoint's configs. The second and later
 * containers of an inference pipeline are `<variant>/<instance id>/container-<i>`. In-process
 * runtimes (the linear learner, XGBoost, ONNX) print nothing, so their instances have no stream.
 * Logs outlive the endpoint, as CloudWatch keeps a deleted endpoint's group.
 */
export class EndpointLogSource implements LogSource {
  /** `endpointsRoot` is `<home>/endpoints`. */
  constructor(private readonly endpointsRoot: string) {}

  owns(group: string): boolean {
    return group.startsWith(ENDPOINT_GROUP_PREFIX) && group.length > ENDPOINT_GROUP_PREFIX.length;
  }

  async groups(): Promise<LogGroupInfo[]> {
    const groups: LogGroupInfo[] = [];
    for (const endpoint of entries(this.endpointsRoot)) {
      const group = ENDPOINT_GROUP_PREFIX + endpoint;
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
    const lines = log && readTimedLines(log.path);
    return lines?.map((line) => ({ timestamp: line.time, message: line.text, ingestionTime: line.time }));
  }

  private logsOf(group: string): InstanceLog[] {
    if (!this.owns(group)) return [];
    const endpoint = group.slice(ENDPOINT_GROUP_PREFIX.length);
    // A name with a slash or dots would leave the endpoints folder; SageMaker's names have neither.
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(endpoint)) return [];
    const serving = join(this.endpointsRoot, endpoint, 'serving');
    const logs: InstanceLog[] = [];
    for (const config of entries(serving)) {
      for (const variant of entries(join(serving, config))) {
        for (const instance of entries(join(serving, config, variant)).filter((e) => e.startsWith('instance-'))) {
          const id = instanceId(`${endpoint}/${config}/${variant}/${instance}`);
          for (const container of entries(join(serving, config, variant, instance))) {
            const index = /^container-(\d+)$/.exec(container)?.[1];
            if (index === undefined) continue;
            const stream = index === '0' ? `${variant}/${id}` : `${variant}/${id}/container-${index}`;
            logs.push({ stream, path: join(serving, config, variant, instance, container, 'container.log') });
          }
        }
      }
    }
    return logs;
  }
}

function instanceId(folder: string): string {
  return `i-${createHash('sha256').update(folder).digest('hex').slice(0, 17)}`;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}
