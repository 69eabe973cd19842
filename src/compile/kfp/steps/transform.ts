/**
 * A batch transform: `godwit transform --model <path> --input <path> --output <path>` and the job's
 * options as flags, in Godwit's image. Vertex's BatchPredictionJob (GCPC ModelBatchPredictOp) would need the model uploaded to
 * the Vertex Model Registry with a serving container first; Godwit's own transform runs the same
 * model runtime as local runs, so results match.
 */
import type { TransformStep } from '../../../pipeline/ir.js';
import { CompileError } from '../../compile-error.js';
import { ContainerTask } from '../kfp-container.js';
import type { KfpContext } from '../kfp-context.js';
import { profileImage } from '../kfp-images.js';
import { containerResources } from '../kfp-machine.js';

export function compileTransform(ctx: KfpContext, step: TransformStep): void {
  if (step.image !== undefined || step.environment !== undefined) {
    // `godwit transform` serves the model with the runtime its files choose, inside Godwit's image.
    throw new CompileError(
      'kfp',
      step.name,
      'a serving image or environment on a transform',
      "KFP runs the transform in Godwit's image, which serves the model by its files; drop image and environment.",
    );
  }
  const c = new ContainerTask(ctx, step);
  const image = profileImage(ctx, step.name, 'godwit', 'a batch transform, which runs in the Godwit image,');
  const args = [
    '--model',
    c.input('model', step.model, 'model', 'model'),
    '--input',
    c.input('input', step.input, 'dataset', 'input'),
  ];
  for (const output of step.outputs) {
    if (output.name !== 'predictions') {
      throw new CompileError(
        'kfp',
        step.name,
        `the output "${output.name}" on a transform`,
        'A transform writes only "predictions".',
      );
    }
    args.push('--output', c.output(output.name, output.type));
  }
  args.push(...jobArgs(step));
  // `godwit transform` runs every instance in its one container, so instanceCount becomes a flag
  // rather than the replica count a KFP task cannot express.
  const { instanceCount, ...machine } = step.resources ?? {};
  if (instanceCount !== undefined && instanceCount !== 1) args.push('--instance-count', String(instanceCount));
  const resources = containerResources(ctx, c, step.resources && machine);
  c.finish({ image, command: ['godwit', 'transform'], args, ...(resources ? { resources } : {}) });
}

/** The job options as `godwit transform` flags, only those the step sets (the command's defaults match the IR's). */
function jobArgs(step: TransformStep): string[] {
  const flags: [string, string | number | undefined][] = [
    ['--content-type', step.contentType],
    ['--split-type', step.splitType],
    ['--batch-strategy', step.batchStrategy],
    ['--max-payload', step.maxPayloadInMB],
    ['--max-concurrent-transforms', step.maxConcurrentTransforms],
    ['--accept', step.accept],
    ['--assemble-with', step.assembleWith],
    ['--input-filter', step.dataProcessing?.inputFilter],
    ['--join-source', step.dataProcessing?.joinSource],
    ['--output-filter', step.dataProcessing?.outputFilter],
    ['--capture-destination', step.dataCapture?.destination],
  ];
  const args = flags.flatMap(([flag, value]) => (value === undefined || value === '' ? [] : [flag, String(value)]));
  if (step.dataCapture?.generateInferenceId) args.push('--generate-inference-id');
  return args;
}
