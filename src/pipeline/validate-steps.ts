import { MODEL_PACKAGE_GROUP_PATTERN, MODEL_PACKAGE_GROUP_RULE } from '../core/sagemaker-names.js';
import { didYouMean } from '../core/suggest.js';
import { algorithmChannels, BUILTIN_ALGORITHM_NAMES, builtinAlgorithm } from './builtin-algorithms.js';
import type { ApprovalStatus, MetricDefinition, ProcessSpec, StepIR, StepKind, TrainingStep, Value } from './ir.js';
import { isRef } from './ir.js';
import type { CheckContext } from './validate-context.js';
import { nameList } from './validate-format.js';
import { checkArtifactPaths, checkPolicies } from './validate-policies.js';
import { checkQualityCheckStep } from './validate-quality-check.js';
import { checkSqlStep } from './validate-sql.js';
import { checkTransformStep } from './validate-transform.js';

export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['PendingManualApproval', 'Approved', 'Rejected'];

/** Extensions a function step's handler module may have (what tsx imports). */
const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Per-step rules: the policies every step has, then the rules of its kind. */
export function checkSteps(ctx: CheckContext): void {
  for (const step of ctx.ir.steps) {
    checkPolicies(ctx, step);
    checkArtifactPaths(ctx, step);
    if ('metricDefinitions' in step) checkMetricDefinitions(ctx, step.name, step.metricDefinitions ?? []);
    (KIND_CHECKS[step.type] as (ctx: CheckContext, step: StepIR) => void)(ctx, step);
  }
}

type KindCheck<K extends StepKind> = (ctx: CheckContext, step: Extract<StepIR, { type: K }>) => void;

const KIND_CHECKS: { [K in StepKind]: KindCheck<K> } = {
  processing: (ctx, step) => checkProcess(ctx, step.name, step.process),
  training: checkTraining,
  transform: checkTransformStep,
  condition: () => {},
  fail: () => {},
  'register-model': (ctx, step) => {
    checkApprovalStatus(ctx, step.name, step.approvalStatus);
    if (step.modelPackageGroup.trim() === '')
      ctx.report(step.name, 'modelPackageGroup', 'is empty; name the model package group to register into.');
    else if (!MODEL_PACKAGE_GROUP_PATTERN.test(step.modelPackageGroup))
      ctx.report(
        step.name,
        'modelPackageGroup',
        `"${step.modelPackageGroup}" is not a model package group name: ${MODEL_PACKAGE_GROUP_RULE}.`,
      );
  },
  sql: checkSqlStep,
  'quality-check': checkQualityCheckStep,
  model: (ctx, step) => {
    // Its model is named for the run (runtime/model-names.ts): a result reused from another run would name another run's model.
    if (step.cache?.enabled)
      ctx.report(step.name, 'cache', 'a model step creates its model in each run and is never cached; remove cache.');
    if (step.image !== undefined && step.image.trim() === '')
      ctx.report(step.name, 'image', 'is empty; name the serving image, or leave it out to serve by the model files.');
  },
  callback: (ctx, step) => {
    if (step.queueUrl.trim() === '')
      ctx.report(step.name, 'queueUrl', 'is empty; name the SQS queue URL the cloud sends the token to.');
    const names = (step.outputParameters ?? []).map((o) => o.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    if (repeated.length > 0)
      ctx.report(step.name, 'outputParameters', `names ${nameList([...new Set(repeated)])} more than once.`);
  },
  function: (ctx, step) => {
    const { module, export: name } = step.handler;
    if (name === '') ctx.report(step.name, 'handler.export', 'is empty; name the exported function to run.');
    if (module === '#pipeline') return;
    if (module === '' || module.startsWith('#') || !HANDLER_EXTENSIONS.some((e) => module.endsWith(e)))
      ctx.report(
        step.name,
        'handler.module',
        `"${module}" is neither "#pipeline" (a function of the pipeline file) nor a module path relative to the pipeline file ` +
          `ending in ${HANDLER_EXTENSIONS.join(', ')}.`,
      );
  },
};

function checkTraining(ctx: CheckContext, step: TrainingStep): void {
  if (step.algorithm && step.process)
    ctx.report(step.name, 'algorithm', 'a training step runs a built-in algorithm or a process, not both; remove one.');
  if (!step.algorithm && !step.process)
    ctx.report(
      step.name,
      'algorithm',
      `a training step needs an algorithm (${nameList(BUILTIN_ALGORITHM_NAMES)}) or a process to run.`,
    );
  if (step.process) checkProcess(ctx, step.name, step.process);
  if (step.algorithm) checkAlgorithm(ctx, step, step.algorithm.name);
  if (!step.outputs.some((o) => o.name === 'model' && o.type === 'model'))
    ctx.report(step.name, 'outputs', 'a training step writes its model to an output named "model" of type model; declare it.');
  checkSpot(ctx, step);
}

/** The algorithm exists, and the step's inputs are its channels (what `godwit algorithm` would refuse at run time). */
function checkAlgorithm(ctx: CheckContext, step: TrainingStep, algorithm: string): void {
  const facts = builtinAlgorithm(algorithm);
  if (!facts) {
    ctx.report(
      step.name,
      'algorithm.name',
      `unknown built-in algorithm "${algorithm}".${didYouMean(algorithm, BUILTIN_ALGORITHM_NAMES)} Built-in algorithms: ${nameList(BUILTIN_ALGORITHM_NAMES)}; ` +
        'for anything else, give a process.',
    );
    return;
  }
  const channels = algorithmChannels(facts);
  for (const input of step.inputs)
    if (!channels.includes(input.name))
      ctx.report(
        step.name,
        `inputs.${input.name}`,
        `${algorithm} has no channel "${input.name}".${didYouMean(input.name, channels)} Its channels: ${nameList(channels)}.`,
      );
  for (const required of facts.channels.required)
    if (!step.inputs.some((i) => i.name === required))
      ctx.report(
        step.name,
        'inputs',
        `${algorithm} reads its training data from a channel named "${required}"; add an input "${required}".`,
      );
}

function checkSpot(ctx: CheckContext, step: TrainingStep): void {
  const { checkpoint, spot } = step;
  if (checkpoint?.uri.trim() === '')
    ctx.report(step.name, 'checkpoint.uri', 'is empty; give a URI or a path to keep checkpoints in.');
  if (checkpoint?.localPath !== undefined && !checkpoint.localPath.startsWith('/'))
    ctx.report(
      step.name,
      'checkpoint.localPath',
      `"${checkpoint.localPath}" must be an absolute container path, e.g. /opt/ml/checkpoints.`,
    );
  if (!spot) return;
  const wait = spot.maxWaitSeconds;
  if (wait !== undefined && !(wait > 0)) ctx.report(step.name, 'spot.maxWaitSeconds', `is ${wait}; it must be more than 0.`);
  else if (wait !== undefined && step.timeoutSeconds !== undefined && wait < step.timeoutSeconds)
    ctx.report(
      step.name,
      'spot.maxWaitSeconds',
      `is ${wait}, less than timeoutSeconds (${step.timeoutSeconds}); the wait bound includes the run time, as SageMaker's MaxWaitTimeInSeconds.`,
    );
  for (const [i, at] of (spot.interruptions ?? []).entries())
    if (!(at > 0 && Number.isFinite(at)))
      ctx.report(
        step.name,
        `spot.interruptions[${i}]`,
        `is ${at}; an interruption happens a number of seconds (more than 0) into an attempt.`,
      );
}

/** Metric definitions: unique names, and a regex whose first group captures the value. */
function checkMetricDefinitions(ctx: CheckContext, step: string, defs: readonly MetricDefinition[]): void {
  const seen = new Set<string>();
  for (const [i, d] of defs.entries()) {
    const field = `metricDefinitions[${i}]`;
    if (d.name.trim() === '') ctx.report(step, `${field}.name`, 'is empty; name the metric, e.g. "validation:mse".');
    else if (seen.has(d.name))
      ctx.report(step, `${field}.name`, `metric "${d.name}" is defined twice; metric names must be unique.`);
    seen.add(d.name);
    const groups = captureGroups(d.regex);
    if (typeof groups === 'string') ctx.report(step, `${field}.regex`, `is not a valid regular expression: ${groups}.`);
    else if (groups === 0)
      ctx.report(
        step,
        `${field}.regex`,
        `/${d.regex}/ has no capture group; put the value in parentheses, e.g. "mse: ([0-9.]+)".`,
      );
  }
}

/** How many capture groups a regex has, or why it does not compile. */
function captureGroups(regex: string): number | string {
  try {
    // Matching the empty alternative always succeeds, and the match has one slot per group.
    return (new RegExp(`${regex}|`).exec('') as RegExpExecArray).length - 1;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

function checkProcess(ctx: CheckContext, step: string, p: ProcessSpec): void {
  if (p.command.length === 0 || p.command[0].trim() === '')
    ctx.report(step, 'process.command', 'is empty; give the program to run, e.g. ["python3"] or ["node"].');
  if (p.code === '')
    ctx.report(step, 'process.code', 'is empty; give a script or folder relative to the pipeline file, or leave it out.');
  if (p.entryPoint !== undefined && p.code === undefined)
    ctx.report(step, 'process.entryPoint', 'names the file to run inside process.code, but there is no process.code.');
}

function checkApprovalStatus(ctx: CheckContext, step: string, v: Value): void {
  let status: unknown = v;
  let where = '';
  if (isRef(v) && v.kind === 'Parameter') {
    status = ctx.parameters.get(v.name)?.default;
    where = ` (the default of parameter "${v.name}")`;
  } else if (isRef(v)) return;
  if (status === undefined || (APPROVAL_STATUSES as readonly unknown[]).includes(status)) return;
  ctx.report(
    step,
    'approvalStatus',
    `${JSON.stringify(status)}${where} is not an approval status. Use one of ${nameList(APPROVAL_STATUSES)}.`,
  );
}
