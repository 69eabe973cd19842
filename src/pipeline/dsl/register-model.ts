import type { RegisterModelStep, Value } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, type Step } from './step.js';
import { plain } from './values.js';

export interface RegisterModelOptions extends CommonOptions {
  model: Value;
  modelPackageGroup: string;
  approvalStatus?: Value;
  metrics?: Value;
  image?: string;
  contentTypes?: readonly string[];
  responseTypes?: readonly string[];
  inferenceInstances?: readonly string[];
  transformInstances?: readonly string[];
}

const OPTIONS: OptionNames<RegisterModelOptions> = {
  ...COMMON_OPTIONS,
  model: true,
  modelPackageGroup: true,
  approvalStatus: true,
  metrics: true,
  image: true,
  contentTypes: true,
  responseTypes: true,
  inferenceInstances: true,
  transformInstances: true,
};

/**
 * Registers a model version (SageMaker `RegisterModel`).
 *
 * ```ts
 * registerModel('register', { model: train.output('model'), modelPackageGroup: 'abalone' })
 * // { name: 'register', type: 'register-model', model: {…}, modelPackageGroup: 'abalone', approvalStatus: 'PendingManualApproval' }
 * ```
 */
export function registerModel(name: string, o: RegisterModelOptions): Step<RegisterModelStep> {
  checkOptions('registerModel()', `Step "${name}"`, o, OPTIONS);
  const {
    model,
    modelPackageGroup,
    approvalStatus,
    metrics,
    dependsOn,
    displayName,
    description,
    retry,
    cache,
    timeoutSeconds,
    ...extra
  } = o;
  const ir: RegisterModelStep = {
    ...common(name, o),
    type: 'register-model',
    model: plain(model),
    modelPackageGroup,
    approvalStatus: plain(approvalStatus ?? 'PendingManualApproval'),
    ...(metrics !== undefined ? { metrics: plain(metrics) } : {}),
    ...extra,
  };
  return makeStep(ir, dependsOn ?? []);
}
