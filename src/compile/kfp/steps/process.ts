/**
 * A step that runs `process` (a command, optionally with a script) in a container. The script
 * arrives as an importer artifact and its path goes on the command line:
 * `command: [node, "{{$.inputs.artifacts['code'].path}}"]`. Under the SageMaker contract (the
 * default) inputs and outputs are linked to their `/opt/ml/...` folders by the staging prologue;
 * under the Vertex contract the process gets paths only through InputPath/OutputPath args.
 */
import type { InputSpec, MetricDefinition, OutputSpec, ProcessSpec, Resources, StepIR } from '../../../pipeline/ir.js';
import { baseName } from '../../uploads.js';
import { ContainerTask } from '../kfp-container.js';
import { type KfpContext, pipelineUri } from '../kfp-context.js';
import { Staging } from '../kfp-contract.js';
import { processImage } from '../kfp-images.js';
import { containerResources } from '../kfp-machine.js';

export interface ProcessStep {
  readonly step: StepIR;
  readonly process: ProcessSpec;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly resources?: Resources;
  readonly metricDefinitions?: readonly MetricDefinition[];
  /** SageMaker-contract folders where the IR names none. */
  readonly inputFolder: (name: string) => string;
  readonly outputFolder: (name: string) => string;
}

/** What a step kind adds to the process: arguments after the user's, contract env and files. */
export type ProcessExtras = (
  c: ContainerTask,
  staging: Staging,
  sagemaker: boolean,
) => { args?: string[]; env?: Record<string, string> };

const HAS_PLACEHOLDER = /\{\{\$/;

export function compileProcess(ctx: KfpContext, p: ProcessStep, extras?: ProcessExtras): void {
  const { step, process } = p;
  if (p.metricDefinitions?.length) {
    // A condition that reads one of these metrics is a CompileError where the reference compiles.
    ctx.warnings.push({
      step: step.name,
      message: `metrics read from the log (${p.metricDefinitions.map((m) => m.name).join(', ')}) are not collected: KFP reads no metrics from logs.`,
    });
  }
  const c = new ContainerTask(ctx, step);
  const image = processImage(ctx, step.name, process);
  const sagemaker = (process.contract ?? 'sagemaker') === 'sagemaker';
  const staging = new Staging();

  const program = [...process.command];
  if (process.code !== undefined) {
    const codeInput = p.inputs.some((i) => i.name === 'code') ? '_code' : 'code';
    // As the SageMaker target uploads it: a file to code/<step>/<file>, a folder's contents to code/<step>/.
    const upload = (local: string) =>
      process.entryPoint ? pipelineUri(ctx, 'code', step.name) : pipelineUri(ctx, 'code', step.name, baseName(local));
    const path = c.input(codeInput, process.code, 'fileset', 'process.code', upload);
    program.push(process.entryPoint ? `${path}/${process.entryPoint}` : path);
  }
  for (const input of p.inputs) {
    const path = c.input(input.name, input.source, input.type, `inputs.${input.name}.source`);
    const folder = input.destination ?? (sagemaker ? p.inputFolder(input.name) : undefined);
    if (folder) staging.input(path, folder);
  }
  for (const output of p.outputs) {
    const path = c.output(output.name, output.type);
    const folder = output.source ?? (sagemaker ? p.outputFolder(output.name) : undefined);
    if (folder) staging.output(path, folder);
  }

  const args = (process.args ?? []).map((a, i) => c.render(a, `process.args[${i}]`, true));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env ?? {})) env[name] = c.render(value, `process.env.${name}`, true);
  const extra = extras?.(c, staging, sagemaker) ?? {};
  args.push(...(extra.args ?? []));
  Object.assign(env, extra.env);

  // KFP resolves placeholders in command and args only, so such env values go through the prologue.
  const plainEnv: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (HAS_PLACEHOLDER.test(value)) staging.env(name, value);
    else plainEnv.push({ name, value });
  }
  const { command, args: containerArgs } = staging.wrap(program, args);
  const resources = containerResources(ctx, c, p.resources);
  c.finish({
    image,
    command,
    ...(containerArgs.length ? { args: containerArgs } : {}),
    ...(plainEnv.length ? { env: plainEnv } : {}),
    ...(resources ? { resources } : {}),
  });
}
