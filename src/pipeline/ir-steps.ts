/**
 * The IR's step kinds but `sql` (ir-sql.ts): `processing`, `training`, `transform`, `condition`,
 * `fail`, `callback`, `register-model`, `model` and `function`. They live apart from ir.ts so each
 * file stays short; ir.ts re-exports them and holds the `StepIR` union.
 */
import type { BuiltinAlgorithmName } from './builtin-algorithms.js';
import type {
  CheckpointConfig,
  Condition,
  InputSpec,
  MetricDefinition,
  OutputSpec,
  ProcessSpec,
  PropertyFileSpec,
  Resources,
  SpotConfig,
  StepBase,
  Value,
} from './ir.js';

export interface ProcessingStep extends StepBase {
  readonly type: 'processing';
  readonly process: ProcessSpec;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly propertyFiles?: readonly PropertyFileSpec[];
  readonly metricDefinitions?: readonly MetricDefinition[];
  readonly resources?: Resources;
}

/** A built-in training algorithm (SageMaker's first-party algorithms). */
export interface BuiltinAlgorithm {
  /** A name from src/pipeline/builtin-algorithms.ts, which holds what each one reads and reports. */
  readonly name: BuiltinAlgorithmName;
}

/**
 * Training: a built-in algorithm or a script. Inputs are channels (`train`, `validation`, ...).
 * The step has one `model` output (type model) and an optional `output` fileset (SageMaker's
 * `/opt/ml/output/data`).
 */
export interface TrainingStep extends StepBase {
  readonly type: 'training';
  readonly algorithm?: BuiltinAlgorithm;
  readonly process?: ProcessSpec;
  readonly hyperparameters?: Readonly<Record<string, Value>>;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly metricDefinitions?: readonly MetricDefinition[];
  readonly checkpoint?: CheckpointConfig;
  readonly spot?: SpotConfig;
  readonly resources?: Resources;
}

/**
 * Batch inference over a dataset with a model of any runtime (SageMaker `TransformStep`, whose
 * `CreateTransformJob` fields the options mirror). Output: `predictions`. Defaults and semantics:
 * docs/transform.md.
 */
export interface TransformStep extends StepBase {
  readonly type: 'transform';
  readonly model: Value;
  /** The serving container's image, when the model's files alone do not say (a BYOC local path, a framework image). */
  readonly image?: string;
  /** The serving container's `Environment` (SageMaker's model container environment). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly input: Value;
  readonly contentType?: string;
  /** How the input is cut into records; Godwit's default is `Line`. */
  readonly splitType?: 'Line' | 'None';
  /** One record per request, or as many as fit in `maxPayloadInMB` (Godwit's default). */
  readonly batchStrategy?: 'SingleRecord' | 'MultiRecord';
  /** Largest request body in MB (default 6; 0 is no limit). */
  readonly maxPayloadInMB?: number;
  /** Requests in flight per instance (default 1); instances come from `resources.instanceCount`. */
  readonly maxConcurrentTransforms?: number;
  /** The response type asked of the model (`TransformOutput.Accept`). */
  readonly accept?: string;
  /** How answers are put together in `<file>.out`: `Line` (default) ends each with a newline. */
  readonly assembleWith?: 'Line' | 'None';
  readonly dataProcessing?: TransformDataProcessing;
  readonly dataCapture?: TransformDataCapture;
  readonly outputs: readonly OutputSpec[];
  readonly resources?: Resources;
}

/** SageMaker's `DataProcessing`: JSONPath filters on each record and the join of input and prediction. */
export interface TransformDataProcessing {
  readonly inputFilter?: string;
  readonly joinSource?: 'Input' | 'None';
  readonly outputFilter?: string;
}

/** SageMaker's batch `DataCaptureConfig`: manifests of the job's inputs and outputs under `destination`. */
export interface TransformDataCapture {
  readonly destination: string;
  readonly generateInferenceId?: boolean;
}

export interface ConditionStep extends StepBase {
  readonly type: 'condition';
  readonly condition: Condition;
  /** Names of the steps that run only when the condition holds / does not hold. */
  readonly then: readonly string[];
  readonly else: readonly string[];
}

export interface FailStep extends StepBase {
  readonly type: 'fail';
  readonly message: Value;
}

/** The type of a value a callback's signal carries (SageMaker's `OutputParameters[].OutputType`). */
export type CallbackOutputType = 'String' | 'Integer' | 'Boolean' | 'Float';

/**
 * Waits for a signal from outside the run (SageMaker's Callback step; Step Functions'
 * `.waitForTaskToken`): the step gets a token, sends it with `args` to `queueUrl` in the cloud
 * (locally the token is recorded and shown by `ListPipelineExecutionSteps`), and ends when
 * someone reports success (with the `outputParameters` values) or failure for that token.
 */
export interface CallbackStep extends StepBase {
  readonly type: 'callback';
  /** The SQS queue the cloud sends the token to (SageMaker `SqsQueueUrl`). */
  readonly queueUrl: string;
  /** Values sent with the token (SageMaker `Arguments`). */
  readonly args?: Readonly<Record<string, Value>>;
  /** The values a success must carry (SageMaker `OutputParameters`). */
  readonly outputParameters?: readonly { readonly name: string; readonly type: CallbackOutputType }[];
}

export type ApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected';

/** Registers a model version in a model package group (SageMaker `RegisterModel`). */
export interface RegisterModelStep extends StepBase {
  readonly type: 'register-model';
  /** A `model` output, or a URI or path (relative to the pipeline file) where an earlier step wrote one. */
  readonly model: Value;
  readonly modelPackageGroup: string;
  readonly approvalStatus: Value;
  /** A metrics artifact (e.g. the evaluation report) attached to the version. */
  readonly metrics?: Value;
  readonly image?: string;
  readonly contentTypes?: readonly string[];
  readonly responseTypes?: readonly string[];
  readonly inferenceInstances?: readonly string[];
  readonly transformInstances?: readonly string[];
  readonly description?: string;
}

/**
 * Creates a named model from model data and a serving image (SageMaker's `Model` step, which is
 * `CreateModel`): locally the same model record `CreateModel` makes, so `DescribeModel`,
 * endpoint configs and transforms can use it. Later steps read its name with a `ModelName` ref.
 */
export interface ModelStep extends StepBase {
  readonly type: 'model';
  /** The model data (SageMaker `ModelDataUrl`): a model output of another step, or a URI. */
  readonly model: Value;
  /** The serving image (SageMaker `Image`). */
  readonly image?: string;
  /** The serving container's environment. */
  readonly env?: Readonly<Record<string, Value>>;
  /** The role the model runs as in the cloud (SageMaker `ExecutionRoleArn`); recorded only. */
  readonly executionRole?: string;
}

/**
 * An in-process TypeScript/JavaScript function. `handler.module` is a path relative to the
 * pipeline file (or `#pipeline` for a function defined in the pipeline file itself).
 */
export interface FunctionStep extends StepBase {
  readonly type: 'function';
  readonly handler: { readonly module: string; readonly export: string };
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly args?: Readonly<Record<string, Value>>;
  readonly propertyFiles?: readonly PropertyFileSpec[];
}

// The sql step's types live beside it in ir-sql.ts; they are part of the IR like the rest.

/** The data formats a quality check reads (Model Monitor's `dataset_format`: csv, json lines, parquet). */
export type QualityCheckFormat = 'csv' | 'jsonl' | 'parquet';

/**
 * A Model Monitor baseline of a data set (SageMaker's `QualityCheckStep`, data quality): profiles
 * `dataset` into `statistics.json` and suggests `constraints.json`, the step's `statistics` and
 * `constraints` outputs (SageMaker's `CalculatedBaselineStatistics` / `…Constraints`). With a
 * supplied baseline and `skipCheck` false, the data set is also checked against it:
 * `constraint_violations.json` is the `violations` output, and a violation fails the step unless
 * `failOnViolation` is false. Semantics: docs/monitoring.md, "The quality-check step".
 */
export interface QualityCheckStep extends StepBase {
  readonly type: 'quality-check';
  /** SageMaker's `CheckType`; only data quality runs locally. */
  readonly checkType: 'DATA_QUALITY';
  /** The data set to baseline: another step's output, or a URI or path (SageMaker `baseline_dataset`). */
  readonly dataset: Value;
  readonly format: QualityCheckFormat;
  /** CSV only: the first line names the columns (default false, as Model Monitor's `DatasetFormat.csv`). */
  readonly header?: boolean;
  /** A `statistics.json` to check against (SageMaker `SuppliedBaselineStatistics`). */
  readonly baselineStatistics?: Value;
  /** A `constraints.json` to check against (SageMaker `SuppliedBaselineConstraints`). */
  readonly baselineConstraints?: Value;
  /** Do not check against the supplied baseline (SageMaker `SkipCheck`; default false). */
  readonly skipCheck?: boolean;
  /** Fail the step when the check finds violations (SageMaker `FailOnViolation`; default true). */
  readonly failOnViolation?: boolean;
  /** SageMaker `RegisterNewBaseline`: which baseline later drift checks use; recorded, no local effect. */
  readonly registerNewBaseline?: boolean;
  /** SageMaker `ModelPackageGroupName`: where the cloud looks up the latest registered baseline. */
  readonly modelPackageGroup?: string;
  /** `statistics`, `constraints` and the optional `violations`, one JSON file in each. */
  readonly outputs: readonly OutputSpec[];
  readonly resources?: Resources;
}
