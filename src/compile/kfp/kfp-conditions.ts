/**
 * IR conditions → the CEL of a KFP `triggerPolicy.condition`, typed as the SDK types them:
 * operands read the task's inputs (`inputs.parameter_values['pipelinechannel--x']`), integers
 * through `int(…)`, and mixed operands are promoted STRING > BOOLEAN > DOUBLE > INTEGER.
 * `lte(JsonGet(…), mse_threshold)` →
 * `inputs.parameter_values['pipelinechannel--evaluate-evaluationreport-Output'] <= inputs.parameter_values['pipelinechannel--mse_threshold']`.
 * A JsonGet has no declared type; it takes its peer's (DOUBLE for two untyped ordering operands).
 */
import type { ComparisonOp, Condition, Ref, Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import type { KfpParameterType } from './kfp-spec.js';
import { pythonFloat } from './yaml/pyyaml-scalar.js';

const OPERATORS: Readonly<Record<ComparisonOp, string>> = { eq: '==', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export interface CelOperands {
  /** The declared type of a reference, or undefined for JsonGet (typed by its peer). */
  typeOf(ref: Ref): KfpParameterType | undefined;
  /** Binds `ref` as an input of the triggered task(s), typed `type`; returns the input's name. */
  bind(ref: Ref, type: KfpParameterType): string;
  /** The step, for messages. */
  readonly step: string;
}

function staticType(ops: CelOperands, v: Value): KfpParameterType | undefined {
  if (isRef(v)) return ops.typeOf(v);
  if (typeof v === 'string') return 'STRING';
  if (typeof v === 'boolean') return 'BOOLEAN';
  return Number.isInteger(v) ? 'NUMBER_INTEGER' : 'NUMBER_DOUBLE';
}

/** The common type of operands, promoted as the SDK does; `fallback` when none is known. */
function canonical(ops: CelOperands, types: (KfpParameterType | undefined)[], fallback: KfpParameterType): KfpParameterType {
  const known = new Set(types.filter((t): t is KfpParameterType => t !== undefined));
  if (known.size === 0) return fallback;
  if (known.size === 1) return [...known][0];
  if (known.has('STRING')) return 'STRING';
  if (known.has('BOOLEAN')) {
    throw new CompileError('kfp', ops.step, 'a condition comparing a boolean with a number', 'Compare values of one type.');
  }
  return 'NUMBER_DOUBLE';
}

function celString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function operand(ops: CelOperands, v: Value, type: KfpParameterType): string {
  if (!isRef(v)) {
    if (type === 'STRING') return celString(String(v));
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'string') throw new CompileError('kfp', ops.step, `a condition comparing "${v}" with a number`);
    return type === 'NUMBER_DOUBLE' ? pythonFloat(v) : String(v);
  }
  const own = ops.typeOf(v) ?? type;
  let expr = `inputs.parameter_values['${ops.bind(v, own)}']`;
  if (own === 'NUMBER_INTEGER') expr = `int(${expr})`;
  if (own === type) return expr;
  if (type === 'NUMBER_DOUBLE') return `double(${expr})`;
  return `string(${expr})`;
}

export function toCel(ops: CelOperands, c: Condition): string {
  switch (c.op) {
    case 'not':
      return `!(${toCel(ops, c.condition)})`;
    case 'and':
    case 'or': {
      if (c.conditions.length === 0) return c.op === 'and' ? 'true' : 'false';
      const parts = c.conditions.map((inner) => {
        const text = toCel(ops, inner);
        return (inner.op === 'and' || inner.op === 'or') && c.conditions.length > 1 ? `(${text})` : text;
      });
      return parts.join(c.op === 'and' ? ' && ' : ' || ');
    }
    case 'in': {
      const all = [c.value, ...c.values];
      const type = canonical(
        ops,
        all.map((v) => staticType(ops, v)),
        'STRING',
      );
      return `${operand(ops, c.value, type)} in [${c.values.map((v) => operand(ops, v, type)).join(', ')}]`;
    }
    default: {
      const type = canonical(
        ops,
        [staticType(ops, c.left), staticType(ops, c.right)],
        c.op === 'eq' ? 'STRING' : 'NUMBER_DOUBLE',
      );
      return `${operand(ops, c.left, type)} ${OPERATORS[c.op]} ${operand(ops, c.right, type)}`;
    }
  }
}
