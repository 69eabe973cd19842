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
 *   SageMaker too;
 * - either way, the entry's `files` stand in for the image's own files, which a user of Docker
 *   would bind-mount: a command `[interpreter, <file under one of them>, …]`
 *   (`python3 /opt/program/featureselect.py`) runs that file as the step's code (the folder is
 *   staged with the execution and copied into the step's workspace, so the sandbox sees it), and
 *   any other argument naming such a path names the local file.
 *
 * Steps whose image no entry matches run their command as imported.
 */
import { type ImageEntry, imagePatternMatches } from '../config/config-images.js';
import type { PipelineIR, ProcessSpec, StepIR, TrainingStep, Value } from '../pipeline/ir.js';

/** Local folders an execution must stage: its relative path (what `process.code` names) → the folder. */
export type ImageFolders = ReadonlyMap<string, string>;

/** The IR with mapped images applied, which entry mapped each step (`step → pattern`), and the folders to stage. */
export function applyImageMap(
  ir: PipelineIR,
  entries: readonly ImageEntry[],
): { ir: PipelineIR; mapped: ReadonlyMap<string, string>; folders: ImageFolders } {
  const mapped = new Map<string, string>();
  const folders = new Map<string, string>();
  const steps = ir.steps.map((step): StepIR => {
    if ((step.type !== 'training' && step.type !== 'processing') || !step.process?.image) return step;
    const image = step.process.image;
    const index = entries.findIndex((e) => imagePatternMatches(e.pattern, image));
    if (index < 0) return step;
    const entry = entries[index] as ImageEntry;
    mapped.set(step.name, entry.pattern);
    const mappedStep = step.type === 'training' ? mapTraining(step, entry) : step;
    return { ...mappedStep, process: withFiles(mappedStep.process as ProcessSpec, entry, index, folders) } as StepIR;
  });
  return { ir: { ...ir, steps }, mapped, folders };
}

function mapTraining(step: TrainingStep, entry: ImageEntry): TrainingStep {
  const process = step.process as ProcessSpec;
  if (entry.kind === 'script' && process.code !== undefined) return { ...step, process: { ...process, command: entry.command } };
  const [program, ...rest] = entry.command;
  const { code: _code, entryPoint: _entry, ...kept } = process;
  return {
    ...step,
    process: { ...kept, command: [program as string], args: [...rest, ...(process.args ?? [])], contract: 'sagemaker' },
  };
}

function withFiles(process: ProcessSpec, entry: ImageEntry, index: number, folders: Map<string, string>): ProcessSpec {
  const files = Object.entries(entry.files ?? {});
  if (files.length === 0) return process;
  const under = (text: string) => files.find(([inside]) => text === inside || text.startsWith(`${inside}/`));
  const local = (text: string) => {
    const found = under(text);
    return found ? `${found[1]}${text.slice(found[0].length)}` : text;
  };
  const value = (v: Value): Value => (typeof v === 'string' ? local(v) : v);
  const [interpreter, script, ...rest] = process.command;
  const folder = script !== undefined && process.code === undefined ? under(script) : undefined;
  if (interpreter !== undefined && script !== undefined && folder) {
    const staged = `image-files/${index}${folder[0]}`;
    folders.set(staged, folder[1]);
    return {
      ...process,
      command: [interpreter],
      code: staged,
      entryPoint: script.slice(folder[0].length + 1),
      args: [...rest.map(local), ...(process.args ?? []).map(value)],
    };
  }
  return { ...process, command: process.command.map(local), ...(process.args ? { args: process.args.map(value) } : {}) };
}
