import type { ModelStep, Value } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, type Step } from './step.js';
import { plain } from './values.js';

export interface ModelOptions extends CommonOptions {
  model: Value;
  image?: string;
  env?: Record<string, Value>;
  executionRole?: string;
}

const OPTIONS: OptionNames<ModelOptions> = { ...COMMON_OPTIONS, model: true, image: true, env: true, executionRole: true };

/**
 * A model step (SageMaker `ModelStep` creating a model): a named model of the model data, which
 * later steps read with `.modelName()`.
 *
 * ```ts
 * model('create', { model: train.output('model'), image: '…/sagemaker-scikit-learn:1.2-1-cpu-py3' })
 * // { name: 'create', type: 'model', model: { kind: 'StepOutput', step: 'train', output: 'model' }, image: '…' }
 * ```
 */
export function model(name: string, o: ModelOptions): Step<ModelStep> {
  checkOptions('model()', `Step "${name}"`, o, OPTIONS);
  const env = o.env && Object.fromEntries(Object.entries(o.env).map(([k, v]) => [k, plain(v)]));
  return makeStep(
    {
      ...common(name, o),
      type: 'model',
      model: plain(o.model),
      ...(o.image !== undefined ? { image: o.image } : {}),
      ...(env ? { env } : {}),
      ...(o.executionRole !== undefined ? { executionRole: o.executionRole } : {}),
    },
    o.dependsOn ?? [],
  );
}
