import { readTimedLines, summarizeLog } from '../core/log-times.js';
import type { JobCatalog, JobKind, JobRecord } from '../jobs/job-records.js';
import type { MetadataStore } from '../meta/metadata-store.js';
import { type LogEvent, type LogGroupInfo, type LogSource, type LogStreamInfo, toEvent } from './log-source.js';

/** What the job sources read of the jobs capability. */
export type JobLookup = Pick<JobCatalog, 'get' | 'list'>;

/** SageMaker's log group per job kind. */
export const JOB_LOG_GROUPS: Readonly<Record<JobKind, string>> = {
  training: '/aws/sagemaker/TrainingJobs',
  processing: '/aws/sagemaker/ProcessingJobs',
  transform: '/aws/sagemaker/TransformJobs',
};

/**
 * SageMaker's stream name for a job's one host: `<job-name>/algo-1-<epoch seconds it started>`.
 * A job runs on this one machine, so there is one stream per job.
 */
export function jobStreamName(job: Pick<JobRecord, 'name' | 'startedAt' | 'createdAt'>): string {
  return `${job.name}/algo-1-${Math.floor((job.startedAt ?? job.createdAt).getTime() / 1000)}`;
}

/**
 * The jobs of one kind as one log group: a job's stream is its run's step log, every attempt's in
 * order (a retried job shows what each attempt wrote). A job that has not started has no stream.
 */
export class JobLogSource implements LogSource {
  readonly group: string;

  constructor(
    private readonly kind: JobKind,
    private readonly jobs: JobLookup,
    private readonly runs: Pick<MetadataStore, 'listAttempts'>,
  ) {
    this.group = JOB_LOG_GROUPS[kind];
  }

  owns(group: string): boolean {
    return group === this.group;
  }

  async groups(): Promise<LogGroupInfo[]> {
    const streams = await this.streams(this.group);
    if (streams.length === 0) return [];
    const creationTime = Math.min(...streams.map((s) => s.creationTime));
    return [{ name: this.group, creationTime, storedBytes: streams.reduce((n, s) => n + s.storedBytes, 0) }];
  }

  async streams(group: string): Promise<LogStreamInfo[]> {
    if (!this.owns(group)) return [];
    const started = (await this.jobs.list(this.kind)).filter((j) => j.runId !== undefined);
    const streams = await Promise.all(started.map((job) => this.streamOf(job)));
    return streams.filter((s): s is LogStreamInfo => s !== undefined);
  }

  async events(group: string, stream: string): Promise<LogEvent[] | undefined> {
    const job = await this.jobOf(group, stream);
    if (!job) return undefined;
    const paths = await this.logPaths(job);
    if (paths.length === 0) return undefined;
    return paths.flatMap((path) => readTimedLines(path, toEvent) ?? []);
  }

  private async jobOf(group: string, stream: string): Promise<JobRecord | undefined> {
    const slash = stream.lastIndexOf('/');
    if (!this.owns(group) || slash < 1) return undefined;
    const job = await this.jobs.get(this.kind, stream.slice(0, slash));
    return job?.runId !== undefined && jobStreamName(job) === stream ? job : undefined;
  }

  private async streamOf(job: JobRecord): Promise<LogStreamInfo | undefined> {
    const paths = await this.logPaths(job);
    if (paths.length === 0) return undefined;
    const summaries = paths.map(summarizeLog).filter((s) => s !== undefined);
    const firsts = summaries.flatMap((s) => (s.firstTime === undefined ? [] : [s.firstTime]));
    const lasts = summaries.flatMap((s) => (s.lastTime === undefined ? [] : [s.lastTime]));
    const last = lasts.length ? Math.max(...lasts) : undefined;
    return {
      name: jobStreamName(job),
      creationTime: (job.startedAt ?? job.createdAt).getTime(),
      firstEventTimestamp: firsts.length ? Math.min(...firsts) : undefined,
      lastEventTimestamp: last,
      lastIngestionTime: last,
      storedBytes: summaries.reduce((n, s) => n + s.size, 0),
    };
  }

  /** The job's attempts' logs, oldest attempt first; attempts that logged nothing have none. */
  private async logPaths(job: JobRecord): Promise<string[]> {
    if (job.runId === undefined) return [];
    const attempts = await this.runs.listAttempts(job.runId);
    return attempts
      .filter((a) => a.logPath !== undefined)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.attempt - b.attempt)
      .map((a) => a.logPath as string);
  }
}
