/**
 * The `images:` entries of godwit.config.yaml applied to a pipeline execution's steps, by the
 * rules the jobs capability applies to a job's image (docs/images.md), so a step of a definition
 * runs what a CreateTrainingJob with the same image would run:
 *
 * - a training step's image matched by an entry runs the entry's command as the image's own
 *   program, followed by the step's `ContainerArguments` (its `ContainerEntrypoint` is the image's
 *   entry point, which the mapping replaces); with `kind: script` and a script-mode program the
 *   command is the script's interpreter;
 * - a processing step keeps its `ContainerEntrypoint`, which replaces an image's entry point in
 *   SageMaker too: its programs must be on this machine.
 *
 * Steps whose image no entry matches run their command as imported.
 */
import { type ImageEntry, imagePatternMatches } from '../config/config-images.js';
import type { PipelineIR, StepIR, TrainingStep } from '../pipeline/ir.js';

/** The IR with mapped images applied, and which steps each entry mapped (`step → pattern`). */
export function applyImageMap(
  ir: PipelineIR,
  entries: readonly ImageEntry[],
): { ir: PipelineIR; mapped: ReadonlyMap<string, string> } {
  const mapped = new Map<string, string>();
  const steps = ir.steps.map((step): StepIR => {
    if (step.type !== 'training' || !step.process?.image) return step;
    const image = step.process.image;
    const entry = entries.find((e) => imagePatternMatches(e.pattern, image));
    if (!entry) return step;
    mapped.set(step.name, entry.pattern);
    return mapTraining(step, entry);
  });
  return { ir: { ...ir, steps }, mapped };
}

function mapTraining(step: TrainingStep, entry: ImageEntry): TrainingStep {
  const process = step.process as NonNullable<TrainingStep['process']>;
  if (entry.kind === 'script' && process.code !== undefined) return { ...step, process: { ...process, command: entry.command } };
  const [program, ...rest] = entry.command;
  const { code: _code, entryPoint: _entry, ...kept } = process;
  return {
    ...step,
    process: { ...kept, command: [program as string], args: [...rest, ...(process.args ?? [])], contract: 'sagemaker' },
  };
}
