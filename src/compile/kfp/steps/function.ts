/** Function steps run in-process on the machine running Godwit; a cloud runs containers only. */
import type { FunctionStep } from '../../../pipeline/ir.js';
import { functionStepRefused } from '../../compile-error.js';
import type { KfpContext } from '../kfp-context.js';

export function compileFunction(_ctx: KfpContext, step: FunctionStep): void {
  throw functionStepRefused(
    'kfp',
    step.name,
    'Function steps run only locally. Turn it into a processing step with a script (command + code) to run it on Kubeflow or Vertex AI.',
  );
}
