import type { ErrorCode } from '../core/error-codes.js';
import type { Problem } from '../core/errors.js';
import type { OutputSpec, ParameterSpec, PipelineIR, PropertyFileSpec, StepIR } from './ir.js';

/**
 * What every semantic check reads: the IR (already structurally valid), lookups by name (the
 * first of a duplicated name wins; duplicates are reported once by the name check) and the sink
 * for problems.
 */
export interface CheckContext {
  readonly ir: PipelineIR;
  readonly steps: ReadonlyMap<string, StepIR>;
  readonly parameters: ReadonlyMap<string, ParameterSpec>;
  report(step: string | undefined, field: string, message: string, code?: ErrorCode): void;
}

export function makeContext(ir: PipelineIR): { ctx: CheckContext; problems: Problem[] } {
  const problems: Problem[] = [];
  const steps = new Map<string, StepIR>();
  for (const s of ir.steps) if (!steps.has(s.name)) steps.set(s.name, s);
  const parameters = new Map<string, ParameterSpec>();
  for (const p of ir.parameters) if (!parameters.has(p.name)) parameters.set(p.name, p);
  const ctx: CheckContext = {
    ir,
    steps,
    parameters,
    report: (step, field, message, code) =>
      problems.push({ ...(step === undefined ? {} : { step }), field, message, ...(code ? { code } : {}) }),
  };
  return { ctx, problems };
}

/** The output artifacts a step declares; steps without outputs (condition, fail, register) have none. */
export function outputsOf(step: StepIR): readonly OutputSpec[] {
  return 'outputs' in step ? step.outputs : [];
}

export function propertyFilesOf(step: StepIR): readonly PropertyFileSpec[] {
  return 'propertyFiles' in step ? (step.propertyFiles ?? []) : [];
}
