import type { ApprovalStatus, ProcessSpec, StepIR, StepKind, TrainingStep, Value } from './ir.js';
import { isRef } from './ir.js';
import type { CheckContext } from './validate-context.js';
import { outputsOf } from './validate-context.js';
import { tryParseIsoDuration } from './validate-duration.js';
import { didYouMean, nameList } from './validate-format.js';

/** The built-in training algorithms Godwit implements (SageMaker first-party algorithm names). */
export const BUILTIN_ALGORITHMS: readonly string[] = ['linear-learner'];

export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['PendingManualApproval', 'Approved', 'Rejected'];

/** Extensions a function step's handler module may have (what tsx imports). */
const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Per-step rules: the policies every step has, then the rules of its kind. */
export function checkSteps(ctx: CheckContext): void {
  for (const step of ctx.ir.steps) {
    checkPolicies(ctx, step);
    checkArtifactPaths(ctx, step);
    (KIND_CHECKS[step.type] as (ctx: CheckContext, step: StepIR) => void)(ctx, step);
  }
}

type KindCheck<K extends StepKind> = (ctx: CheckContext, step: Extract<StepIR, { type: K }>) => void;

const KIND_CHECKS: { [K in StepKind]: KindCheck<K> } = {
  processing: (ctx, step) => checkProcess(ctx, step.name, step.process),
  training: checkTraining,
  transform: (ctx, step) => {
    if (!step.outputs.some((o) => o.name === 'predictions' && o.type === 'dataset'))
      ctx.report(step.name, 'outputs', 'a transform step writes its results to an output named "predictions" of type dataset; declare it.');
  },
  condition: () => {},
  fail: () => {},
  'register-model': (ctx, step) => {
    checkApprovalStatus(ctx, step.name, step.approvalStatus);
    if (step.modelPackageGroup.trim() === '')
      ctx.report(step.name, 'modelPackageGroup', 'is empty; name the model package group to register into.');
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
    ctx.report(step.name, 'algorithm', `a training step needs an algorithm (${nameList(BUILTIN_ALGORITHMS)}) or a process to run.`);
  if (step.process) checkProcess(ctx, step.name, step.process);
  const algorithm = step.algorithm?.name;
  if (algorithm !== undefined && !BUILTIN_ALGORITHMS.includes(algorithm))
    ctx.report(
      step.name,
      'algorithm.name',
      `unknown built-in algorithm "${algorithm}".${didYouMean(algorithm, BUILTIN_ALGORITHMS)} Built-in algorithms: ${nameList(BUILTIN_ALGORITHMS)}; ` +
        'for anything else, give a process.',
    );
  if (algorithm === 'linear-learner' && !step.inputs.some((i) => i.name === 'train'))
    ctx.report(step.name, 'inputs', `linear-learner reads its training data from a channel named "train"; add an input "train".`);
  if (!step.outputs.some((o) => o.name === 'model' && o.type === 'model'))
    ctx.report(step.name, 'outputs', 'a training step writes its model to an output named "model" of type model; declare it.');
}

function checkProcess(ctx: CheckContext, step: string, p: ProcessSpec): void {
  if (p.command.length === 0 || p.command[0].trim() === '')
    ctx.report(step, 'process.command', 'is empty; give the program to run, e.g. ["python3"] or ["node"].');
  if (p.code === '') ctx.report(step, 'process.code', 'is empty; give a script or folder relative to the pipeline file, or leave it out.');
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
  ctx.report(step, 'approvalStatus', `${JSON.stringify(status)}${where} is not an approval status. Use one of ${nameList(APPROVAL_STATUSES)}.`);
}

function checkPolicies(ctx: CheckContext, step: StepIR): void {
  const report = (field: string, message: string) => ctx.report(step.name, field, message);
  const { retry, cache, timeoutSeconds } = step;
  if (retry) {
    if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1)
      report('retry.maxAttempts', `is ${retry.maxAttempts}; it counts every attempt, so it is a whole number of at least 1 (1 = no retry).`);
    for (const key of ['initialSeconds', 'rate', 'maxSeconds'] as const) {
      const v = retry.backoff?.[key];
      if (v !== undefined && !(v >= 0)) report(`retry.backoff.${key}`, `is ${v}; it must be 0 or more.`);
    }
    const b = retry.backoff;
    if (b?.maxSeconds !== undefined && b.maxSeconds < b.initialSeconds)
      report('retry.backoff.maxSeconds', `is ${b.maxSeconds}, less than initialSeconds (${b.initialSeconds}).`);
  }
  if (cache?.expireAfter !== undefined && tryParseIsoDuration(cache.expireAfter) === undefined)
    report('cache.expireAfter', `"${cache.expireAfter}" is not an ISO-8601 duration. Write e.g. PT1H (one hour), P30D or P1DT12H.`);
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) report('timeoutSeconds', `is ${timeoutSeconds}; it must be more than 0.`);
  const resources = 'resources' in step ? step.resources : undefined;
  const count = resources?.instanceCount;
  if (count !== undefined && !(Number.isInteger(count) && count >= 1))
    report('resources.instanceCount', `is ${count}; it must be a whole number of at least 1.`);
  const volume = resources?.volumeSizeGB;
  if (volume !== undefined && !(volume > 0)) report('resources.volumeSizeGB', `is ${volume}; it must be more than 0.`);
}

/** Container paths are absolute, as the cloud containers see them (`/opt/ml/processing/input/raw`). */
function checkArtifactPaths(ctx: CheckContext, step: StepIR): void {
  if ('inputs' in step)
    for (const i of step.inputs) {
      if (i.destination !== undefined && !i.destination.startsWith('/'))
        ctx.report(step.name, `inputs.${i.name}.destination`, `"${i.destination}" must be an absolute container path, e.g. /opt/ml/processing/input/${i.name}.`);
      if (i.source === '') ctx.report(step.name, `inputs.${i.name}.source`, 'is empty; give a path, a URI or a step output.');
    }
  for (const o of outputsOf(step))
    if (o.source !== undefined && !o.source.startsWith('/'))
      ctx.report(step.name, `outputs.${o.name}.source`, `"${o.source}" must be an absolute container path, e.g. /opt/ml/processing/output/${o.name}.`);
}
