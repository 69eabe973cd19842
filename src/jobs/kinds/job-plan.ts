/**
 * What the processing and transform kinds' plans share: a one-step pipeline named after the job,
 * and IR names made from SageMaker names (which may start with a digit; IR names may not).
 */
import { IR_API_VERSION, type PipelineIR, type StepIR } from '../../pipeline/ir.js';
import { NAME_PATTERN } from '../../pipeline/validate-names.js';

/** `train-2` stays `train-2`; `1st` becomes `n-1st`, so a job or input name is always a valid IR name. */
export function irName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_-]/g, '-');
  return NAME_PATTERN.test(clean) ? clean : `n-${clean}`;
}

export function oneStepPipeline(jobName: string, step: StepIR, description: string): PipelineIR {
  return { apiVersion: IR_API_VERSION, kind: 'Pipeline', name: irName(jobName), description, parameters: [], steps: [step] };
}
