/**
 * IR conditions as Choice rules. ASL compares a `Variable` (a path into the state) with a typed
 * literal or another path, so each comparison needs a type and paths on the variable side:
 *
 * | IR                          | Choice rule                                                         |
 * | --------------------------- | ------------------------------------------------------------------- |
 * | `lte(jsonGet, param)`       | `{ Variable: <jsonGet path>, NumericLessThanEqualsPath: <param path> }` |
 * | `eq(param, 'a')`            | `{ Variable: <param path>, StringEquals: 'a' }`                      |
 * | `gt(execution.startTime, t)`| `{ Variable: <operand path>, TimestampGreaterThan: t }`              |
 * | `isIn(x, [a, b])`           | `{ Or: [x = a, x = b] }`                                            |
 * | `not` / `and` / `or`        | `Not` / `And` / `Or`                                                |
 *
 * Types come from the operands: a parameter's declared type, a literal's, a metric is a number,
 * the start time a timestamp, a join or output URI a string; a JsonGet takes the other side's
 * type (number when both sides are JsonGet). A string compared with the start time is compared
 * as a timestamp (`TimestampGreaterThan`, `TimestampEqualsPath`…): a literal date or a time
 * without a zone is written in full as UTC (`2020-12-01` → `2020-12-01T00:00:00Z`), and a string
 * known only at run time must then be a full RFC 3339 timestamp; a warning says each of these.
 * A literal on the left is swapped to the right. An
 * operand that is not a plain state path (a join, the start time, a literal compared with a
 * literal) is first computed into `$.steps.<condition>` by a Pass state before the Choice.
 */
import type { ComparisonOp, Condition, JsonValue, Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { warn } from '../aws/aws-context.js';
import { CompileError } from '../compile-error.js';
import type { AslContext } from './stepfunctions-context.js';
import { type AslExpr, aslValue, exprText, stepPath } from './stepfunctions-expressions.js';

type ValueType = 'number' | 'string' | 'boolean' | 'timestamp';

/** A Choice rule (without `Next`) and the operands a Pass state must compute first. */
export interface ChoiceRule {
  readonly rule: { [key: string]: JsonValue };
  /** Pass `Parameters` (`"v0.$": "<expression>"`), empty when nothing needs computing. */
  readonly operands: Record<string, JsonValue>;
}

const OP_NAME: Record<ComparisonOp, string> = {
  eq: 'Equals',
  gt: 'GreaterThan',
  gte: 'GreaterThanEquals',
  lt: 'LessThan',
  lte: 'LessThanEquals',
};
const SWAPPED: Record<ComparisonOp, ComparisonOp> = { eq: 'eq', gt: 'lt', gte: 'lte', lt: 'gt', lte: 'gte' };
const PREFIX: Record<ValueType, string> = { number: 'Numeric', string: 'String', boolean: 'Boolean', timestamp: 'Timestamp' };
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function choiceRule(condition: Condition, step: string, ctx: AslContext): ChoiceRule {
  const operands: Record<string, JsonValue> = {};
  const byText = new Map<string, string>();
  /** A path to the operand: itself when it is a `$.` path, else a slot the Pass state fills. */
  const pathOf = (e: AslExpr): string => {
    if ('path' in e && e.path.startsWith('$.')) return e.path;
    const text = 'literal' in e ? JSON.stringify(e.literal) : exprText(e);
    let slot = byText.get(text);
    if (slot === undefined) {
      slot = `v${byText.size}`;
      byText.set(text, slot);
      if ('literal' in e) operands[slot] = e.literal;
      else operands[`${slot}.$`] = exprText(e);
    }
    return `${stepPath(ctx, step)}.${slot}`;
  };

  const compare = (op: ComparisonOp, left: Value, right: Value): { [key: string]: JsonValue } => {
    const type = comparisonType(left, right, ctx, step);
    if (type === 'boolean' && op !== 'eq') {
      throw new CompileError(ctx.target, step, `"${op}" on boolean values`, 'Booleans can only be compared for equality.');
    }
    if (!isRef(left) && isRef(right)) [left, right, op] = [right, left, SWAPPED[op]];
    const name = `${PREFIX[type]}${OP_NAME[op]}`;
    const variable = pathOf(aslValue(left, ctx));
    const r = aslValue(right, ctx);
    if (type === 'timestamp') for (const side of [left, right]) runtimeTimestamp(side, ctx, step);
    if (!('literal' in r)) return { Variable: variable, [`${name}Path`]: pathOf(r) };
    if (type === 'timestamp') return { Variable: variable, [name]: timestampLiteral(String(r.literal), ctx, step) };
    return { Variable: variable, [name]: r.literal };
  };

  const rule = (c: Condition): { [key: string]: JsonValue } => {
    switch (c.op) {
      case 'and':
        return { And: c.conditions.map(rule) };
      case 'or':
        return { Or: c.conditions.map(rule) };
      case 'not':
        return { Not: rule(c.condition) };
      case 'in':
        if (c.values.length === 0) {
          throw new CompileError(
            ctx.target,
            step,
            'an "in" test with no values',
            'Step Functions has no empty Or; give at least one value.',
          );
        }
        return { Or: c.values.map((v) => compare('eq', c.value, v)) };
      default:
        return compare(c.op, c.left, c.right);
    }
  };

  return { rule: rule(condition), operands };
}

/** A date (`2020-12-01`) or zoneless time as the full UTC timestamp Step Functions compares. */
function timestampLiteral(text: string, ctx: AslContext, step: string): string {
  if (RFC3339.test(text)) return text;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?)?$/.exec(text);
  if (!m) {
    throw new CompileError(
      ctx.target,
      step,
      `a comparison of the start time with "${text}", which is not a date or timestamp`,
      'Compare the start time with an RFC 3339 timestamp, e.g. 2020-12-01T00:00:00Z, or a date, e.g. 2020-12-01.',
    );
  }
  const full = `${m[1]}T${m[2] ?? '00:00'}${m[3] ?? ':00'}Z`;
  warn(
    ctx,
    step,
    `"${text}" is compared with the start time as ${full} (UTC${m[2] ? '' : ' midnight'}): Step Functions compares only full timestamps.`,
  );
  return full;
}

/** A string known only at run time compared as a timestamp: it must hold one in full. */
function runtimeTimestamp(value: Value, ctx: AslContext, step: string): void {
  if (!isRef(value) || typeOf(value, ctx) !== 'string') return;
  const what = value.kind === 'Parameter' ? `the parameter "${value.name}"` : `the ${value.kind} value`;
  warn(
    ctx,
    step,
    `${what} is compared with the start time as a timestamp: Step Functions needs it in full RFC 3339 (e.g. 2020-12-01T00:00:00Z) at run time; a date alone does not compare.`,
  );
}

function comparisonType(left: Value, right: Value, ctx: AslContext, step: string): ValueType {
  const l = typeOf(left, ctx);
  const r = typeOf(right, ctx);
  if (l === undefined || r === undefined) return l ?? r ?? 'number';
  if (l === r) return l;
  if ((l === 'timestamp' && r === 'string') || (r === 'timestamp' && l === 'string')) return 'timestamp';
  throw new CompileError(
    ctx.target,
    step,
    `a comparison of a ${l} with a ${r}`,
    'Step Functions compares values of one type; make both sides numbers, strings, booleans or timestamps.',
  );
}

/** The type of a value, or undefined when only the run knows (a JsonGet). */
function typeOf(value: Value, ctx: AslContext): ValueType | undefined {
  if (!isRef(value)) return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
  switch (value.kind) {
    case 'Parameter': {
      const type = ctx.ir.parameters.find((p) => p.name === value.name)?.type;
      return type === 'integer' || type === 'float' ? 'number' : type === 'boolean' ? 'boolean' : 'string';
    }
    case 'StepMetric':
      return 'number';
    case 'JsonGet':
    case 'CallbackOutput':
      return undefined;
    case 'ExecutionVariable':
      return value.name === 'StartDateTime' ? 'timestamp' : 'string';
    default:
      return 'string';
  }
}
