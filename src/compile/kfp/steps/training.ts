/**
 * A training step. A built-in algorithm runs Godwit's own implementation in the profile's image,
 * `godwit algorithm linear-learner --channel train=<path> … --model-dir <path> --hyperparameters
 * '<json>' --json`, whose JSON report on stdout becomes the step's system.Metrics artifact
 * (`{"metrics": {"validation:mse": …}, "modelPath": …}`). A script runs like a processing step, with
 * SageMaker's training layout or Vertex's variables (training-contracts.ts).
 */
import { BUILTIN_ALGORITHMS, type BuiltinAlgorithmName } from '../../../pipeline/builtin-algorithms.js';
import type { TrainingStep } from '../../../pipeline/ir.js';
import { CompileError } from '../../compile-error.js';
import { ContainerTask } from '../kfp-container.js';
import type { KfpContext } from '../kfp-context.js';
import { SAGEMAKER_PATHS } from '../kfp-contract.js';
import { invalid } from '../kfp-expressions.js';
import { profileImage } from '../kfp-images.js';
import { containerResources } from '../kfp-machine.js';
import { compileProcess } from './process.js';
import { sagemakerTraining, vertexTraining } from './training-contracts.js';

/** Runs the argv, its stdout going to the file `$0` (the metrics artifact). */
const STDOUT_TO_FILE = 'mkdir -p "$(dirname "$0")"\nexec "$@" > "$0"';

function compileAlgorithm(ctx: KfpContext, step: TrainingStep, algorithm: BuiltinAlgorithmName): void {
  const facts = BUILTIN_ALGORITHMS[algorithm];
  const c = new ContainerTask(ctx, step);
  const image = profileImage(ctx, step.name, algorithm, `the built-in algorithm "${algorithm}" with no image`);
  const args = [...facts.entryPoint];
  for (const input of step.inputs) {
    const path = c.input(input.name, input.source, input.type, `inputs.${input.name}.source`);
    args.push('--channel', `${input.name}=${path}`);
  }
  for (const output of step.outputs) {
    if (!facts.outputs.includes(output.name)) {
      throw new CompileError(
        'kfp',
        step.name,
        `the output "${output.name}" on a built-in algorithm step`,
        'Built-in algorithms write only their model (and metrics) on this target.',
      );
    }
    args.push('--model-dir', c.output('model', output.type));
  }
  const hps = Object.entries(step.hyperparameters ?? {}).map(([k, v]) => [k, c.render(v, `hyperparameters.${k}`)]);
  if (hps.length) args.push('--hyperparameters', JSON.stringify(Object.fromEntries(hps)));
  args.push('--json');
  const metrics = c.output('metrics', 'metrics');
  const resources = containerResources(ctx, c, step.resources);
  c.finish({ image, command: ['sh', '-ec', STDOUT_TO_FILE, metrics], args, ...(resources ? { resources } : {}) });
}

/** Checkpoint sync and managed spot have no counterpart in a KFP container task. */
function refuseJobOnlyFeatures(step: TrainingStep): void {
  if (step.checkpoint) {
    throw new CompileError(
      'kfp',
      step.name,
      'checkpoint sync (checkpoint)',
      'A KFP task has no checkpoint location that survives a retry; remove checkpoint for this target.',
    );
  }
  if (step.spot) {
    throw new CompileError('kfp', step.name, 'managed spot training (spot)', 'Remove spot for this target.');
  }
}

export function compileTraining(ctx: KfpContext, step: TrainingStep): void {
  if (step.algorithm && step.process) {
    throw invalid(ctx, step.name, 'algorithm', 'a training step has either a built-in algorithm or a process, not both.');
  }
  refuseJobOnlyFeatures(step);
  if (step.algorithm) {
    compileAlgorithm(ctx, step, step.algorithm.name);
    return;
  }
  if (!step.process) throw invalid(ctx, step.name, 'process', 'a training step needs a built-in algorithm or a process.');
  compileProcess(
    ctx,
    {
      step,
      process: step.process,
      inputs: step.inputs,
      outputs: step.outputs,
      resources: step.resources,
      metricDefinitions: step.metricDefinitions,
      inputFolder: SAGEMAKER_PATHS.trainingChannel,
      outputFolder: SAGEMAKER_PATHS.trainingOutput,
    },
    (c, staging, sagemaker) => (sagemaker ? sagemakerTraining(ctx, step, c, staging) : vertexTraining(ctx, step, c)),
  );
}
