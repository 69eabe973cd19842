/**
 * The TypeScript DSL. Builders return frozen objects and never mutate; references are IR nodes.
 * There is no global "current pipeline": `pipeline()` collects the steps it is given and the
 * steps they reference.
 *
 * ```ts
 * const threshold = param.float('mse_threshold', 6.0);
 * const check = condition('check', { if: lte(mse, threshold), then: [register], else: [stop] });
 * export default pipeline('abalone', { parameters: [threshold], steps: [check] });
 * ```
 */

import type { StepFunction } from './function-context.js';
import type {
  ArtifactType,
  BuiltinAlgorithm,
  CachePolicy,
  CheckpointConfig,
  Condition,
  ConditionStep,
  ExecutionVariableName,
  ExecutionVariableRef,
  FailStep,
  FunctionStep,
  InputSpec,
  JoinRef,
  JsonGetRef,
  MetricDefinition,
  OutputSpec,
  ParameterRef,
  ParameterSpec,
  ParameterType,
  ParameterValue,
  PipelineIR,
  ProcessingStep,
  ProcessSpec,
  PropertyFileSpec,
  RegisterModelStep,
  Resources,
  RetryPolicy,
  SpotConfig,
  StepIR,
  StepMetricRef,
  StepOutputRef,
  TrainingStep,
  TransformStep,
  Value,
} from './ir.js';
import { IR_API_VERSION } from './ir.js';
import { refsInStep } from './walk.js';

const PARAMETER_SPEC = Symbol('godwit.parameterSpec');
/** Lets `pipeline()` find a step from a reference to its output, without listing it. */
const STEP_HANDLE = Symbol('godwit.step');

/** A parameter handle: usable wherever a `Value` is, and carries its spec for `pipeline()`. */
export type Parameter = ParameterRef & { readonly [PARAMETER_SPEC]: ParameterSpec };

function makeParam(type: ParameterType) {
  return (name: string, defaultValue?: ParameterValue, description?: string): Parameter => {
    const spec: ParameterSpec = Object.freeze({
      name,
      type,
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
      ...(description === undefined ? {} : { description }),
    });
    return Object.freeze({ kind: 'Parameter', name, [PARAMETER_SPEC]: spec }) as Parameter;
  };
}

export const param = Object.freeze({
  string: makeParam('string'),
  integer: makeParam('integer'),
  float: makeParam('float'),
  boolean: makeParam('boolean'),
});

export const execution = Object.freeze({
  id: ref<ExecutionVariableRef>({ kind: 'ExecutionVariable', name: 'ExecutionId' }),
  startTime: ref<ExecutionVariableRef>({ kind: 'ExecutionVariable', name: 'StartDateTime' }),
  pipelineName: ref<ExecutionVariableRef>({ kind: 'ExecutionVariable', name: 'PipelineName' }),
});

export function executionVariable(name: ExecutionVariableName): ExecutionVariableRef {
  return ref({ kind: 'ExecutionVariable', name });
}

function ref<T extends object>(node: T): T {
  return Object.freeze(node);
}

/** Strips DSL-only decorations (parameter specs) so the IR is plain JSON. */
function plain(value: Value): Value {
  if (typeof value !== 'object' || value === null) return value;
  if (value.kind === 'Parameter') return ref<ParameterRef>({ kind: 'Parameter', name: value.name });
  if (value.kind === 'Join') return ref<JoinRef>({ kind: 'Join', on: value.on, values: value.values.map(plain) });
  return value;
}

export function join(values: readonly Value[], on = ''): JoinRef {
  return ref({ kind: 'Join', on, values: Object.freeze(values.map(plain)) });
}

// ---------------------------------------------------------------------------------------------
// Conditions

const compare =
  (op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte') =>
  (left: Value, right: Value): Condition =>
    ref({ op, left: plain(left), right: plain(right) });

export const eq = compare('eq');
export const gt = compare('gt');
export const gte = compare('gte');
export const lt = compare('lt');
export const lte = compare('lte');
export const isIn = (value: Value, values: readonly Value[]): Condition =>
  ref({ op: 'in', value: plain(value), values: Object.freeze(values.map(plain)) });
export const not = (condition: Condition): Condition => ref({ op: 'not', condition });
export const and = (...conditions: Condition[]): Condition => ref({ op: 'and', conditions: Object.freeze(conditions) });
export const or = (...conditions: Condition[]): Condition => ref({ op: 'or', conditions: Object.freeze(conditions) });

// ---------------------------------------------------------------------------------------------
// Steps

/** A step handle: its IR plus helpers that make references to it. */
export interface Step<S extends StepIR = StepIR> {
  readonly ir: S;
  /** Steps this one references directly (so `pipeline()` can collect them). */
  readonly upstream: readonly Step[];
  /** A condition's branch steps: collected after it, since they run after it. */
  readonly branches: readonly Step[];
  /** Functions defined inline, by export id (only function steps have one). */
  readonly fn?: StepFunction;
  output(name: string): StepOutputRef;
  metric(name: string): StepMetricRef;
  jsonGet(propertyFile: PropertyFileSpec | string, path: string): JsonGetRef;
  /** A copy with a retry policy / cache policy / timeout / extra dependencies. */
  withRetry(retry: RetryPolicy): Step<S>;
  withCache(cache: CachePolicy): Step<S>;
  withTimeout(seconds: number): Step<S>;
  after(...steps: Step[]): Step<S>;
}

function makeStep<S extends StepIR>(
  ir: S,
  upstream: readonly Step[],
  fn?: StepFunction,
  branches: readonly Step[] = [],
): Step<S> {
  const self: Step<S> = Object.freeze({
    ir: deepFreeze(ir),
    upstream: Object.freeze([...upstream]),
    branches: Object.freeze([...branches]),
    fn,
    output: (output: string) => handleRef<StepOutputRef>({ kind: 'StepOutput', step: ir.name, output }),
    metric: (metric: string) => handleRef<StepMetricRef>({ kind: 'StepMetric', step: ir.name, metric }),
    jsonGet: (file: PropertyFileSpec | string, path: string) =>
      handleRef<JsonGetRef>({ kind: 'JsonGet', step: ir.name, propertyFile: typeof file === 'string' ? file : file.name, path }),
    withRetry: (retry: RetryPolicy) => makeStep({ ...ir, retry }, upstream, fn, branches),
    withCache: (cache: CachePolicy) => makeStep({ ...ir, cache }, upstream, fn, branches),
    withTimeout: (timeoutSeconds: number) => makeStep({ ...ir, timeoutSeconds }, upstream, fn, branches),
    after: (...steps: Step[]) =>
      makeStep(
        { ...ir, dependsOn: [...(ir.dependsOn ?? []), ...steps.map((s) => s.ir.name)] },
        [...upstream, ...steps],
        fn,
        branches,
      ),
  });
  function handleRef<T extends object>(node: T): T {
    return ref(Object.defineProperty(node, STEP_HANDLE, { value: self, enumerable: false }));
  }
  return self;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** An input: a reference or a path/URI, optionally with type and container destination. */
export type InputArg = Value | { source: Value; type?: ArtifactType; destination?: string };
/** An output: a type, or a type with the folder the process writes. */
export type OutputArg = ArtifactType | { type: ArtifactType; source?: string };

function inputs(args: Readonly<Record<string, InputArg>> | undefined): InputSpec[] {
  return Object.entries(args ?? {}).map(([name, a]) => {
    if (typeof a === 'object' && a !== null && 'source' in a) {
      return {
        name,
        source: plain(a.source),
        ...(a.type ? { type: a.type } : {}),
        ...(a.destination ? { destination: a.destination } : {}),
      };
    }
    return { name, source: plain(a as Value) };
  });
}

function outputs(args: Readonly<Record<string, OutputArg>> | undefined): OutputSpec[] {
  return Object.entries(args ?? {}).map(([name, a]) =>
    typeof a === 'string' ? { name, type: a } : { name, type: a.type, ...(a.source ? { source: a.source } : {}) },
  );
}

function plainRecord(r: Readonly<Record<string, Value>> | undefined): Record<string, Value> | undefined {
  return r === undefined ? undefined : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)]));
}

function processSpec(p: ProcessSpec): ProcessSpec {
  return {
    ...p,
    ...(p.args ? { args: p.args.map(plain) } : {}),
    ...(p.env ? { env: plainRecord(p.env) } : {}),
  };
}

interface CommonOptions {
  displayName?: string;
  description?: string;
  dependsOn?: readonly Step[];
  retry?: RetryPolicy;
  cache?: CachePolicy;
  timeoutSeconds?: number;
}

function common(name: string, o: CommonOptions) {
  return {
    name,
    ...(o.displayName ? { displayName: o.displayName } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.dependsOn?.length ? { dependsOn: o.dependsOn.map((s) => s.ir.name) } : {}),
    ...(o.retry ? { retry: o.retry } : {}),
    ...(o.cache ? { cache: o.cache } : {}),
    ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}),
  };
}

export interface ProcessingOptions extends CommonOptions, ProcessSpec {
  inputs?: Readonly<Record<string, InputArg>>;
  outputs?: Readonly<Record<string, OutputArg>>;
  propertyFiles?: readonly PropertyFileSpec[];
  metricDefinitions?: readonly MetricDefinition[];
  resources?: Resources;
}

/** A processing step (SageMaker `ProcessingStep`): a command over staged inputs. */
export function processing(name: string, o: ProcessingOptions): Step<ProcessingStep> {
  const { inputs: ins, outputs: outs, propertyFiles, metricDefinitions, resources, dependsOn, ...rest } = o;
  const process = processSpec({
    command: rest.command,
    ...(rest.image ? { image: rest.image } : {}),
    ...(rest.code ? { code: rest.code } : {}),
    ...(rest.entryPoint ? { entryPoint: rest.entryPoint } : {}),
    ...(rest.args ? { args: rest.args } : {}),
    ...(rest.env ? { env: rest.env } : {}),
    ...(rest.contract ? { contract: rest.contract } : {}),
  });
  const ir: ProcessingStep = {
    ...common(name, o),
    type: 'processing',
    process,
    inputs: inputs(ins),
    outputs: outputs(outs),
    ...(propertyFiles?.length ? { propertyFiles } : {}),
    ...(metricDefinitions?.length ? { metricDefinitions } : {}),
    ...(resources ? { resources } : {}),
  };
  return makeStep(ir, dependsOn ?? []);
}

export interface TrainingOptions extends CommonOptions {
  algorithm?: BuiltinAlgorithm['name'];
  process?: ProcessSpec;
  hyperparameters?: Readonly<Record<string, Value>>;
  inputs?: Readonly<Record<string, InputArg>>;
  /** Extra outputs beyond `model`, e.g. `{ output: 'fileset' }` for `/opt/ml/output/data`. */
  outputs?: Readonly<Record<string, OutputArg>>;
  metricDefinitions?: readonly MetricDefinition[];
  checkpoint?: CheckpointConfig;
  spot?: SpotConfig;
  resources?: Resources;
}

/** A training step (SageMaker `TrainingStep`). Always has a `model` output. */
export function training(name: string, o: TrainingOptions): Step<TrainingStep> {
  const outs = outputs(o.outputs);
  if (!outs.some((x) => x.name === 'model')) outs.unshift({ name: 'model', type: 'model' });
  const ir: TrainingStep = {
    ...common(name, o),
    type: 'training',
    ...(o.algorithm ? { algorithm: { name: o.algorithm } } : {}),
    ...(o.process ? { process: processSpec(o.process) } : {}),
    ...(o.hyperparameters ? { hyperparameters: plainRecord(o.hyperparameters) } : {}),
    inputs: inputs(o.inputs),
    outputs: outs,
    ...(o.metricDefinitions?.length ? { metricDefinitions: o.metricDefinitions } : {}),
    ...(o.checkpoint ? { checkpoint: o.checkpoint } : {}),
    ...(o.spot ? { spot: o.spot } : {}),
    ...(o.resources ? { resources: o.resources } : {}),
  };
  return makeStep(ir, o.dependsOn ?? []);
}

export interface TransformOptions extends CommonOptions {
  model: Value;
  input: Value;
  contentType?: string;
  splitType?: 'Line' | 'None';
  resources?: Resources;
}

/** Batch inference (SageMaker `TransformStep`). Output: `predictions` (dataset). */
export function transform(name: string, o: TransformOptions): Step<TransformStep> {
  const ir: TransformStep = {
    ...common(name, o),
    type: 'transform',
    model: plain(o.model),
    input: plain(o.input),
    ...(o.contentType ? { contentType: o.contentType } : {}),
    ...(o.splitType ? { splitType: o.splitType } : {}),
    outputs: [{ name: 'predictions', type: 'dataset' }],
    ...(o.resources ? { resources: o.resources } : {}),
  };
  return makeStep(ir, o.dependsOn ?? []);
}

export interface ConditionOptions extends CommonOptions {
  if: Condition;
  then?: readonly Step[];
  else?: readonly Step[];
}

/** A condition step (SageMaker `ConditionStep`): runs `then` or `else` steps. */
export function condition(name: string, o: ConditionOptions): Step<ConditionStep> {
  const thenSteps = o.then ?? [];
  const elseSteps = o.else ?? [];
  const ir: ConditionStep = {
    ...common(name, o),
    type: 'condition',
    condition: o.if,
    then: thenSteps.map((s) => s.ir.name),
    else: elseSteps.map((s) => s.ir.name),
  };
  return makeStep(ir, o.dependsOn ?? [], undefined, [...thenSteps, ...elseSteps]);
}

/** A fail step (SageMaker `FailStep`): ends the run as failed with a message. */
export function fail(name: string, o: CommonOptions & { message: Value }): Step<FailStep> {
  return makeStep({ ...common(name, o), type: 'fail', message: plain(o.message) }, o.dependsOn ?? []);
}

export interface RegisterModelOptions extends CommonOptions {
  model: Value;
  modelPackageGroup: string;
  approvalStatus?: Value;
  metrics?: Value;
  image?: string;
  contentTypes?: readonly string[];
  responseTypes?: readonly string[];
  inferenceInstances?: readonly string[];
  transformInstances?: readonly string[];
}

/** Registers a model version (SageMaker `RegisterModel`). */
export function registerModel(name: string, o: RegisterModelOptions): Step<RegisterModelStep> {
  const {
    model,
    modelPackageGroup,
    approvalStatus,
    metrics,
    dependsOn,
    displayName,
    description,
    retry,
    cache,
    timeoutSeconds,
    ...extra
  } = o;
  const ir: RegisterModelStep = {
    ...common(name, o),
    type: 'register-model',
    model: plain(model),
    modelPackageGroup,
    approvalStatus: plain(approvalStatus ?? 'PendingManualApproval'),
    ...(metrics !== undefined ? { metrics: plain(metrics) } : {}),
    ...extra,
  };
  return makeStep(ir, dependsOn ?? []);
}

export interface FunctionOptions extends CommonOptions {
  /** The function to run in-process; see `FunctionContext`. */
  run: StepFunction;
  inputs?: Readonly<Record<string, InputArg>>;
  outputs?: Readonly<Record<string, OutputArg>>;
  args?: Readonly<Record<string, Value>>;
  propertyFiles?: readonly PropertyFileSpec[];
}

/** An in-process function step. Runs locally only; the cloud compilers reject it. */
export function fn(name: string, o: FunctionOptions): Step<FunctionStep> {
  const ir: FunctionStep = {
    ...common(name, o),
    type: 'function',
    handler: { module: '#pipeline', export: name },
    inputs: inputs(o.inputs),
    outputs: outputs(o.outputs),
    ...(o.args ? { args: plainRecord(o.args) } : {}),
    ...(o.propertyFiles?.length ? { propertyFiles: o.propertyFiles } : {}),
  };
  return makeStep(ir, o.dependsOn ?? [], o.run);
}

/** A property file declaration (SageMaker `PropertyFile`). */
export function propertyFile(name: string, output: string, path: string): PropertyFileSpec {
  return Object.freeze({ name, output, path });
}

// ---------------------------------------------------------------------------------------------
// Pipeline

/** What a pipeline file exports: the IR plus the in-process functions its function steps name. */
export interface Pipeline {
  readonly ir: PipelineIR;
  readonly functions: ReadonlyMap<string, StepFunction>;
}

export interface PipelineOptions {
  description?: string;
  parameters?: readonly Parameter[];
  steps: readonly Step[];
}

/**
 * Builds the pipeline IR from the steps given and every step they reach through references,
 * `dependsOn` and condition branches, upstream first. Duplicate names are left for validation.
 */
export function pipeline(name: string, o: PipelineOptions): Pipeline {
  const seen = new Set<Step>();
  const ordered: Step[] = [];
  const visit = (s: Step) => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const u of s.upstream) visit(u);
    for (const { ref: r } of refsInStep(s.ir)) {
      const handle = (r as { [STEP_HANDLE]?: Step })[STEP_HANDLE];
      if (handle) visit(handle);
    }
    ordered.push(s);
    for (const b of s.branches) visit(b);
  };
  for (const s of o.steps) visit(s);

  const functions = new Map<string, StepFunction>();
  for (const s of ordered) if (s.fn) functions.set(s.ir.name, s.fn);

  const ir: PipelineIR = {
    apiVersion: IR_API_VERSION,
    kind: 'Pipeline',
    name,
    ...(o.description ? { description: o.description } : {}),
    parameters: (o.parameters ?? []).map((p) => p[PARAMETER_SPEC]),
    steps: ordered.map((s) => s.ir),
  };
  return Object.freeze({ ir: deepFreeze(structuredClone(ir)), functions });
}

export function isPipeline(v: unknown): v is Pipeline {
  return typeof v === 'object' && v !== null && 'ir' in v && 'functions' in v;
}
