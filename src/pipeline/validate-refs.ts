import { tryParseJsonPath } from '../core/json-path.js';
import { didYouMean } from '../core/suggest.js';
import { builtinAlgorithm } from './builtin-algorithms.js';
import type { ArtifactPathRef, CallbackOutputRef, JsonGetRef, Ref, StepIR, StepMetricRef, StepOutputRef } from './ir.js';
import type { CheckContext } from './validate-context.js';
import { outputsOf, propertyFilesOf } from './validate-context.js';
import { nameList } from './validate-format.js';
import { refsInStep } from './walk.js';

/**
 * Every reference points at something that exists: parameters, steps, their outputs and property
 * files, the step's own inputs/outputs for `InputPath`/`OutputPath`; and `dependsOn` names real steps.
 */
export function checkRefs(ctx: CheckContext): void {
  for (const step of ctx.ir.steps) {
    for (const { field, ref } of refsInStep(step)) (REF_CHECKS[ref.kind] as RefCheck<Ref>)(ctx, step, field, ref);
    for (const [i, name] of (step.dependsOn ?? []).entries()) {
      const field = `dependsOn[${i}]`;
      if (name === step.name) ctx.report(step.name, field, 'the step lists itself; a step cannot depend on itself.');
      else checkTarget(ctx, step, field, name, `depends on step "${name}"`);
    }
    for (const pf of propertyFilesOf(step)) checkPropertyFile(ctx, step, pf.name, pf.output, pf.path);
  }
}

/** The reference node of one kind (InputPath and OutputPath share one interface). */
type RefOfKind<K extends Ref['kind']> = K extends 'InputPath' | 'OutputPath' ? ArtifactPathRef : Extract<Ref, { kind: K }>;

type RefCheck<R extends Ref> = (ctx: CheckContext, step: StepIR, field: string, ref: R) => void;

const REF_CHECKS: { [K in Ref['kind']]: RefCheck<RefOfKind<K>> } = {
  Parameter: (ctx, step, field, ref) => {
    if (ctx.parameters.has(ref.name)) return;
    const known = [...ctx.parameters.keys()];
    ctx.report(
      step.name,
      field,
      `reads parameter "${ref.name}", which is not declared.${didYouMean(ref.name, known)} Parameters: ${nameList(known)}.`,
    );
  },
  StepOutput: (ctx, step, field, ref) => {
    const target = checkTarget(ctx, step, field, ref.step, `reads output "${ref.output}" of step "${ref.step}"`);
    if (target) checkOutputExists(ctx, step, field, target, ref);
  },
  JsonGet: (ctx, step, field, ref) => {
    const what = `reads property file "${ref.propertyFile}" of step "${ref.step}"`;
    const target = checkTarget(ctx, step, field, ref.step, what);
    if (target) checkJsonGet(ctx, step, field, target, ref, what);
  },
  StepMetric: (ctx, step, field, ref) => {
    const target = checkTarget(ctx, step, field, ref.step, `reads metric "${ref.metric}" of step "${ref.step}"`);
    if (target) checkMetricSource(ctx, step, field, target, ref);
  },
  ModelName: (ctx, step, field, ref) => {
    const target = checkTarget(ctx, step, field, ref.step, `reads the model name of step "${ref.step}"`);
    if (target && target.type !== 'model')
      ctx.report(
        step.name,
        field,
        `reads the model name of step "${ref.step}", a ${target.type} step; only a model step creates a named model.`,
      );
  },
  CallbackOutput: (ctx, step, field, ref) => {
    const what = `reads output parameter "${ref.name}" of step "${ref.step}"`;
    const target = checkTarget(ctx, step, field, ref.step, what);
    if (target) checkCallbackOutput(ctx, step, field, target, ref, what);
  },
  ExecutionVariable: () => {},
  // A join's values are yielded (and checked) on their own by refsInStep.
  Join: () => {},
  InputPath: (ctx, step, field, ref) => checkArtifactPath(ctx, step, field, ref.kind, ref.name),
  OutputPath: (ctx, step, field, ref) => checkArtifactPath(ctx, step, field, ref.kind, ref.name),
};

/** The referenced step, or undefined (with a problem) when it is missing, the step itself or a fail step. */
function checkTarget(ctx: CheckContext, step: StepIR, field: string, name: string, what: string): StepIR | undefined {
  if (name === step.name) {
    ctx.report(step.name, field, `${what}, which is this step itself; a step cannot depend on itself.`);
    return undefined;
  }
  const target = ctx.steps.get(name);
  if (!target) {
    const known = [...ctx.steps.keys()];
    ctx.report(step.name, field, `${what}, which does not exist.${didYouMean(name, known)} Steps: ${nameList(known)}.`);
    return undefined;
  }
  if (target.type === 'fail') {
    ctx.report(step.name, field, `${what}, a fail step; a fail step ends the run, so nothing can run after it.`);
    return undefined;
  }
  return target;
}

function checkOutputExists(ctx: CheckContext, step: StepIR, field: string, target: StepIR, ref: StepOutputRef): void {
  const names = outputsOf(target).map((o) => o.name);
  if (names.includes(ref.output)) return;
  const listing =
    names.length === 0
      ? `"${target.name}" (a ${target.type} step) has no outputs.`
      : `Outputs of "${target.name}": ${nameList(names)}.`;
  ctx.report(
    step.name,
    field,
    `reads output "${ref.output}" of step "${target.name}", which has no such output.${didYouMean(ref.output, names)} ${listing}`,
  );
}

function checkJsonGet(ctx: CheckContext, step: StepIR, field: string, target: StepIR, ref: JsonGetRef, what: string): void {
  const files = propertyFilesOf(target).map((p) => p.name);
  if (!files.includes(ref.propertyFile)) {
    const listing =
      files.length === 0
        ? `"${target.name}" declares no property files; add one with propertyFile(name, output, path).`
        : `Property files of "${target.name}": ${nameList(files)}.`;
    ctx.report(step.name, field, `${what}, which does not declare it.${didYouMean(ref.propertyFile, files)} ${listing}`);
  }
  const path = tryParseJsonPath(ref.path);
  if (typeof path === 'string') ctx.report(step.name, field, `JSON path "${ref.path}" is not valid: ${path}`);
}

/** Step kinds that can report metrics: built-in algorithms and scripts (training), processing and function results. */
const METRIC_STEP_KINDS: ReadonlySet<string> = new Set(['training', 'processing', 'function']);

function checkMetricSource(ctx: CheckContext, step: StepIR, field: string, target: StepIR, ref: StepMetricRef): void {
  if (!METRIC_STEP_KINDS.has(target.type)) {
    ctx.report(
      step.name,
      field,
      `reads metric "${ref.metric}" of step "${target.name}", a ${target.type} step, which reports no metrics. Metrics come from ${nameList(METRIC_STEP_KINDS)} steps.`,
    );
    return;
  }
  // A process reports only the metrics its definitions read from its log, a built-in algorithm
  // its own and those; a function reports its own, known only at run time.
  if (target.type === 'function') return;
  const algorithm = target.type === 'training' && target.algorithm ? builtinAlgorithm(target.algorithm.name) : undefined;
  if (target.type === 'training' && target.algorithm && !algorithm) return; // unknown algorithm: reported on its own
  const names = [
    ...(algorithm?.metricDefinitions ?? []).map((d) => d.Name),
    ...(('metricDefinitions' in target ? target.metricDefinitions : undefined) ?? []).map((d) => d.name),
  ];
  if (names.includes(ref.metric)) return;
  const listing =
    names.length === 0
      ? `"${target.name}" has no metricDefinitions; add one ({ name, regex }) that reads the metric from its log.`
      : `Metric definitions of "${target.name}": ${nameList(names)}.`;
  ctx.report(
    step.name,
    field,
    `reads metric "${ref.metric}" of step "${target.name}", which does not define it.${didYouMean(ref.metric, names)} ${listing}`,
  );
}

function checkCallbackOutput(
  ctx: CheckContext,
  step: StepIR,
  field: string,
  target: StepIR,
  ref: CallbackOutputRef,
  what: string,
): void {
  if (target.type !== 'callback') {
    ctx.report(step.name, field, `${what}, a ${target.type} step; only a callback step has output parameters.`);
    return;
  }
  const names = (target.outputParameters ?? []).map((o) => o.name);
  if (names.includes(ref.name)) return;
  const listing =
    names.length === 0
      ? `"${target.name}" declares no outputParameters; declare "${ref.name}" there.`
      : `Output parameters of "${target.name}": ${nameList(names)}.`;
  ctx.report(step.name, field, `${what}, which it does not declare.${didYouMean(ref.name, names)} ${listing}`);
}

function checkArtifactPath(ctx: CheckContext, step: StepIR, field: string, kind: 'InputPath' | 'OutputPath', name: string): void {
  if (!field.startsWith('process.args[') && !field.startsWith('process.env.')) {
    ctx.report(
      step.name,
      field,
      `uses ${kind} "${name}", which only means something in the step's own process.args and process.env.`,
    );
    return;
  }
  const own = kind === 'InputPath' ? ('inputs' in step ? step.inputs : []) : outputsOf(step);
  const names = own.map((a) => a.name);
  if (names.includes(name)) return;
  const what = kind === 'InputPath' ? 'input' : 'output';
  ctx.report(
    step.name,
    field,
    `uses ${kind} "${name}", but the step has no ${what} "${name}".${didYouMean(name, names)} Its ${what}s: ${nameList(names)}.`,
  );
}

function checkPropertyFile(ctx: CheckContext, step: StepIR, name: string, output: string, path: string): void {
  const names = outputsOf(step).map((o) => o.name);
  if (!names.includes(output))
    ctx.report(
      step.name,
      `propertyFiles.${name}.output`,
      `property file "${name}" is in output "${output}", which the step does not declare.${didYouMean(output, names)} Outputs of "${step.name}": ${nameList(names)}.`,
    );
  if (path === '' || path.startsWith('/') || path.split(/[\\/]/).includes('..'))
    ctx.report(
      step.name,
      `propertyFiles.${name}.path`,
      `path "${path}" must be a file inside output "${output}", relative to it, e.g. "evaluation.json".`,
    );
}
