/**
 * A transform step's job options that the schema cannot check: its JSONPath filters parse in
 * SageMaker's subset, and the options that match predictions to records (a join, an output
 * filter) have records to match (`splitType` and `assembleWith` `Line`).
 */
import { GodwitError } from '../core/errors.js';
import { parseTransformPath } from '../serving/transform/transform-path.js';
import type { TransformStep } from './ir.js';
import type { CheckContext } from './validate-context.js';

export function checkTransformStep(ctx: CheckContext, step: TransformStep): void {
  if (!step.outputs.some((o) => o.name === 'predictions' && o.type === 'dataset'))
    ctx.report(
      step.name,
      'outputs',
      'a transform step writes its results to an output named "predictions" of type dataset; declare it.',
    );
  const dp = step.dataProcessing;
  for (const field of ['inputFilter', 'outputFilter'] as const) {
    const path = dp?.[field];
    if (path === undefined) continue;
    // SageMaker's length limit: a filter longer than this is refused by CreateTransformJob.
    if (path.length > 63)
      ctx.report(step.name, `dataProcessing.${field}`, `is ${path.length} characters; SageMaker takes at most 63.`);
    try {
      parseTransformPath(path, field);
    } catch (err) {
      if (!(err instanceof GodwitError)) throw err;
      ctx.report(step.name, `dataProcessing.${field}`, err.message.replace(/^[^:]*: /, ''));
    }
  }
  if (step.dataCapture && step.dataCapture.destination.trim() === '')
    ctx.report(step.name, 'dataCapture.destination', 'is empty; give the URI or folder the capture manifests go to.');
  const lines = (step.splitType ?? 'Line') === 'Line' && (step.assembleWith ?? 'Line') === 'Line';
  const matched = dp?.joinSource === 'Input' || (dp?.outputFilter ?? '$') !== '$';
  if (matched && !lines)
    ctx.report(
      step.name,
      'splitType',
      'a join and an output filter match predictions to records, which needs splitType and assembleWith "Line".',
    );
  if ((dp?.inputFilter ?? '$') !== '$' && step.splitType === 'None')
    ctx.report(
      step.name,
      'dataProcessing.inputFilter',
      'applies to each record, but splitType "None" makes the whole file one record; use "Line".',
    );
}
