import type { MetricDefinition, ProcessingStep, ProcessSpec, PropertyFileSpec, Resources } from '../ir.js';
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
  PROCESS_OPTIONS,
  processSpec,
} from './options.js';
import { makeStep, type Step } from './step.js';

export interface ProcessingOptions extends CommonOptions, ProcessSpec {
  inputs?: Readonly<Record<string, InputArg>>;
  outputs?: Readonly<Record<string, OutputArg>>;
  propertyFiles?: readonly PropertyFileSpec[];
  metricDefinitions?: readonly MetricDefinition[];
  resources?: Resources;
}

const OPTIONS: OptionNames<ProcessingOptions> = {
  ...COMMON_OPTIONS,
  ...PROCESS_OPTIONS,
  inputs: true,
  outputs: true,
  propertyFiles: true,
  metricDefinitions: true,
  resources: true,
};

/**
 * A processing step (SageMaker `ProcessingStep`): a command over staged inputs.
 *
 * ```ts
 * processing('prep', { command: ['node'], code: 'steps/prep.mjs', inputs: { raw: data }, outputs: { train: 'dataset' } })
 * // { name: 'prep', type: 'processing', process: { command: ['node'], code: 'steps/prep.mjs' },
 * //   inputs: [{ name: 'raw', source: { kind: 'Parameter', name: 'input_data' } }], outputs: [{ name: 'train', type: 'dataset' }] }
 * ```
 */
export function processing(name: string, o: ProcessingOptions): Step<ProcessingStep> {
  checkOptions('processing()', `Step "${name}"`, o, OPTIONS);
  const { inputs: ins, outputs: outs, propertyFiles, metricDefinitions, resources, dependsOn, ...rest } = o;
  const process = processSpec(name, 'processing()', {
    command: rest.command,
    ...(rest.image ? { image: rest.image } : {}),
    ...(rest.code ? { code: rest.code } : {}),
    ...(rest.entryPoint ? { entryPoint: rest.entryPoint } : {}),
    ...(rest.args ? { args: rest.args } : {}),
    ...(rest.env ? { env: rest.env } : {}),
    ...(rest.contract ? { contract: rest.contract } : {}),
  });
  const ir: ProcessingStep = {
    ...common(name, o),
    type: 'processing',
    process,
    inputs: inputs(name, ins),
    outputs: outputs(name, outs),
    ...(propertyFiles?.length ? { propertyFiles } : {}),
    ...(metricDefinitions?.length ? { metricDefinitions } : {}),
    ...(resources ? { resources } : {}),
  };
  return makeStep(ir, dependsOn ?? []);
}
