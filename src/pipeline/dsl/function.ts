import type { StepFunction } from '../function-context.js';
import type { FunctionStep, PropertyFileSpec, Value } from '../ir.js';
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
} from './options.js';
import { makeStep, type Step } from './step.js';
import { plainRecord } from './values.js';

export interface FunctionOptions extends CommonOptions {
  /** The function to run in-process; see `FunctionContext`. */
  run: StepFunction;
  inputs?: Readonly<Record<string, InputArg>>;
  outputs?: Readonly<Record<string, OutputArg>>;
  args?: Readonly<Record<string, Value>>;
  propertyFiles?: readonly PropertyFileSpec[];
}

const OPTIONS: OptionNames<FunctionOptions> = {
  ...COMMON_OPTIONS,
  run: true,
  inputs: true,
  outputs: true,
  args: true,
  propertyFiles: true,
};

/**
 * An in-process function step. Runs locally only; the cloud compilers reject it.
 *
 * ```ts
 * fn('summarise', { run: async (ctx) => ({ metrics: { rows: 3 } }) })
 * // { name: 'summarise', type: 'function', handler: { module: '#pipeline', export: 'summarise' }, inputs: [], outputs: [] }
 * ```
 */
export function fn(name: string, o: FunctionOptions): Step<FunctionStep> {
  checkOptions('fn()', `Step "${name}"`, o, OPTIONS);
  const ir: FunctionStep = {
    ...common(name, o),
    type: 'function',
    handler: { module: '#pipeline', export: name },
    inputs: inputs(name, o.inputs),
    outputs: outputs(name, o.outputs),
    ...(o.args ? { args: plainRecord(o.args) } : {}),
    ...(o.propertyFiles?.length ? { propertyFiles: o.propertyFiles } : {}),
  };
  return makeStep(ir, o.dependsOn ?? [], o.run);
}
