import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { asGodwitError, GodwitError } from '../core/errors.js';
import { newRunId } from '../core/ids.js';
import type { Caller, Principal } from '../governance/governance-records.js';
import type { ArtifactRecord, RunStatus, StepRecord, StepStatus } from '../meta/metadata-store.js';
import { effectiveStatus, requireRun } from '../meta/run-status.js';
import type { ParameterValue, PipelineIR, StepIR } from '../pipeline/ir.js';
import { branchOwners, dependenciesOf } from '../pipeline/walk.js';
import type { RunReporter } from './events.js';
import { closeOrphanedAttempts } from './orphaned-attempts.js';
import { type RunOutputs, ValueResolver } from './resolve.js';
import { callerOfRun, localCaller, startedByOf } from './run-caller.js';
import type { RunInfo, Services } from './step-context.js';
import { executeStep } from './step-execution.js';

export interface ExecutorOptions {
  readonly services: Services;
  /** How many steps run at once; default: the number of CPUs. */
  readonly concurrency: number;
  readonly reporter?: RunReporter;
  /** Aborting stops the run: running steps are ended and the run is marked stopped. */
  readonly signal?: AbortSignal;
  /**
   * Variables every step gets on top of Godwit's own environment (a step's own `env` still wins):
   * the S3 endpoint, region and local credentials when the run reaches S3 (`s3EnvForRun`).
   */
  readonly stepEnv?: Readonly<Record<string, string>>;
  /**
   * Who a new run acts as (`godwit run --as P`, the server's authenticated caller); the local user
   * by default. A resumed run keeps the caller it started with (read back from `startedBy`).
   */
  readonly caller?: Caller;
  /** The principal store's lookup, to find a resumed run's principal again (absent: taken on trust, with no policies). */
  readonly principalLookup?: (nameOrArn: string) => Promise<Principal | undefined>;
}

export interface RunOutcome {
  readonly runId: string;
  readonly status: RunStatus;
  readonly error?: string;
  readonly runDir: string;
}

const DONE: ReadonlySet<StepStatus> = new Set(['succeeded', 'cached']);

/** Starts a new run of a validated pipeline with resolved parameters. */
export async function startRun(
  ir: PipelineIR,
  parameters: Readonly<Record<string, ParameterValue>>,
  source: { baseDir: string; pipelineFile?: string },
  options: ExecutorOptions,
): Promise<RunOutcome> {
  const { services } = options;
  const startedAt = services.clock.now();
  const id = newRunId(startedAt);
  const caller = options.caller ?? localCaller();
  const runDir = join(services.home.runsDir, id);
  await mkdir(runDir, { recursive: true });
  // The IR is kept once, in the metadata database (resume reads it there, and a shared
  // PostgreSQL database serves it to every machine); the run folder keeps the parameters.
  await writeFile(join(runDir, 'parameters.json'), `${JSON.stringify(parameters, null, 2)}\n`);
  await services.metadata.store.createRun({
    id,
    pipeline: ir.name,
    ir,
    parameters,
    pipelineFile: source.pipelineFile,
    baseDir: source.baseDir,
    runDir,
    startedAt,
    pid: process.pid,
    host: hostname(),
    startedBy: startedByOf(caller),
  });
  const run: RunInfo = {
    id,
    ir,
    parameters,
    baseDir: source.baseDir,
    runDir,
    startedAt,
    pipelineFile: source.pipelineFile,
    hostEnv: { ...process.env, ...options.stepEnv },
    caller,
  };
  return new RunExecution(...(await governed(run, options)), new Map(), false).execute();
}

/**
 * Finishes a failed, stopped or interrupted run: steps that succeeded (or were served from the
 * cache) keep their outputs and are not run again; everything else runs.
 */
export async function resumeRun(runId: string, options: ExecutorOptions): Promise<RunOutcome> {
  const { store } = options.services.metadata;
  const record = await requireRun(store, options.services.home.root, runId);
  const status = effectiveStatus(record);
  if (status === 'succeeded' || status === 'running') {
    throw new GodwitError(
      'E_RUN_NOT_RESUMABLE',
      `Run ${runId} is ${status}; only failed, stopped or interrupted runs can be resumed.`,
    );
  }
  const previous = new Map((await store.listSteps(runId)).map((s) => [s.name, s]));
  await store.updateRun(runId, {
    status: 'running',
    endedAt: undefined,
    error: undefined,
    pid: process.pid,
    host: hostname(),
    resumes: record.resumes + 1,
  });
  // After claiming the run, so a second resume started meanwhile is refused while this one ends
  // what the dead execution left running.
  const notices = await closeOrphanedAttempts(runId, record.runDir, options.services);
  const run: RunInfo = {
    id: runId,
    ir: record.ir,
    parameters: record.parameters,
    baseDir: record.baseDir,
    runDir: record.runDir,
    startedAt: record.startedAt,
    pipelineFile: record.pipelineFile,
    hostEnv: { ...process.env, ...options.stepEnv },
    caller: await callerOfRun(record.startedBy, options.principalLookup),
  };
  return new RunExecution(...(await governed(run, options)), previous, true, notices).execute();
}

/**
 * The run and options as its caller may use them (run-stores.ts): a principal's stores checked
 * as the principal, and its steps' processes signing with the run's session key instead of the
 * home's local one.
 */
async function governed(run: RunInfo, options: ExecutorOptions): Promise<[RunInfo, ExecutorOptions]> {
  if (run.caller.kind === 'local') return [run, options];
  const { servicesFor, sessionEnv } = await import('./run-stores.js');
  return [
    { ...run, hostEnv: await sessionEnv(run, options.services.home.root) },
    { ...options, services: await servicesFor(run.caller, options.services) },
  ];
}

/** One execution of a run: dependency counting, branch skipping, concurrency and stop. */
class RunExecution {
  private readonly steps: ReadonlyMap<string, StepIR>;
  private readonly deps: ReadonlyMap<string, string[]>;
  private readonly dependents = new Map<string, string[]>();
  private readonly owners: ReturnType<typeof branchOwners>;
  private readonly state = new Map<string, StepRecord>();
  private readonly waiting = new Map<string, number>();
  private readonly ready: string[] = [];
  private readonly outputs: RunOutputs = { artifacts: new Map(), metrics: new Map() };
  private readonly resolver: ValueResolver;
  private running = 0;
  private halted = false;
  private firstError?: string;
  private finish!: () => void;

  constructor(
    private readonly run: RunInfo,
    private readonly options: ExecutorOptions,
    private readonly previous: ReadonlyMap<string, StepRecord>,
    private readonly resumed: boolean,
    /** Told to the display once the run has started (processes a resume had to end). */
    private readonly notices: readonly string[] = [],
  ) {
    this.steps = new Map(run.ir.steps.map((s) => [s.name, s]));
    this.deps = dependenciesOf(run.ir);
    this.owners = branchOwners(run.ir);
    for (const [name, ups] of this.deps)
      for (const up of ups) this.dependents.set(up, [...(this.dependents.get(up) ?? []), name]);
    this.resolver = new ValueResolver(
      run,
      this.outputs,
      options.services.store,
      options.services.metadata.pipelines,
      (step) => this.state.get(step)?.cachedFrom ?? run.id,
    );
  }

  async execute(): Promise<RunOutcome> {
    const { store } = this.options.services.metadata;
    await this.restorePrevious();
    const signal = this.options.signal;
    const onStop = () => {
      this.halted = true;
      this.firstError ??= 'Stopped by the user.';
    };
    signal?.addEventListener('abort', onStop, { once: true });
    this.options.reporter?.({
      type: 'run-started',
      runId: this.run.id,
      pipeline: this.run.ir.name,
      resumed: this.resumed,
      steps: this.run.ir.steps.map((s) => ({ name: s.name, type: s.type, status: this.state.get(s.name)?.status ?? 'pending' })),
    });
    for (const message of this.notices) this.options.reporter?.({ type: 'notice', message });
    await store.addEvent({
      runId: this.run.id,
      at: this.now(),
      type: this.resumed ? 'run-resumed' : 'run-started',
      message: `${this.run.ir.name}`,
    });

    const done = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    for (const step of this.run.ir.steps) {
      if (this.state.has(step.name)) continue;
      const open = (this.deps.get(step.name) ?? []).filter((d) => !DONE.has(this.state.get(d)?.status ?? 'pending'));
      this.waiting.set(step.name, open.length);
      if (open.length === 0) this.ready.push(step.name);
    }
    // A resumed run may hold steps whose upstream was skipped by a condition decided last time.
    for (const [name, record] of [...this.state]) if (record.status === 'skipped') await this.skipDependents(name);
    this.pump();
    await done;
    signal?.removeEventListener('abort', onStop);

    const status: RunStatus = signal?.aborted ? 'stopped' : this.firstError !== undefined ? 'failed' : 'succeeded';
    for (const step of this.run.ir.steps) {
      if (this.state.has(step.name)) continue;
      await this.record({
        name: step.name,
        type: step.type,
        status: 'not-run',
        reason: status === 'stopped' ? 'the run was stopped' : 'an earlier step failed',
      });
    }
    const endedAt = this.now();
    await store.updateRun(this.run.id, { status, endedAt, error: status === 'succeeded' ? undefined : this.firstError });
    await store.addEvent({ runId: this.run.id, at: endedAt, type: `run-${status}`, message: this.firstError ?? status });
    this.options.reporter?.({
      type: 'run-finished',
      runId: this.run.id,
      status,
      error: status === 'succeeded' ? undefined : this.firstError,
      durationMs: endedAt.getTime() - this.run.startedAt.getTime(),
    });
    return { runId: this.run.id, status, error: status === 'succeeded' ? undefined : this.firstError, runDir: this.run.runDir };
  }

  /** Keeps what a previous execution of this run finished; everything else runs again. */
  private async restorePrevious(): Promise<void> {
    if (this.previous.size === 0) return;
    const { store } = this.options.services.metadata;
    const artifacts = await store.listArtifacts(this.run.id);
    const metrics = await store.listMetrics(this.run.id);
    for (const [name, record] of this.previous) {
      if (!DONE.has(record.status)) continue;
      this.state.set(name, record);
    }
    for (const a of artifacts) if (this.state.has(a.step)) this.outputsOf(a.step).set(a.name, a);
    for (const m of metrics) if (this.state.has(m.step)) this.metricsOf(m.step)[m.name] = m.value;
    // Re-apply decided conditions so their untaken branch stays skipped.
    for (const [name, record] of this.state) {
      const step = this.steps.get(name);
      if (step?.type === 'condition' && record.outcome) {
        for (const skipped of record.outcome === 'then' ? step.else : step.then) {
          this.state.set(skipped, {
            runId: this.run.id,
            name: skipped,
            type: this.steps.get(skipped)?.type ?? 'function',
            status: 'skipped',
            attempts: 0,
            reason: branchReason(name, record.outcome),
          });
        }
      }
    }
  }

  private pump(): void {
    while (!this.halted && this.ready.length > 0 && this.running < this.options.concurrency) {
      const name = this.ready.shift() as string;
      this.running++;
      this.launch(name)
        .catch((err) => {
          // Bookkeeping itself failed (disk full, database gone): stop starting steps.
          this.halted = true;
          this.firstError ??= asGodwitError(err).describe();
        })
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
    if (this.running === 0 && (this.halted || this.ready.length === 0)) this.finish();
  }

  private async launch(name: string): Promise<void> {
    const step = this.steps.get(name) as StepIR;
    const previous = this.previous.get(name);
    const result = await executeStep(step, {
      run: this.run,
      services: this.options.services,
      resolver: this.resolver,
      outputs: this.outputs,
      signal: this.options.signal,
      reporter: this.options.reporter,
      firstAttempt: (previous?.attempts ?? 0) + 1,
      owner: this.owners.get(name),
    });
    this.state.set(name, result.record);
    if (result.record.status === 'failed') {
      this.halted = true;
      this.firstError ??= result.record.reason ?? `Step "${name}" failed.`;
      return;
    }
    if (result.record.status === 'stopped') return;
    if (step.type === 'condition' && result.record.outcome) {
      const untaken = result.record.outcome === 'then' ? step.else : step.then;
      for (const s of untaken) await this.skip(s, branchReason(name, result.record.outcome));
    }
    for (const next of this.dependents.get(name) ?? []) this.release(next);
  }

  private release(name: string): void {
    if (this.state.has(name)) return;
    const left = (this.waiting.get(name) ?? 0) - 1;
    this.waiting.set(name, left);
    if (left === 0) this.ready.push(name);
  }

  private async skip(name: string, reason: string): Promise<void> {
    if (this.state.has(name)) return;
    const step = this.steps.get(name) as StepIR;
    await this.record({ name, type: step.type, status: 'skipped', reason });
    this.options.reporter?.({ type: 'step-finished', step: name, status: 'skipped', durationMs: 0, reason });
    await this.skipDependents(name);
  }

  private async skipDependents(name: string): Promise<void> {
    for (const next of this.dependents.get(name) ?? []) await this.skip(next, `upstream step "${name}" was skipped`);
  }

  /** Records a step the executor settles without running it: skipped, or not run. */
  private async record(r: Omit<StepRecord, 'runId' | 'attempts'> & { status: 'skipped' | 'not-run' }): Promise<void> {
    const record: StepRecord = { runId: this.run.id, attempts: this.previous.get(r.name)?.attempts ?? 0, ...r };
    this.state.set(r.name, record);
    await this.options.services.metadata.store.upsertStep(record);
  }

  private outputsOf(step: string) {
    const m = this.outputs.artifacts.get(step) ?? new Map<string, ArtifactRecord>();
    this.outputs.artifacts.set(step, m);
    return m;
  }

  private metricsOf(step: string) {
    const m = this.outputs.metrics.get(step) ?? {};
    this.outputs.metrics.set(step, m);
    return m;
  }

  private now(): Date {
    return this.options.services.clock.now();
  }
}

function branchReason(condition: string, outcome: 'then' | 'else'): string {
  return outcome === 'then'
    ? `condition "${condition}" held; this step is in its else branch`
    : `condition "${condition}" did not hold; this step is in its then branch`;
}
