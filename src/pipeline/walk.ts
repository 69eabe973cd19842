import type { Condition, PipelineIR, Ref, StepIR, StepTableRef, Value } from './ir.js';
import { isRef } from './ir.js';

/** Every reference inside a value, joins flattened (the join itself is yielded too). */
export function* refsInValue(value: Value | undefined): Generator<Ref> {
  if (!isRef(value)) return;
  yield value;
  if (value.kind === 'Join') for (const v of value.values) yield* refsInValue(v);
}

export function* refsInCondition(c: Condition): Generator<Ref> {
  switch (c.op) {
    case 'and':
    case 'or':
      for (const inner of c.conditions) yield* refsInCondition(inner);
      return;
    case 'not':
      yield* refsInCondition(c.condition);
      return;
    case 'in':
      yield* refsInValue(c.value);
      for (const v of c.values) yield* refsInValue(v);
      return;
    default:
      yield* refsInValue(c.left);
      yield* refsInValue(c.right);
  }
}

/** A reference with the field of the step it was found in (for error messages). */
export interface FieldRef {
  readonly field: string;
  readonly ref: Ref;
}

function* fieldRefs(field: string, value: Value | undefined): Generator<FieldRef> {
  for (const ref of refsInValue(value)) yield { field, ref };
}

/** Every reference a step makes, with the field it sits in. */
export function* refsInStep(step: StepIR): Generator<FieldRef> {
  if ('inputs' in step) for (const i of step.inputs) yield* fieldRefs(`inputs.${i.name}.source`, i.source);
  if ('resources' in step) yield* fieldRefs('resources.instanceType', step.resources?.instanceType);
  switch (step.type) {
    case 'processing':
    case 'training': {
      const p = step.process;
      if (p) {
        for (const [i, a] of (p.args ?? []).entries()) yield* fieldRefs(`process.args[${i}]`, a);
        for (const [k, v] of Object.entries(p.env ?? {})) yield* fieldRefs(`process.env.${k}`, v);
      }
      if (step.type === 'training')
        for (const [k, v] of Object.entries(step.hyperparameters ?? {})) yield* fieldRefs(`hyperparameters.${k}`, v);
      return;
    }
    case 'transform':
      yield* fieldRefs('model', step.model);
      yield* fieldRefs('input', step.input);
      return;
    case 'condition':
      for (const ref of refsInCondition(step.condition)) yield { field: 'condition', ref };
      return;
    case 'fail':
      yield* fieldRefs('message', step.message);
      return;
    case 'register-model':
      yield* fieldRefs('model', step.model);
      yield* fieldRefs('approvalStatus', step.approvalStatus);
      yield* fieldRefs('metrics', step.metrics);
      return;
    case 'function':
      for (const [k, v] of Object.entries(step.args ?? {})) yield* fieldRefs(`args.${k}`, v);
      return;
    case 'sql':
      for (const [k, v] of Object.entries(step.params ?? {})) yield* fieldRefs(`params.${k}`, v);
      return;
    case 'callback':
      for (const [k, v] of Object.entries(step.args ?? {})) yield* fieldRefs(`args.${k}`, v);
      return;
    case 'quality-check':
      yield* fieldRefs('dataset', step.dataset);
      yield* fieldRefs('baselineStatistics', step.baselineStatistics);
      yield* fieldRefs('baselineConstraints', step.baselineConstraints);
      return;
    case 'model':
      yield* fieldRefs('model', step.model);
      for (const [k, v] of Object.entries(step.env ?? {})) yield* fieldRefs(`env.${k}`, v);
      return;
  }
}

/** The step whose result a reference reads (an output, property file, metric, model name or callback value), if any. */
export function producerOf(ref: Ref): string | undefined {
  switch (ref.kind) {
    case 'StepOutput':
    case 'JsonGet':
    case 'StepMetric':
    case 'ModelName':
    case 'CallbackOutput':
      return ref.step;
    default:
      return undefined;
  }
}

/** The other sql steps' tables a sql step reads (`reads` entries that are `StepTable` references). */
export function tableRefsInStep(step: StepIR): StepTableRef[] {
  if (step.type !== 'sql') return [];
  return (step.reads ?? []).flatMap((r) => (typeof r.table === 'string' ? [] : [r.table]));
}

/** Names of the steps a step depends on: data references plus `dependsOn`, in first-seen order. */
export function upstreamOf(step: StepIR): string[] {
  const names = new Set<string>(step.dependsOn ?? []);
  for (const { ref } of refsInStep(step)) {
    const producer = producerOf(ref);
    if (producer !== undefined) names.add(producer);
  }
  for (const t of tableRefsInStep(step)) names.add(t.step);
  return [...names];
}

/**
 * For each step inside a condition branch, the condition step that guards it. A branch step
 * depends on its condition step even when it references nothing of it.
 */
export function branchOwners(ir: PipelineIR): Map<string, { condition: string; branch: 'then' | 'else' }> {
  const owners = new Map<string, { condition: string; branch: 'then' | 'else' }>();
  for (const step of ir.steps) {
    if (step.type !== 'condition') continue;
    for (const name of step.then) owners.set(name, { condition: step.name, branch: 'then' });
    for (const name of step.else) owners.set(name, { condition: step.name, branch: 'else' });
  }
  return owners;
}

/** Upstream step names including the guarding condition step, the edges the executor honours. */
export function dependenciesOf(ir: PipelineIR): Map<string, string[]> {
  const owners = branchOwners(ir);
  const deps = new Map<string, string[]>();
  for (const step of ir.steps) {
    const up = upstreamOf(step);
    const owner = owners.get(step.name);
    if (owner && !up.includes(owner.condition)) up.push(owner.condition);
    deps.set(step.name, up);
  }
  return deps;
}
