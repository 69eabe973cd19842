import type { BuiltinAlgorithmName } from '../builtin-algorithms.js';
import type { CheckpointConfig, MetricDefinition, ProcessSpec, Resources, SpotConfig, TrainingStep, Value } from '../ir.js';
import {
  COMMON_OPTIONS,
  type CommonOptions,
  checkOptions,
  common,
  type InputArg,
  inputs,
  type OptionNames,
  type OutputArg,
  outputs,
  processSpec,
} from './options.js';
import { makeStep, type Step } from './step.js';
import { plainRecord } from './values.js';

export interface TrainingOptions extends CommonOptions {
  algorithm?: BuiltinAlgorithmName;
  process?: ProcessSpec;
  hyperparameters?: Readonly<Record<string, Value>>;
  inputs?: Readonly<Record<string, InputArg>>;
  /** Extra outputs beyond `model`, e.g. `{ output: 'fileset' }` for `/opt/ml/output/data`. */
  outputs?: Readonly<Record<string, OutputArg>>;
  metricDefinitions?: readonly MetricDefinition[];
  checkpoint?: CheckpointConfig;
  spot?: SpotConfig;
  resources?: Resources;
}

const OPTIONS: OptionNames<TrainingOptions> = {
  ...COMMON_OPTIONS,
  algorithm: true,
  process: true,
  hyperparameters: true,
  inputs: true,
  outputs: true,
  metricDefinitions: true,
  checkpoint: true,
  spot: true,
  resources: true,
};

/**
 * A training step (SageMaker `TrainingStep`). Always has a `model` output.
 *
 * ```ts
 * training('train', { algorithm: 'linear-learner', inputs: { train: prep.output('train') }, hyperparameters: { predictor_type: 'regressor' } })
 * // { name: 'train', type: 'training', algorithm: { name: 'linear-learner' }, hyperparameters: {…},
 * //   inputs: [{ name: 'train', source: { kind: 'StepOutput', step: 'prep', output: 'train' } }], outputs: [{ name: 'model', type: 'model' }] }
 * ```
 */
export function training(name: string, o: TrainingOptions): Step<TrainingStep> {
  checkOptions('training()', `Step "${name}"`, o, OPTIONS);
  const outs = outputs(name, o.outputs);
  if (!outs.some((x) => x.name === 'model')) outs.unshift({ name: 'model', type: 'model' });
  const ir: TrainingStep = {
    ...common(name, o),
    type: 'training',
    ...(o.algorithm ? { algorithm: { name: o.algorithm } } : {}),
    ...(o.process ? { process: processSpec(name, 'training()', o.process) } : {}),
    ...(o.hyperparameters ? { hyperparameters: plainRecord(o.hyperparameters) } : {}),
    inputs: inputs(name, o.inputs),
    outputs: outs,
    ...(o.metricDefinitions?.length ? { metricDefinitions: o.metricDefinitions } : {}),
    ...(o.checkpoint ? { checkpoint: o.checkpoint } : {}),
    ...(o.spot ? { spot: o.spot } : {}),
    ...(o.resources ? { resources: o.resources } : {}),
  };
  return makeStep(ir, o.dependsOn ?? []);
}
