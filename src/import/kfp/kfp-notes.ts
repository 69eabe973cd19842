/** The report's lines for what the imported steps became, in step order. */
import type { StepIR } from '../../pipeline/ir.js';
import type { ImportNote } from '../pipeline-import.js';

export function stepNotes(steps: readonly StepIR[]): ImportNote[] {
  const notes: ImportNote[] = [];
  for (const step of steps) {
    if (step.type === 'processing') {
      const how =
        step.process.contract === 'sagemaker' ? ' under the SageMaker processing contract (a Godwit-compiled task)' : '';
      notes.push({
        step: step.name,
        feature: 'container',
        outcome: 'mapped',
        detail: `a processing step running ${step.process.command[0]} on this machine${how}; image ${step.process.image} kept for the cloud targets`,
      });
    }
    if (step.type === 'condition') {
      notes.push({
        step: step.name,
        feature: 'triggerPolicy.condition',
        outcome: 'mapped',
        detail: `a condition step; its DAG's steps (${step.then.join(', ')}) run when it holds`,
      });
    }
    if (step.retry)
      notes.push({
        step: step.name,
        feature: 'retryPolicy',
        outcome: 'mapped',
        detail: `retry: up to ${step.retry.maxAttempts} attempts`,
      });
    if (step.cache) notes.push({ step: step.name, feature: 'cachingOptions', outcome: 'mapped', detail: 'cache enabled' });
  }
  if (steps.some((s) => s.type === 'processing' && s.process.contract === undefined)) {
    notes.push({
      feature: 'artifact paths',
      outcome: 'approximated',
      detail:
        "Godwit gives a step a folder per input and output; {{$.outputs.artifacts['y'].path}} is the file y inside the output's folder, and an input's .path the producer's file inside the input's folder.",
    });
  }
  return notes;
}
