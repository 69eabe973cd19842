/**
 * A batch transform: `godwit transform --model <path> --input <path> --output <path>` in Godwit's
 * image. Vertex's BatchPredictionJob (GCPC ModelBatchPredictOp) would need the model uploaded to
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
  if (step.contentType) args.push('--content-type', step.contentType);
  if (step.splitType) args.push('--split-type', step.splitType);
  const resources = containerResources(ctx, c, step.resources);
  c.finish({ image, command: ['godwit', 'transform'], args, ...(resources ? { resources } : {}) });
}
