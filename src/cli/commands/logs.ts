import { GodwitError } from '../../core/errors.js';
import { ENDED, type JobKind } from '../../jobs/job-records.js';
import { ENDPOINT_GROUP_PREFIX } from '../../logs/endpoint-log-source.js';
import { followEvents } from '../../logs/follow-events.js';
import { JOB_LOG_GROUPS, jobStreamName } from '../../logs/job-log-source.js';
import type { StreamEvent } from '../../logs/log-reader.js';
import { logReaderFor } from '../../logs/open-log-reader.js';
import { type CliIo, EXIT, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointLogsOptions, jobLogsOptions } from '../spec/logs-specs.js';

/** `godwit logs training-job|processing-job|transform-job NAME`: the job's stream, read from the home. */
export const jobLogs = (kind: JobKind): Handler<typeof jobLogsOptions> => ({
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (metadata, home) => {
      const job = await metadata.jobs.get(kind, name);
      if (!job) {
        throw new GodwitError('E_JOB_NOT_FOUND', `There is no ${kind} job named "${name}".`, {
          hint: `The SageMaker door's List${kind.charAt(0).toUpperCase()}${kind.slice(1)}Jobs lists them.`,
        });
      }
      const reader = logReaderFor(home, metadata);
      const group = JOB_LOG_GROUPS[kind];
      const read = async () => {
        const current = await metadata.jobs.get(kind, name);
        if (current?.runId === undefined) return [];
        return reader.filter(group, { streamNames: [jobStreamName(current)] }).catch(() => []);
      };
      let printed = 0;
      await untilInterrupted(values.follow === true, (signal) =>
        followEvents({
          read,
          print: (event) => {
            printed++;
            printEvent(io, event, values.json === true, false);
          },
          follow: values.follow === true,
          ended: async () => ENDED.has((await metadata.jobs.get(kind, name))?.status ?? 'Completed'),
          signal,
        }),
      );
      if (printed === 0 && !values.json) {
        write(io.stderr, job.runId === undefined ? `Job "${name}" has not started yet.` : `Job "${name}" has written no log.`);
      }
      return EXIT.ok;
    }),
});

/** `godwit logs endpoint NAME [--variant V]`: every instance's output, interleaved by time. */
export const endpointLogs: Handler<typeof endpointLogsOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (metadata, home) => {
      const reader = logReaderFor(home, metadata);
      const group = ENDPOINT_GROUP_PREFIX + name;
      const streamPrefix = values.variant === undefined ? undefined : `${values.variant}/`;
      // Fails at once for an endpoint without logs, naming the group; following waits for none.
      const first = await reader.filter(group, { streamPrefix });
      let reads = 0;
      await untilInterrupted(values.follow === true, (signal) =>
        followEvents({
          read: async () => (reads++ === 0 ? first : reader.filter(group, { streamPrefix })),
          print: (event) => printEvent(io, event, values.json === true, true),
          follow: values.follow === true,
          signal,
        }),
      );
      return EXIT.ok;
    }),
};

function printEvent(io: CliIo, event: StreamEvent, asJson: boolean, withStream: boolean): void {
  if (asJson) write(io.stdout, JSON.stringify({ stream: event.stream, timestamp: event.timestamp, message: event.message }));
  else write(io.stdout, withStream ? `${event.stream}  ${event.message}` : event.message);
}

/** Ctrl-C ends `--follow` quietly, as the end of a job does; the handler goes when following ends. */
async function untilInterrupted<T>(follow: boolean, use: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!follow) return use(undefined);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    return await use(controller.signal);
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
