import { mkdir } from 'node:fs/promises';
import { asGodwitError, GodwitError } from '../core/errors.js';
import type { Caller } from '../governance/governance-records.js';
import type { RunEvent } from '../runtime/events.js';
import type { RunOutcome } from '../runtime/executor.js';
import type { Services } from '../runtime/step-context.js';
import type { BackgroundRuns } from './background-runs.js';
import { jobNotFound, jobNotRunning, jobRunElsewhere } from './job-errors.js';
import type { JobKindSpec, PlanContext } from './job-kind.js';
import { JobProgress } from './job-progress.js';
import {
  ENDED,
  type JobCatalog,
  type JobChanges,
  type JobKind,
  type JobQuery,
  type JobRecord,
  type JobTag,
} from './job-records.js';
import type { JobService } from './job-service.js';
import { settle } from './job-settle.js';
import { loadJobKind } from './load-job-kind.js';

export interface LocalJobServiceOptions {
  readonly services: Services;
  readonly runs: BackgroundRuns;
  /** What a kind's `plan` may use, for one job (its own staging folder). */
  readonly planContext: (job: JobRecord) => Promise<PlanContext>;
  /** The kinds' specs; `JOB_KINDS` unless given. */
  readonly kinds?: Partial<Record<JobKind, () => Promise<JobKindSpec>>>;
}

/** A job this process drives: its run once started, whether a stop was asked, and its end. */
interface Active {
  runId?: string;
  readonly progress: JobProgress;
  stopping: boolean;
  ended: Promise<JobRecord>;
  /** Re-attached at start: another Godwit process executes its run, this one only watches it. */
  readonly adopted?: boolean;
}

const key = (kind: JobKind, name: string) => `${kind}/${name}`;

/**
 * The server's job service: each job is planned by its kind and run as a one-step background
 * run; its record follows the run's events (`JobProgress`) and is settled from the run's report
 * when the run ends. Record writes of one job are chained, so they land in the order made.
 */
export class LocalJobService implements JobService {
  private readonly active = new Map<string, Active>();
  private readonly writes = new Map<string, Promise<unknown>>();
  private closing = false;

  constructor(private readonly options: LocalJobServiceOptions) {}

  private get catalog(): JobCatalog {
    return this.options.services.metadata.jobs;
  }

  /** The kind's spec (the service's own kinds when it was given them). */
  spec(kind: JobKind): Promise<JobKindSpec> {
    return loadJobKind(kind, this.options.kinds);
  }

  async create(
    kind: JobKind,
    request: Readonly<Record<string, unknown>>,
    tags: readonly JobTag[],
    caller?: Caller,
  ): Promise<JobRecord> {
    if (this.closing)
      throw new GodwitError('E_JOB_KIND_UNAVAILABLE', `The server is stopping and starts no new ${kind} jobs.`, {
        hint: 'Create the job again once the server has restarted.',
      });
    const spec = await this.spec(kind);
    const kept = spec.validate(request);
    const name = kept[spec.fields.name] as string;
    if (spec.check) await spec.check(kept, await this.options.planContext(provisional(kind, name, kept, tags)));
    const job = await this.catalog.create({ kind, name, request: kept, tags });
    const progress = new JobProgress(kind, [], () => this.options.services.clock.now());
    progress.move('Starting');
    const recorded = await this.write(job, { secondaryStatus: 'Starting', transitions: progress.transitions });
    const entry: Active = { progress, stopping: false, ended: Promise.resolve(recorded) };
    entry.ended = this.drive(recorded, spec, progress, entry, caller).catch((err) =>
      this.fail(recorded, progress, asGodwitError(err).message),
    );
    this.track(key(kind, name), entry);
    return recorded;
  }

  private track(k: string, entry: Active): void {
    this.active.set(k, entry);
    void entry.ended.finally(() => {
      this.active.delete(k);
      this.writes.delete(k);
    });
  }

  /** Plans the job, runs it, and records how it ended; a planning error is the job's FailureReason. */
  private async drive(
    job: JobRecord,
    spec: JobKindSpec,
    progress: JobProgress,
    entry: Active,
    caller?: Caller,
  ): Promise<JobRecord> {
    let plan: Awaited<ReturnType<JobKindSpec['plan']>>;
    try {
      const context = await this.options.planContext(job);
      await mkdir(context.stagingDir, { recursive: true });
      plan = await spec.plan(job, context);
    } catch (err) {
      return this.fail(job, progress, asGodwitError(err).message);
    }
    if (entry.stopping || this.closing) return this.finish(job, spec, progress, entry, undefined);
    const run = await this.options.runs.start(caller ? { ...plan, caller } : plan, (event) => this.onEvent(job, progress, event));
    entry.runId = run.runId;
    await this.write(job, { runId: run.runId, startedAt: this.options.services.clock.now() });
    // A stop (or the server's close) that came while the run was starting ends it now.
    if (entry.stopping || this.closing) await this.options.runs.stop(run.runId);
    return this.finish(job, spec, progress, entry, await run.done);
  }

  private onEvent(job: JobRecord, progress: JobProgress, event: RunEvent): void {
    const next = progress.statusFor(event);
    if (next && progress.move(next)) void this.write(job, { secondaryStatus: next, transitions: progress.transitions });
  }

  /** Records the job's end from its run's outcome (none: it never started). */
  async finish(job: JobRecord, spec: JobKindSpec, progress: JobProgress, entry: Active, outcome?: RunOutcome) {
    const how = { stopped: entry.stopping, serverClosing: this.closing };
    const { ended, ...changes } = await settle(
      this.options.services,
      spec,
      job,
      outcome,
      how,
      await this.options.planContext(job),
    );
    if (ended) progress.end(ended.secondaryStatus, ended.message);
    else progress.end(changes.status, changes.status === 'Failed' ? changes.failureReason : undefined);
    const secondaryStatus = ended?.secondaryStatus ?? changes.status;
    return this.write(job, { ...changes, secondaryStatus, transitions: progress.transitions });
  }

  async fail(job: JobRecord, progress: JobProgress, reason: string): Promise<JobRecord> {
    progress.end('Failed', reason);
    const now = this.options.services.clock.now();
    const changes: JobChanges = { status: 'Failed', failureReason: reason, endedAt: now, secondaryStatus: 'Failed' };
    return this.write(job, { ...changes, transitions: progress.transitions });
  }

  /** One job's record writes, in order; resolves to the record after this one. */
  write(job: JobRecord, changes: JobChanges): Promise<JobRecord> {
    const k = key(job.kind, job.name);
    const next = (this.writes.get(k) ?? Promise.resolve()).then(() => this.catalog.update(job.kind, job.name, changes));
    this.writes.set(
      k,
      next.catch(() => {}),
    );
    return next;
  }

  async get(kind: JobKind, name: string): Promise<JobRecord> {
    const job = await this.catalog.get(kind, name);
    if (!job) throw jobNotFound(kind, name);
    return job;
  }

  list(kind: JobKind, query?: JobQuery): Promise<JobRecord[]> {
    return this.catalog.list(kind, query);
  }

  async stop(kind: JobKind, name: string): Promise<void> {
    const job = await this.get(kind, name);
    const entry = this.active.get(key(kind, name));
    if (job.status !== 'InProgress' || !entry || entry.stopping) throw jobNotRunning(kind, name, job.status);
    // A re-attached job's run is another process's: recording Stopping here would stop nothing.
    if (entry.adopted && entry.runId) throw jobRunElsewhere(kind, name, entry.runId);
    entry.stopping = true;
    entry.progress.move('Stopping');
    await this.write(job, { status: 'Stopping', secondaryStatus: 'Stopping', transitions: entry.progress.transitions });
    if (entry.runId) void this.options.runs.stop(entry.runId);
  }

  async waitFor(kind: JobKind, name: string): Promise<JobRecord> {
    const entry = this.active.get(key(kind, name));
    if (entry) return entry.ended;
    for (;;) {
      const job = await this.get(kind, name);
      if (ENDED.has(job.status)) return job;
      await this.options.services.clock.sleep(200);
    }
  }

  /** Jobs this process drives (re-attached ones too). */
  adopt(job: JobRecord, ended: Promise<JobRecord>): void {
    const progress = new JobProgress(job.kind, job.transitions, () => this.options.services.clock.now());
    this.track(key(job.kind, job.name), { runId: job.runId, progress, stopping: false, ended, adopted: true });
  }

  /** Settles a re-attached job from the outcome of the run another process executed. */
  async settleAdopted(job: JobRecord, outcome: RunOutcome): Promise<JobRecord> {
    // The entry `adopt` tracks holds what happened since (its transitions); build one only if none is.
    const entry = this.active.get(key(job.kind, job.name)) ?? {
      progress: new JobProgress(job.kind, job.transitions, () => this.options.services.clock.now()),
      stopping: job.status === 'Stopping',
      ended: Promise.resolve(job),
    };
    return this.finish(job, await this.spec(job.kind), entry.progress, entry, outcome);
  }

  async close(): Promise<void> {
    this.closing = true;
    const ending = [...this.active.values()].map((a) => a.ended.catch(() => undefined));
    await this.options.runs.close();
    await Promise.all(ending);
    await Promise.all([...this.writes.values()]);
  }
}

/** The record a job will have, for the kind's `check` before anything is recorded. */
function provisional(
  kind: JobKind,
  name: string,
  request: Readonly<Record<string, unknown>>,
  tags: readonly JobTag[],
): JobRecord {
  const now = new Date();
  return { kind, name, request, status: 'InProgress', transitions: [], createdAt: now, lastModifiedAt: now, result: {}, tags };
}
