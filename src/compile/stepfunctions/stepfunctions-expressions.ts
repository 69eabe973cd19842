/**
 * Run-time values in Amazon States Language: a JSONPath into the state or the context object,
 * or an intrinsic function. A request field holding one is written `"Field.$": "<expression>"`.
 *
 * | IR reference                    | ASL                                                                          |
 * | ------------------------------- | ---------------------------------------------------------------------------- |
 * | Parameter `x`                   | `$.parameters.x`                                                             |
 * | ExecutionVariable ExecutionId   | `$$.Execution.Name` (StartDateTime: `$$.Execution.StartTime`; PipelineName: `$$.StateMachine.Name`) |
 * | StepOutput of processing / transform | the S3 URI it is written to, `States.Format('s3://b/p/<pipeline>/{}/<step>/output/<o>', $$.Execution.Name)` |
 * | StepOutput `model` of training  | `$.steps.<step>.ModelArtifacts` (from the job's result)                       |
 * | StepOutput `output` of training | `<job output path>/<job name>/output/output.tar.gz`, one `States.Format`       |
 * | JsonGet                         | `$.steps.<step>.PropertyFiles.<file>.Content.<path>` (read from S3 after the step) |
 * | StepMetric                      | `$.steps.<step>.Metrics.<metric>[0]` (from the job's FinalMetricDataList)     |
 * | Join                            | `States.Format('…{}…', …)`                                                   |
 */
import { parseJsonPath } from '../../core/json-path.js';
import { isRef, type JsonValue, type Value } from '../../pipeline/ir.js';
import { processingOutputUri, runPrefix } from '../aws/aws-context.js';
import { checkMetricSource } from '../aws/aws-support.js';
import { Dynamic, type DynamicRef, type RequestValue } from '../aws/request-value.js';
import { CompileError, misplacedPathRef } from '../compile-error.js';
import type { AslContext } from './stepfunctions-context.js';

/** A value as ASL sees it: fixed, a JSONPath (`$.` state, `$$.` context object), or an intrinsic call. */
export type AslExpr =
  | { readonly literal: string | number | boolean }
  | { readonly path: string }
  | { readonly intrinsic: string };

const EXECUTION = {
  ExecutionId: '$$.Execution.Name',
  StartDateTime: '$$.Execution.StartTime',
  PipelineName: '$$.StateMachine.Name',
} as const;

/** `.key`, or `['key']` when the key is not an identifier. */
export function pathKey(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

export function parameterPath(name: string): string {
  return `$.parameters${pathKey(name)}`;
}

export function stepPath(ctx: AslContext, step: string): string {
  return `$.steps.${ctx.stepKey(step)}`;
}

/** The JSON key under which a step's result keeps a metric (an identifier). */
export function metricKey(metric: string): string {
  return metric.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
}

export function aslExpr(ref: DynamicRef, ctx: AslContext): AslExpr {
  switch (ref.kind) {
    case 'Parameter':
      return { path: parameterPath(ref.name) };
    case 'ExecutionVariable':
      return { path: EXECUTION[ref.name] };
    case 'JsonGet': {
      const path = parseJsonPath(ref.path).map(pathKey).join('');
      return { path: `${stepPath(ctx, ref.step)}.PropertyFiles${pathKey(ref.propertyFile)}.Content${path}` };
    }
    case 'StepMetric':
      checkMetricSource(ref.step, ref.metric, ctx);
      return { path: `${stepPath(ctx, ref.step)}.Metrics.${metricKey(ref.metric)}[0]` };
    case 'StepOutput':
    case 'Join':
      return concat(flatten(ref, ctx), ctx);
    case 'CreatedModelName':
    case 'ModelName':
      return jobName(ctx, ref.step, false);
    // The callback task's result is the JSON its SendTaskSuccess gave: `{name: value, …}` under the step's path.
    case 'CallbackOutput':
      return { path: `${stepPath(ctx, ref.step)}${pathKey(ref.name)}` };
    case 'InputPath':
    case 'OutputPath':
      throw misplacedPathRef(ctx.target, ref);
  }
}

export function aslValue(value: Value, ctx: AslContext): AslExpr {
  return isRef(value) ? aslExpr(value, ctx) : { literal: value };
}

type Part = Value | AslExpr;

/** The pieces a value is concatenated from: joins and output URIs opened up, so that one template holds them. */
function flatten(part: Part, ctx: AslContext): Part[] {
  if (!isRef(part) || isExpr(part)) return [part];
  if (part.kind === 'Join') return part.values.flatMap((v, i) => (i === 0 ? flatten(v, ctx) : [part.on, ...flatten(v, ctx)]));
  if (part.kind !== 'StepOutput') return [aslExpr(part, ctx)];
  const { step, output } = part;
  const producer = ctx.steps.get(step);
  if (producer?.type === 'processing' || producer?.type === 'sql') return flatten(processingOutputUri(ctx, step, output), ctx);
  if (producer?.type === 'transform' && output === 'predictions') return flatten(runPrefix(ctx, step), ctx);
  if (producer?.type === 'training' && output === 'model') return [{ path: `${stepPath(ctx, step)}.ModelArtifacts` }];
  if (producer?.type === 'training' && output === 'output') {
    return [
      ...flatten(runPrefix(ctx, step), ctx),
      '/',
      { path: `${stepPath(ctx, step)}.TrainingJobName` },
      '/output/output.tar.gz',
    ];
  }
  throw new CompileError(
    ctx.target,
    undefined,
    `output "${output}" of step "${step}"`,
    `Step "${step}" (${producer?.type ?? 'not in the pipeline'}) has no such output Step Functions can refer to.`,
  );
}

/**
 * The name of a SageMaker job or model a step creates: `<prefix>-<execution name>`, unique per
 * execution. A retried job needs a fresh name (SageMaker keeps failed jobs), hence the retry count.
 */
export function jobName(ctx: AslContext, step: string, retried: boolean): AslExpr {
  const parts: Part[] = [`${ctx.jobPrefix(step)}-`, { path: '$$.Execution.Name' }];
  if (retried) parts.push('-', { path: '$$.State.RetryCount' });
  return concat(parts, ctx);
}

/**
 * Parts concatenated: a lone expression stays itself; otherwise `States.Format`, with literals in
 * the template and everything else as arguments.
 */
export function concat(parts: readonly Part[], ctx: AslContext): AslExpr {
  const exprs = parts.flatMap((p) => flatten(p, ctx)).map((p) => (isExpr(p) ? p : aslValue(p, ctx)));
  if (exprs.length === 1) return exprs[0];
  let template = '';
  const args: string[] = [];
  for (const e of exprs) {
    if ('literal' in e) template += escapeTemplate(String(e.literal));
    else {
      template += '{}';
      args.push('path' in e ? e.path : e.intrinsic);
    }
  }
  if (args.length === 0) return { literal: unescapeTemplate(template) };
  return { intrinsic: `States.Format('${template}', ${args.join(', ')})` };
}

/** The value as a string, whatever a path holds (a Fail cause must be one). */
export function asString(e: AslExpr): AslExpr {
  if ('literal' in e) return { literal: String(e.literal) };
  return 'path' in e ? { intrinsic: `States.Format('{}', ${e.path})` } : e;
}

function isExpr(v: Value | AslExpr): v is AslExpr {
  return typeof v === 'object' && v !== null && !('kind' in v);
}

/** Intrinsic string literals are single-quoted; `'`, `{`, `}` and `\` are escaped with `\`. */
function escapeTemplate(s: string): string {
  return s.replace(/[\\'{}]/g, '\\$&');
}

function unescapeTemplate(s: string): string {
  return s.replace(/\\([\\'{}])/g, '$1');
}

/** An argument of an intrinsic function. */
export function intrinsicArg(e: AslExpr): string {
  if ('path' in e) return e.path;
  if ('intrinsic' in e) return e.intrinsic;
  return typeof e.literal === 'string' ? `'${escapeTemplate(e.literal)}'` : String(e.literal);
}

/** The text after a `"Field.$"` key. */
export function exprText(e: AslExpr): string {
  if ('literal' in e) throw new Error('internal: a literal has no path text');
  return 'path' in e ? e.path : e.intrinsic;
}

/**
 * A request as a Task's `Parameters`: run-time values under `"Field.$"` keys, arrays holding one
 * built with `States.Array`, `undefined` fields left out.
 */
export function renderForAsl(value: RequestValue, ctx: AslContext): JsonValue | undefined {
  if (value === undefined || value instanceof Dynamic) throw new Error('internal: renderForAsl takes a request object');
  if (Array.isArray(value)) return value.map((v) => renderForAsl(v, ctx) ?? null);
  if (typeof value !== 'object') return value as JsonValue;
  const out: Record<string, JsonValue> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    const dynamic = fieldExpr(field, ctx);
    if (dynamic === undefined) out[key] = renderForAsl(field, ctx) ?? null;
    else if ('literal' in dynamic) out[key] = dynamic.literal;
    else out[`${key}.$`] = exprText(dynamic);
  }
  return out;
}

/** The expression of a field whose value is only known at run time, or undefined for a plain field. */
function fieldExpr(field: RequestValue, ctx: AslContext): AslExpr | undefined {
  if (field instanceof Dynamic) return aslExpr(field.ref, ctx);
  if (!Array.isArray(field) || !field.some((v) => v instanceof Dynamic)) return undefined;
  const args = field.map((v) => {
    if (v instanceof Dynamic) return intrinsicArg(aslExpr(v.ref, ctx));
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return intrinsicArg({ literal: v });
    throw new Error('internal: States.Array takes only plain values');
  });
  return { intrinsic: `States.Array(${args.join(', ')})` };
}
