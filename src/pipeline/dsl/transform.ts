import type { Resources, TransformStep, Value } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, type Step } from './step.js';
import { plain } from './values.js';

export interface TransformOptions extends CommonOptions {
  model: Value;
  input: Value;
  contentType?: string;
  splitType?: 'Line' | 'None';
  resources?: Resources;
}

const OPTIONS: OptionNames<TransformOptions> = {
  ...COMMON_OPTIONS,
  model: true,
  input: true,
  contentType: true,
  splitType: true,
  resources: true,
};

/**
 * Batch inference (SageMaker `TransformStep`). Output: `predictions` (dataset).
 *
 * ```ts
 * transform('score', { model: train.output('model'), input: prep.output('test') })
 * // { name: 'score', type: 'transform', model: {…}, input: {…}, outputs: [{ name: 'predictions', type: 'dataset' }] }
 * ```
 */
export function transform(name: string, o: TransformOptions): Step<TransformStep> {
  checkOptions('transform()', `Step "${name}"`, o, OPTIONS);
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
