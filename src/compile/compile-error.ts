import { GodwitError } from '../core/errors.js';
import type { ProcessSpec } from '../pipeline/ir.js';
import type { TargetName } from './target.js';

/** A pipeline uses something a target cannot express. Never drop a feature silently: throw this. */
export class CompileError extends GodwitError {
  constructor(target: TargetName, step: string | undefined, feature: string, hint?: string) {
    const where = step ? `Step "${step}" uses ${feature}` : `The pipeline uses ${feature}`;
    super('E_COMPILE_UNSUPPORTED', `${where}, which the ${target} target cannot express.`, { hint });
  }
}

/** An `InputPath` / `OutputPath` reference used where no step's container is in scope. */
export function misplacedPathRef(target: TargetName, ref: { kind: string; name: string }): CompileError {
  return new CompileError(
    target,
    undefined,
    `${ref.kind}("${ref.name}") outside a step's args or env`,
    "InputPath and OutputPath name folders inside the step's own container; use them in process.args or process.env.",
  );
}

/** Every target refuses a function step: its code runs inside the Godwit process, locally only. */
export function functionStepRefused(
  target: TargetName,
  step: string,
  hint = 'Function steps run inside the Godwit process and exist only locally; turn it into a processing step (command and code) to run it in the cloud.',
): CompileError {
  return new CompileError(target, step, 'an in-process function step', hint);
}

/**
 * Why a bare `train` has no image: a SageMaker Training step with empty Arguments (the SDK unit
 * tests' CustomStep) imports as the image's `train` entry point with no image.
 */
export function emptyTrainingNote(process: ProcessSpec): string {
  return process.command.length === 1 && process.command[0] === 'train'
    ? ' A SageMaker Training step with no AlgorithmSpecification imports this way: it names no image, so there is nothing to run (SageMaker itself fails it at CreateTrainingJob).'
    : '';
}
