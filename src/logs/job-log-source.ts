import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTimedLines, summarizeLog } from '../core/log-times.js';
import type { JobCatalog, JobKind, JobRecord } from '../jobs/job-records.js';
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
 * Each call makes one catalog query: the logs are found in the run's folder, not looked up.
 */
export class JobLogSource implements LogSource {
  readonly group: string;

  constructor(
    private readonly kind: JobKind,
    private readonly jobs: JobLookup,
    /** Where runs keep their folders (`GodwitHome.runsDir`), each job's run's among them. */
    private readonly runsDir: string,
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
    const streams = (await this.started(group)).map((job) => this.streamOf(job));
    return streams.filter((s): s is LogStreamInfo => s !== undefined);
  }

  async events(group: string, stream: string): Promise<LogEvent[] | undefined> {
    const job = await this.jobOf(group, stream);
    return job && this.eventsOfJob(job);
  }

  async eventsOf(group: string, wanted: (stream: string) => boolean): Promise<Map<string, LogEvent[]>> {
    const found = new Map<string, LogEvent[]>();
    for (const job of await this.started(group)) {
      const name = jobStreamName(job);
      const events = wanted(name) ? this.eventsOfJob(job) : undefined;
      if (events) found.set(name, events);
    }
    return found;
  }

  /** The group's jobs that have a run, in one query. */
  private async started(group: string): Promise<JobRecord[]> {
    if (!this.owns(group)) return [];
    return (await this.jobs.list(this.kind)).filter((j) => j.runId !== undefined);
  }

  private eventsOfJob(job: JobRecord): LogEvent[] | undefined {
    const paths = this.logPaths(job);
    if (paths.length === 0) return undefined;
    return paths.flatMap((path) => readTimedLines(path, toEvent) ?? []);
  }

  private async jobOf(group: string, stream: string): Promise<JobRecord | undefined> {
    const slash = stream.lastIndexOf('/');
    if (!this.owns(group) || slash < 1) return undefined;
    const job = await this.jobs.get(this.kind, stream.slice(0, slash));
    return job?.runId !== undefined && jobStreamName(job) === stream ? job : undefined;
  }

  private streamOf(job: JobRecord): LogStreamInfo | undefined {
    const paths = this.logPaths(job);
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

  /**
   * The job's attempts' logs, oldest attempt first, where the executor writes them
   * (`<run>/steps/<step>/attempt-<n>.log`, runtime/workspace.ts `attemptPaths`); an attempt that
   * logged nothing has none.
   */
  private logPaths(job: JobRecord): string[] {
    if (job.runId === undefined) return [];
    const steps = join(this.runsDir, job.runId, 'steps');
    const logs: { path: string; attempt: number; step: string }[] = [];
    for (const step of entries(steps)) {
      if (!step.isDirectory()) continue;
      for (const file of entries(join(steps, step.name))) {
        const attempt = ATTEMPT_LOG.exec(file.name)?.[1];
        if (attempt !== undefined && file.isFile())
          logs.push({ path: join(steps, step.name, file.name), attempt: Number(attempt), step: step.name });
      }
    }
    logs.sort((a, b) => a.attempt - b.attempt || (a.step < b.step ? -1 : a.step > b.step ? 1 : 0));
    return logs.map((l) => l.path);
  }
}

const ATTEMPT_LOG = /^attempt-(\d+)\.log$/;

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
