import type { PipelineIR } from '../pipeline/ir.js';
import { compileKfp } from './kfp/kfp-compiler.js';
import { compileSageMaker } from './sagemaker/sagemaker-compiler.js';
import { compileStepFunctions } from './stepfunctions/stepfunctions-compiler.js';
import type { CompileOptions, CompileResult, Compiler, TargetName, TargetProfile } from './target.js';

export { CompileError } from './compile-error.js';
export type { CompileOptions, CompileResult, Compiler, CompileWarning, TargetName, TargetProfile, Upload } from './target.js';

const COMPILERS: Readonly<Record<TargetName, Compiler>> = {
  sagemaker: compileSageMaker,
  kfp: compileKfp,
  stepfunctions: compileStepFunctions,
};

export const TARGETS = Object.keys(COMPILERS) as TargetName[];

/** Compiles a validated pipeline IR for a cloud target: a pure function of its arguments. */
export function compile(ir: PipelineIR, target: TargetName, profile: TargetProfile, options: CompileOptions = {}): CompileResult {
  return COMPILERS[target](ir, profile, options);
}
