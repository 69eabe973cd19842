/**
 * What the SageMaker door asks of pipelines: records through the `pipelines` capability, and
 * executions as background runs of the IR imported from the definition (the SageMaker importer,
 * `src/import/sagemaker/`). An execution's id is its run's id, so everything the runs capability
 * records about the run (steps, attempts, logs, artifacts, registered models) is the execution's.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ImageEntry } from '../config/config-images.js';
import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import type { Caller } from '../governance/governance-records.js';
import type { BackgroundRun, BackgroundRuns } from '../jobs/background-runs.js';
import type { MetadataStore } from '../meta/metadata-store.js';
import { type EffectiveRunStatus, effectiveStatus } from '../meta/run-status.js';
import { resolveParameters } from '../pipeline/parameters.js';
import type { RunReporter } from '../runtime/events.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import type { StoreOptions } from '../store/index.js';
import { ExecutionUploads, outputDestinations } from './output-uploads.js';
import {
  type Definition,
  type DefinitionImporter,
  parseDefinition,
  prepareDefinition,
  readDefinitionAt,
} from './pipeline-definition.js';
import { executionNotFound, pipelineNotFound } from './pipeline-errors.js';
import type {
  CallbackOutcome,
  CallbackRecord,
  NewPipeline,
  PipelineCatalog,
  PipelineChanges,
  PipelineExecutionRecord,
  PipelineRecord,
} from './pipeline-records.js';
import { recordSelectiveRun, refused, type SelectiveRequest, type SelectiveRun } from './selective-execution.js';

export type { DefinitionImporter } from './pipeline-definition.js';

export interface PipelineServiceDeps {
  readonly catalog: PipelineCatalog;
  readonly runs: BackgroundRuns;
  readonly store: MetadataStore;
  /** The artifact store runs keep their outputs in (uploads to S3Output destinations read it). */
  readonly artifacts: ArtifactStore;
  readonly importDefinition: DefinitionImporter;
  /** Where an execution's fetched code is written (a folder of its own under it per execution). */
  readonly stagingDir: string;
  /** How the importer and definitions at an S3 location reach `s3://` (the server's own S3 door). */
  readonly storeOptions: () => StoreOptions;
  /** Where runs keep their folders (the home's `runs/`), for the runs a selective execution records itself. */
  readonly runsDir: string;
  readonly clock: Clock;
  /** godwit.config.yaml's `images:` entries, applied to training steps' images (pipeline-images.ts). */
  readonly images?: readonly ImageEntry[];
}

export interface StartRequest {
  readonly parameters: readonly { name: string; value: string }[];
  readonly displayName?: string;
  readonly description?: string;
  readonly clientRequestToken?: string;
  readonly maxParallelSteps?: number;
  /** `SelectiveExecutionConfig`: run only these steps, reusing the source execution's outputs (selective-execution.ts). */
  readonly selective?: SelectiveRequest;
  /**
   * Who starts it: the door's authenticated caller. The run acts as it (recorded as `startedBy`,
   * its sql steps read through the caller's views); the local user when absent.
   */
  readonly caller?: Caller;
}

/** An execution's status in SageMaker's words (`PipelineExecutionStatus`). */
export type ExecutionStatus = 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';

const STATUS: Record<EffectiveRunStatus, ExecutionStatus> = {
  running: 'Executing',
  succeeded: 'Succeeded',
  failed: 'Failed',
  stopped: 'Stopped',
  interrupted: 'Failed',
};

export class PipelineService {
  private readonly uploads: ExecutionUploads;

  constructor(private readonly deps: PipelineServiceDeps) {
    this.uploads = new ExecutionUploads({
      store: deps.store,
      artifacts: deps.artifacts,
      storeOptions: deps.storeOptions,
      stagingDir: join(deps.stagingDir, '.uploads'),
    });
  }

  /** Refuses a definition that is not a JSON object; what it means is checked when it runs. */
  create(pipeline: NewPipeline): Promise<PipelineRecord> {
    parseDefinition(pipeline.name, pipeline.definition);
    return this.deps.catalog.createPipeline(pipeline);
  }

  update(name: string, changes: PipelineChanges): Promise<PipelineRecord> {
    if (changes.definition !== undefined) parseDefinition(name, changes.definition);
    return this.deps.catalog.updatePipeline(name, changes);
  }

  async get(name: string): Promise<PipelineRecord> {
    const p = await this.deps.catalog.getPipeline(name);
    if (!p) throw pipelineNotFound(name);
    return p;
  }

  list(): Promise<PipelineRecord[]> {
    return this.deps.catalog.listPipelines();
  }

  /** When each pipeline's newest execution started; pipelines never run are absent. */
  lastExecutionTimes(): Promise<Map<string, Date>> {
    return this.deps.catalog.lastExecutionTimes();
  }

  /** A definition stored as an object (`PipelineDefinitionS3Location`), read through the server's stores. */
  readDefinition(uri: string): Promise<string> {
    return readDefinitionAt(uri, this.deps.storeOptions());
  }

  async delete(name: string): Promise<void> {
    for (const e of await this.deps.catalog.listExecutions(name)) await this.deps.runs.stop(e.runId);
    await this.deps.catalog.deletePipeline(name);
  }

  /**
   * Imports the current version's definition, types the parameters by the IR's, and starts it as
   * a background run; resolves once the run is recorded. A token used before returns that execution.
   */
  async start(name: string, request: StartRequest): Promise<PipelineExecutionRecord> {
    const { catalog } = this.deps;
    const token = request.clientRequestToken;
    const earlier = token === undefined ? undefined : await catalog.executionByToken(name, token);
    if (earlier) return earlier;
    const pipeline = await this.get(name);
    const baseDir = join(this.deps.stagingDir, name, randomUUID());
    const { ir, definition } = await prepareDefinition(name, pipeline.definition, baseDir, {
      importDefinition: this.deps.importDefinition,
      store: this.deps.storeOptions(),
      images: this.deps.images ?? [],
    });
    const parameters = resolveParameters(ir, Object.fromEntries(request.parameters.map((p) => [p.name, p.value])));
    const maxParallelSteps = request.maxParallelSteps ?? pipeline.maxParallelSteps;
    const reporter = this.uploadsOf(definition, request.parameters);
    const run = request.selective
      ? await this.startSelective(
          request.selective,
          { pipeline: name, ir, parameters, baseDir, caller: request.caller },
          reporter,
        )
      : await this.deps.runs.start({ ir, parameters, baseDir, concurrency: maxParallelSteps, caller: request.caller }, reporter);
    this.uploadWhenDone(run);
    return catalog.createExecution({
      pipeline: name,
      runId: run.runId,
      version: pipeline.version,
      displayName: request.displayName ?? run.runId,
      description: request.description,
      parameters: request.parameters,
      clientRequestToken: token,
      maxParallelSteps,
    });
  }

  /** Resumes the run of the selected steps of a source execution that has ended (selective-execution.ts). */
  private async startSelective(
    selective: SelectiveRequest,
    plan: Omit<SelectiveRun, 'runsDir' | 'now'>,
    reporter: RunReporter,
  ): Promise<BackgroundRun> {
    const source = await this.execution(plan.pipeline, selective.sourceRunId);
    const status = await this.status(source);
    if (status === 'Executing' || status === 'Stopping')
      throw refused(
        `the source execution ${source.runId} is ${status}`,
        'Wait for it to end, then start the selective execution.',
      );
    const run = { ...plan, runsDir: this.deps.runsDir, now: this.deps.clock.now() };
    return this.deps.runs.resume(await recordSelectiveRun(run, selective, this.deps.store), reporter);
  }

  /** The reporter that uploads an execution's step outputs to the S3 destinations its definition names. */
  private uploadsOf(definition: Definition, parameters: StartRequest['parameters']): RunReporter {
    const overrides = Object.fromEntries(parameters.map((p) => [p.name, p.value]));
    return this.uploads.reporter((executionId) => outputDestinations(definition, { executionId, parameters: overrides }));
  }

  /** Ends the run's uploads when it ends (the execution shows `Executing` until they are done). */
  private uploadWhenDone(run: BackgroundRun): void {
    void this.uploads.finish(run.runId, run.done);
  }

  /** `Stopping` at once; the run's running steps are ended and it is recorded `Stopped`. */
  async stop(name: string, runId: string): Promise<PipelineExecutionRecord> {
    const execution = await this.execution(name, runId);
    const status = await this.status(execution);
    if (status !== 'Executing') throw notRunning(name, runId, status, 'stopped');
    // A run re-attached after a restart (src/pipelines/execution-recovery.ts) is executed by another process, which this one cannot stop.
    if (!this.deps.runs.running().includes(runId))
      throw new GodwitError(
        'E_SM_EXECUTION_STATE',
        `Pipeline execution "${runId}" of pipeline "${name}" runs in another Godwit process (run ${runId}), which this server cannot stop.`,
        { hint: 'Stop it where it runs (the server or `godwit run` executing it), or wait for it to end.' },
      );
    const marked = await this.deps.catalog.markStop(name, runId, true);
    void this.deps.runs.stop(runId);
    return marked;
  }

  /** Resumes a failed or stopped execution: steps that succeeded keep their outputs and are not run again. */
  async retry(name: string, runId: string): Promise<PipelineExecutionRecord> {
    const execution = await this.execution(name, runId);
    const status = await this.status(execution);
    if (status !== 'Failed' && status !== 'Stopped') throw notRunning(name, runId, status, 'retried');
    const definition = parseDefinition(name, await this.deps.catalog.definition(name, execution.version));
    const run = await this.deps.runs.resume(runId, this.uploadsOf(definition, execution.parameters));
    this.uploadWhenDone(run);
    return this.deps.catalog.markStop(name, runId, false);
  }

  /** The execution's record, or undefined for a run started by `godwit run` (no record, still an execution). */
  findExecution(name: string, runId: string): Promise<PipelineExecutionRecord | undefined> {
    return this.deps.catalog.getExecution(name, runId);
  }

  async execution(name: string, runId: string): Promise<PipelineExecutionRecord> {
    const e = await this.deps.catalog.getExecution(name, runId);
    if (!e) throw executionNotFound(name, runId);
    return e;
  }

  /**
   * The run's status in SageMaker's words; a run still ending after a stop is `Stopping`. A caller
   * that read the run already passes its status, so the answer agrees with the rest it shows.
   */
  async status(
    execution: Pick<PipelineExecutionRecord, 'runId' | 'stopRequested'>,
    runStatus?: EffectiveRunStatus,
  ): Promise<ExecutionStatus> {
    const run = runStatus === undefined ? await this.deps.store.getRun(execution.runId) : undefined;
    const known = runStatus ?? (run ? effectiveStatus(run) : undefined);
    const status = known ? STATUS[known] : 'Failed';
    // The run has ended but its outputs are still going to their S3 destinations, as a SageMaker step uploads before it ends.
    if (status === 'Succeeded' && this.uploads.pending(execution.runId)) return 'Executing';
    return status === 'Executing' && execution.stopRequested ? 'Stopping' : status;
  }

  /** Settles a callback step's token; returns the execution it belongs to. */
  async settleCallback(token: string, outcome: CallbackOutcome): Promise<{ pipeline: string; runId: string }> {
    const settled = await this.deps.catalog.settleCallback(token, outcome);
    const run = await this.deps.store.getRun(settled.runId);
    return { pipeline: run?.pipeline ?? '', runId: settled.runId };
  }

  /** The callback steps' tokens of a run, by step name. */
  async callbacksOf(runId: string, steps: readonly string[]): Promise<Map<string, CallbackRecord>> {
    const found = new Map<string, CallbackRecord>();
    for (const step of steps) {
      const record = await this.deps.catalog.callbackOf(runId, step);
      if (record) found.set(step, record);
    }
    return found;
  }

  async close(): Promise<void> {
    await this.deps.runs.close();
    await this.uploads.drain();
  }
}

const notRunning = (name: string, runId: string, status: string, verb: string) =>
  new GodwitError(
    'E_SM_EXECUTION_STATE',
    `Pipeline execution "${runId}" of pipeline "${name}" is ${status} and cannot be ${verb}.`,
    {
      hint:
        verb === 'stopped' ? 'Only an Executing execution can be stopped.' : 'Only a Failed or Stopped execution can be retried.',
    },
  );
