/**
 * The pipeline IR: a frozen, versioned JSON document. The DSL produces it, YAML/JSON files are it,
 * and the executor and every compiler read it — never the DSL objects.
 *
 * ```yaml
 * apiVersion: godwit/v1
 * kind: Pipeline
 * name: abalone
 * parameters:
 *   - { name: mse_threshold, type: float, default: 6.0 }
 * steps:
 *   - name: fail
 *     type: fail
 *     message: { kind: Join, on: " ", values: ["MSE above", { kind: Parameter, name: mse_threshold }] }
 * ```
 *
 * See docs/ir.md for every field.
 */

export const IR_API_VERSION = 'godwit/v1' as const;

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Parameters

export type ParameterType = 'string' | 'integer' | 'float' | 'boolean';
export type ParameterValue = string | number | boolean;

export interface ParameterSpec {
  readonly name: string;
  readonly type: ParameterType;
  readonly default?: ParameterValue;
  readonly description?: string;
}

// ---------------------------------------------------------------------------------------------
// References: nodes, never strings to parse. A `Value` is a literal or a reference.

/** A run-time parameter. */
export interface ParameterRef {
  readonly kind: 'Parameter';
  readonly name: string;
}

/** The URI of another step's output artifact. Implies a dependency. */
export interface StepOutputRef {
  readonly kind: 'StepOutput';
  readonly step: string;
  readonly output: string;
}

export type ExecutionVariableName = 'ExecutionId' | 'StartDateTime' | 'PipelineName';

/** A value known when the run starts (SageMaker `ExecutionVariables`, KFP `dsl.PIPELINE_JOB_*`). */
export interface ExecutionVariableRef {
  readonly kind: 'ExecutionVariable';
  readonly name: ExecutionVariableName;
}

/**
 * A value read from a JSON property file of another step (SageMaker `JsonGet`). `path` is a
 * dotted/bracketed JSON path such as `regression_metrics.mse.value` or `items[0].score`.
 */
export interface JsonGetRef {
  readonly kind: 'JsonGet';
  readonly step: string;
  readonly propertyFile: string;
  readonly path: string;
}

/** A metric a step reported (built-in algorithms, metric definitions over logs). */
export interface StepMetricRef {
  readonly kind: 'StepMetric';
  readonly step: string;
  readonly metric: string;
}

/** Values joined into a string (SageMaker `Join`). */
export interface JoinRef {
  readonly kind: 'Join';
  readonly on: string;
  readonly values: readonly Value[];
}

/**
 * The local path of one of the step's own inputs or outputs, as the step's process sees it
 * (KFP's `{{$.inputs.artifacts['x'].path}}`). Only valid in a step's `args` and `env`.
 */
export interface ArtifactPathRef {
  readonly kind: 'InputPath' | 'OutputPath';
  readonly name: string;
}

/** The name of the model a model step created (SageMaker `Steps.<m>.ModelName`). Implies a dependency. */
export interface ModelNameRef {
  readonly kind: 'ModelName';
  readonly step: string;
}

/**
 * A value the success of a callback step carried (SageMaker `Steps.<c>.OutputParameters['name']`):
 * one of the step's declared `outputParameters`. Implies a dependency.
 */
export interface CallbackOutputRef {
  readonly kind: 'CallbackOutput';
  readonly step: string;
  readonly name: string;
}

export type Ref =
  | ParameterRef
  | StepOutputRef
  | ExecutionVariableRef
  | JsonGetRef
  | StepMetricRef
  | ModelNameRef
  | CallbackOutputRef
  | JoinRef
  | ArtifactPathRef;

export type Value = ParameterValue | Ref;

// ---------------------------------------------------------------------------------------------
// Conditions

export type ComparisonOp = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';

export type Condition =
  | { readonly op: ComparisonOp; readonly left: Value; readonly right: Value }
  | { readonly op: 'in'; readonly value: Value; readonly values: readonly Value[] }
  | { readonly op: 'not'; readonly condition: Condition }
  | { readonly op: 'and' | 'or'; readonly conditions: readonly Condition[] };

// ---------------------------------------------------------------------------------------------
// Artifacts

export type ArtifactType = 'dataset' | 'model' | 'metrics' | 'fileset';

export interface InputSpec {
  readonly name: string;
  /** Expected type; checked against the producing step's output type. */
  readonly type?: ArtifactType;
  /**
   * Where the data comes from: another step's output, or a URI / path (a literal, a parameter or
   * a join). A relative path is relative to the pipeline file's folder.
   */
  readonly source: Value;
  /**
   * Where the step's process finds it, as the cloud container would see it, e.g.
   * `/opt/ml/processing/input/raw`. Defaults per step type (see docs/ir.md).
   */
  readonly destination?: string;
  /** Training steps: how the job is told to read the channel (its `inputdataconfig.json` entry). */
  readonly channel?: ChannelConfig;
}

/**
 * A training channel's settings as SageMaker gives them to the job in
 * `/opt/ml/input/config/inputdataconfig.json` (`InputDataConfig[]` of the request). The data is
 * staged as files whatever they say: they are what the training script reads about its channel.
 */
export interface ChannelConfig {
  readonly contentType?: string;
  /** `TrainingInputMode`; File unless given. */
  readonly inputMode?: 'File' | 'FastFile';
  /** `S3DataDistributionType`; FullyReplicated unless given. */
  readonly distribution?: 'FullyReplicated' | 'ShardedByS3Key';
  /** `RecordWrapperType`; None unless given. */
  readonly recordWrapper?: 'None' | 'RecordIO';
  readonly compression?: 'None' | 'Gzip';
}

export interface OutputSpec {
  readonly name: string;
  readonly type: ArtifactType;
  /** Folder the step's process writes, e.g. `/opt/ml/processing/train`. Defaults per step type. */
  readonly source?: string;
  /**
   * The step may leave it empty, as a SageMaker processing job may leave an output's `LocalPath`:
   * then no artifact is stored and the step still succeeds (a later reader finds no artifact).
   * By default an output left empty fails the step, which usually means a wrong path.
   */
  readonly optional?: boolean;
}

/** A JSON file in one of the step's outputs that later steps read with `JsonGet`. */
export interface PropertyFileSpec {
  readonly name: string;
  readonly output: string;
  readonly path: string;
}

// ---------------------------------------------------------------------------------------------
// Step policies

/**
 * Failure kinds a retry policy can name: `error` (non-zero exit or thrown error), `timeout`,
 * `interrupted` (a spot interruption), `infrastructure` (Godwit could not start the step).
 */
export type FailureKind = 'error' | 'timeout' | 'interrupted' | 'infrastructure';

export interface RetryPolicy {
  /** Total attempts including the first; 1 means no retry. */
  readonly maxAttempts: number;
  readonly backoff?: {
    readonly initialSeconds: number;
    /** Multiplier applied after each attempt (SageMaker `BackoffRate`). */
    readonly rate?: number;
    readonly maxSeconds?: number;
  };
  /** Which failures are retried; default `['error', 'timeout', 'interrupted']`. */
  readonly on?: readonly FailureKind[];
}

export interface CachePolicy {
  readonly enabled: boolean;
  /** ISO-8601 duration, as SageMaker's `ExpireAfter`: `PT1H`, `P30D`. No expiry when absent. */
  readonly expireAfter?: string;
}

/** Recorded locally and mapped to concurrency; the cloud compilers map it to instance/machine types. */
export interface Resources {
  /** A literal such as `ml.m5.xlarge`, or a parameter. */
  readonly instanceType?: Value;
  readonly instanceCount?: number;
  readonly volumeSizeGB?: number;
}

/** A command and its arguments, run as a process in the step's workspace. */
export interface ProcessSpec {
  /** Container image for the clouds; locally the command runs on the host. */
  readonly image?: string;
  /** The interpreter or program, e.g. `['python3']` or `['node']`. */
  readonly command: readonly string[];
  /**
   * A script or folder (relative to the pipeline file) staged into the step and appended to
   * `command`, as SageMaker's `code=` / `entry_point`. For a folder, `entryPoint` names the file.
   */
  readonly code?: string;
  readonly entryPoint?: string;
  readonly args?: readonly Value[];
  readonly env?: Readonly<Record<string, Value>>;
  /** Which cloud's container contract the process sees; see docs/contracts.md. */
  readonly contract?: 'sagemaker' | 'vertex';
}

/** What every step has: its name, how it is shown, ordering, retries, cache and timeout. */
export interface StepBase {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly dependsOn?: readonly string[];
  readonly retry?: RetryPolicy;
  readonly cache?: CachePolicy;
  readonly timeoutSeconds?: number;
}

// ---------------------------------------------------------------------------------------------
// Steps

/** A metric read from a step's log: the regex's first group is the value (SageMaker `MetricDefinitions`). */
export interface MetricDefinition {
  readonly name: string;
  readonly regex: string;
}

/** Where `/opt/ml/checkpoints` is kept between attempts (SageMaker `CheckpointConfig`). */
export interface CheckpointConfig {
  /** URI or path (relative to the pipeline file) the checkpoints are synced to. */
  readonly uri: string;
  /** Folder inside the container; default `/opt/ml/checkpoints`. */
  readonly localPath?: string;
}

/**
 * Managed spot training, simulated locally: each entry of `interruptions` stops the training
 * that many seconds into an attempt, as a spot reclaim would; the step restarts from its
 * checkpoints. `maxWaitSeconds` bounds the total time including waits (SageMaker `MaxWaitTimeInSeconds`).
 */
export interface SpotConfig {
  readonly maxWaitSeconds?: number;
  readonly interruptions?: readonly number[];
}

export * from './ir-steps.js';

import type {
  CallbackStep,
  ConditionStep,
  FailStep,
  FunctionStep,
  ModelStep,
  ProcessingStep,
  QualityCheckStep,
  RegisterModelStep,
  TrainingStep,
  TransformStep,
} from './ir-steps.js';

export * from './ir-sql.js';

import type { SqlStep } from './ir-sql.js';

export type StepIR =
  | ProcessingStep
  | TrainingStep
  | TransformStep
  | ConditionStep
  | FailStep
  | RegisterModelStep
  | ModelStep
  | FunctionStep
  | SqlStep
  | CallbackStep
  | QualityCheckStep;

export type StepKind = StepIR['type'];

export const STEP_KINDS: readonly StepKind[] = [
  'processing',
  'training',
  'transform',
  'condition',
  'fail',
  'register-model',
  'model',
  'function',
  'sql',
  'callback',
  'quality-check',
];

export interface PipelineIR {
  readonly apiVersion: typeof IR_API_VERSION;
  readonly kind: 'Pipeline';
  readonly name: string;
  readonly description?: string;
  readonly parameters: readonly ParameterSpec[];
  readonly steps: readonly StepIR[];
}

export function isRef(v: unknown): v is Ref {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}
