import type { Resources, TransformDataCapture, TransformDataProcessing, TransformStep, Value } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, type Step } from './step.js';
import { plain } from './values.js';

export interface TransformOptions extends CommonOptions {
  model: Value;
  input: Value;
  contentType?: string;
  splitType?: 'Line' | 'None';
  batchStrategy?: 'SingleRecord' | 'MultiRecord';
  maxPayloadInMB?: number;
  maxConcurrentTransforms?: number;
  accept?: string;
  assembleWith?: 'Line' | 'None';
  dataProcessing?: TransformDataProcessing;
  dataCapture?: TransformDataCapture;
  resources?: Resources;
}

const OPTIONS: OptionNames<TransformOptions> = {
  ...COMMON_OPTIONS,
  model: true,
  input: true,
  contentType: true,
  splitType: true,
  batchStrategy: true,
  maxPayloadInMB: true,
  maxConcurrentTransforms: true,
  accept: true,
  assembleWith: true,
  dataProcessing: true,
  dataCapture: true,
  resources: true,
};

// Copied in this order, and only when given, so the IR of a step without them is unchanged.
const JOB_OPTIONS = [
  'contentType',
  'splitType',
  'batchStrategy',
  'maxPayloadInMB',
  'maxConcurrentTransforms',
  'accept',
  'assembleWith',
  'dataProcessing',
  'dataCapture',
] as const;

/**
 * Batch inference (SageMaker `TransformStep`). Output: `predictions` (dataset).
 *
 * ```ts
 * transform('score', { model: train.output('model'), input: prep.output('test') })
 * // { name: 'score', type: 'transform', model: {…}, input: {…}, outputs: [{ name: 'predictions', type: 'dataset' }] }
 * transform('score', { model, input, dataProcessing: { inputFilter: '$[1:]', joinSource: 'Input', outputFilter: '$[0,-1]' } })
 * // id,f1,f2 → the model sees f1,f2 → predictions.out holds id,prediction
 * ```
 */
export function transform(name: string, o: TransformOptions): Step<TransformStep> {
  checkOptions('transform()', `Step "${name}"`, o, OPTIONS);
  const ir: TransformStep = {
    ...common(name, o),
    type: 'transform',
    model: plain(o.model),
    input: plain(o.input),
    ...jobOptions(o),
    outputs: [{ name: 'predictions', type: 'dataset' }],
    ...(o.resources ? { resources: o.resources } : {}),
  };
  return makeStep(ir, o.dependsOn ?? []);
}

function jobOptions(o: TransformOptions): Partial<TransformStep> {
  const out: Record<string, unknown> = {};
  for (const key of JOB_OPTIONS) if (o[key] !== undefined) out[key] = typeof o[key] === 'object' ? { ...o[key] } : o[key];
  return out as Partial<TransformStep>;
}
