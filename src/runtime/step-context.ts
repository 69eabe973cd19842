import type { Clock } from '../core/clock.js';
import type { GodwitHome } from '../core/home.js';
import type { Caller } from '../governance/governance-records.js';
import type { Metadata } from '../meta/index.js';
import type { ArtifactRecord } from '../meta/metadata-store.js';
import type { StepFunction } from '../pipeline/function-context.js';
import type { Condition, ParameterValue, PipelineIR, StepIR, Value } from '../pipeline/ir.js';
import type { CallbackQueue } from '../pipelines/callback-delivery.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import type { StoreOptions } from '../store/index.js';
import type { ContractOptions } from './contracts/contract-options.js';
import type { PathBindings } from './resolve.js';
import type { Warehouses } from './run-warehouses.js';

/** What a run is, as every step sees it. */
export interface RunInfo {
  readonly id: string;
  readonly ir: PipelineIR;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  /** The pipeline file's folder: relative paths in the IR resolve against it. */
  readonly baseDir: string;
  readonly runDir: string;
  readonly startedAt: Date;
  readonly pipelineFile?: string;
  /**
   * Godwit's environment when this execution of the run started: what step processes inherit.
   * One snapshot per run, so every step sees the same variables (and copying `process.env`,
   * which is slow to enumerate, happens once).
   */
  readonly hostEnv: Readonly<NodeJS.ProcessEnv>;
  /**
   * Who the run acts as (`godwit run --as P`, the server's caller, else the local user): its sql
   * steps and store access run as it (src/runtime/run-caller.ts). Recorded as the run's `startedBy`.
   */
  readonly caller: Caller;
}

/** Shared services: one set per executor. */
export interface Services {
  readonly home: GodwitHome;
  readonly store: ArtifactStore;
  readonly metadata: Metadata;
  readonly clock: Clock;
  /** Resolves a function step's handler (pipeline file functions or a module export). */
  readonly handlerFor: (step: StepIR & { type: 'function' }) => Promise<StepFunction>;
  /**
   * How to open the stores of inputs whose source is a literal `s3://` or `gs://` URI: the `s3`
   * and `gcs` settings and the environment, for `s3://` with no endpoint configured the home's
   * local S3 server. Without it such inputs go to the SDKs' defaults (AWS itself).
   */
  readonly inputStores?: StoreOptions;
  /** Run-time options of contract steps (`--interrupt`, checkpoint sync interval). */
  readonly contractOptions?: ContractOptions;
  /** The warehouses sql steps run on (absent: a pipeline with sql steps cannot run). */
  readonly warehouses?: Warehouses;
  /** Where callback steps' messages go besides the event bus: godwit.config.yaml's `workflows.queues` (absent: the bus only). */
  readonly callbackQueues?: readonly CallbackQueue[];
}

/** Everything a step runner gets for one attempt. */
export interface StepContext {
  readonly run: RunInfo;
  readonly step: StepIR;
  readonly attempt: number;
  /** This attempt's private folder; the runner stages inputs and writes outputs under it. */
  readonly workspace: string;
  /** Aborts on stop, timeout or interruption. */
  readonly signal: AbortSignal;
  readonly services: Services;
  /** Who this step acts as: the run's caller (`run.caller`), for sql steps and store access to check. */
  readonly caller: Caller;
  /** The attempt's log file, open for appending (opened on first use). */
  logFd(): number;
  readonly logPath: string;
  /** Where a process step records its process, so a resume after Godwit died can find it. */
  readonly processFile: string;
  log(line: string): void;
  /** Tells the display something once per run (repeats of the same message are dropped). */
  notice(message: string): void;
  /** A value for this run; `paths` binds `InputPath` / `OutputPath` (process args and env only). */
  resolve(value: Value, paths?: PathBindings): Promise<ParameterValue>;
  evaluate(condition: Condition): Promise<boolean>;
  /** The artifact record a `StepOutput` reference points at. */
  artifactFor(value: Value, field: string): ArtifactRecord;
  /** Copies an input's data into `localDir` (created if missing). */
  stageInput(source: Value, localDir: string, field: string): Promise<void>;
}

export interface StepResult {
  /** Local folder of each declared output; the executor stores them as artifacts. */
  readonly outputs?: Readonly<Record<string, string>>;
  readonly metrics?: Readonly<Record<string, number>>;
  /** Condition steps: the branch taken. */
  readonly outcome?: 'then' | 'else';
  /** A one-line summary for the run's display, e.g. "registered AbaloneModels version 3". */
  readonly summary?: string;
}

export type StepRunner = (ctx: StepContext) => Promise<StepResult>;
