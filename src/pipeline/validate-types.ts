import type { ArtifactType, CallbackOutputType, Condition, StepIR, Value } from './ir.js';
import { isRef } from './ir.js';
import type { CheckContext } from './validate-context.js';
import { outputsOf } from './validate-context.js';

/**
 * Artifacts flow into places that expect their type (a model into a transform, a dataset into a
 * dataset input), and conditions compare values of compatible types.
 */
export function checkTypes(ctx: CheckContext): void {
  for (const step of ctx.ir.steps) {
    if ('inputs' in step)
      for (const input of step.inputs)
        if (input.type && input.type !== 'fileset')
          expectArtifact(ctx, step, `inputs.${input.name}.source`, input.source, [input.type], `input "${input.name}" expects`);
    switch (step.type) {
      case 'transform':
        expectArtifact(ctx, step, 'model', step.model, ['model'], 'a transform runs');
        rejectArtifact(ctx, step, 'input', step.input, 'model', 'a transform reads records from a dataset, not');
        break;
      case 'register-model':
        expectArtifact(ctx, step, 'model', step.model, ['model'], 'register-model registers');
        expectArtifact(ctx, step, 'metrics', step.metrics, ['metrics'], 'register-model attaches');
        break;
      case 'condition':
        checkCondition(ctx, step, 'condition', step.condition);
        break;
    }
  }
}

/** The type of the output a value reads, when it reads a known step's known output. */
function artifactTypeOf(ctx: CheckContext, value: Value | undefined): { type: ArtifactType; what: string } | undefined {
  if (!isRef(value) || value.kind !== 'StepOutput') return undefined;
  const target = ctx.steps.get(value.step);
  const output = target && outputsOf(target).find((o) => o.name === value.output);
  return output && { type: output.type, what: `output "${value.output}" of step "${value.step}"` };
}

function expectArtifact(
  ctx: CheckContext,
  step: StepIR,
  field: string,
  value: Value | undefined,
  expected: readonly ArtifactType[],
  role: string,
): void {
  const found = artifactTypeOf(ctx, value);
  if (!found || expected.includes(found.type)) return;
  ctx.report(
    step.name,
    field,
    `${role} ${article(expected[0])} ${expected[0]}, but ${found.what} is ${article(found.type)} ${found.type}.`,
  );
}

function rejectArtifact(
  ctx: CheckContext,
  step: StepIR,
  field: string,
  value: Value,
  rejected: ArtifactType,
  role: string,
): void {
  const found = artifactTypeOf(ctx, value);
  if (found?.type === rejected) ctx.report(step.name, field, `${role} ${article(rejected)} ${rejected}: ${found.what} is one.`);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}

// ---------------------------------------------------------------------------------------------
// Conditions

type OperandType = 'string' | 'number' | 'boolean';

/** What is statically known of an operand: its type (if known) and how to name it in a message. */
interface Operand {
  readonly type?: OperandType;
  readonly what: string;
}

const CALLBACK_TYPES: Readonly<Record<CallbackOutputType, OperandType>> = {
  String: 'string',
  Integer: 'number',
  Float: 'number',
  Boolean: 'boolean',
};

function operand(ctx: CheckContext, v: Value): Operand {
  if (!isRef(v)) {
    const type = typeof v as OperandType;
    return { type, what: `${type} literal ${JSON.stringify(v)}` };
  }
  switch (v.kind) {
    case 'Parameter': {
      const spec = ctx.parameters.get(v.name);
      if (!spec) return { what: `parameter "${v.name}"` };
      const type = spec.type === 'integer' || spec.type === 'float' ? 'number' : spec.type;
      return { type, what: `${spec.type} parameter "${v.name}"` };
    }
    case 'StepMetric':
      return { type: 'number', what: `metric "${v.metric}" of step "${v.step}"` };
    case 'Join':
      return { type: 'string', what: 'a join' };
    case 'ExecutionVariable':
      return { type: 'string', what: `execution variable ${v.name}` };
    case 'StepOutput':
      return { type: 'string', what: `the URI of output "${v.output}" of step "${v.step}"` };
    case 'ModelName':
      return { type: 'string', what: `the model name of step "${v.step}"` };
    case 'CallbackOutput': {
      const producer = ctx.steps.get(v.step);
      const declared = producer?.type === 'callback' ? producer.outputParameters?.find((o) => o.name === v.name) : undefined;
      const what = `output parameter "${v.name}" of callback step "${v.step}"`;
      if (!declared) return { what };
      return { type: CALLBACK_TYPES[declared.type], what: `${declared.type} ${what}` };
    }
    default:
      // JsonGet reads whatever the file holds; InputPath/OutputPath are rejected by the reference check.
      return { what: v.kind };
  }
}

function checkCondition(ctx: CheckContext, step: StepIR, field: string, c: Condition): void {
  switch (c.op) {
    case 'and':
    case 'or':
      for (const [i, inner] of c.conditions.entries()) checkCondition(ctx, step, `${field}.conditions[${i}]`, inner);
      return;
    case 'not':
      checkCondition(ctx, step, `${field}.condition`, c.condition);
      return;
    case 'in': {
      const value = operand(ctx, c.value);
      for (const [i, v] of c.values.entries()) {
        const item = operand(ctx, v);
        if (value.type && item.type && value.type !== item.type)
          ctx.report(step.name, `${field}.values[${i}]`, `"in" tests ${value.what} against ${item.what}; their types differ.`);
      }
      return;
    }
    default: {
      const left = operand(ctx, c.left);
      const right = operand(ctx, c.right);
      const ordering = c.op !== 'eq';
      let reportedBoolean = false;
      for (const [side, o] of [['left', left] as const, ['right', right] as const]) {
        if (!ordering || o.type !== 'boolean') continue;
        ctx.report(step.name, `${field}.${side}`, `"${c.op}" orders numbers, but ${o.what} is a boolean; use "eq".`);
        reportedBoolean = true;
      }
      if (left.type && right.type && left.type !== right.type && !reportedBoolean)
        ctx.report(
          step.name,
          field,
          `"${c.op}" compares ${left.what} with ${right.what}; their types differ.${quoteHint(left, right)}`,
        );
    }
  }
}

function quoteHint(a: Operand, b: Operand): string {
  const quotedNumber = (o: Operand) => o.type === 'string' && /^string literal "-?\d+(\.\d+)?"$/.test(o.what);
  return quotedNumber(a) || quotedNumber(b) ? ' Write the number without quotes.' : '';
}
