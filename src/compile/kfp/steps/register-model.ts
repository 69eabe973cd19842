/**
 * Model registration: `godwit models register GROUP --model <uri> …` in Godwit's image, recording the model and
 * metrics artifact URIs, approval status and serving metadata in the Godwit registry the image is
 * configured for. Vertex's ModelUploadOp (GCPC) needs a google.UnmanagedContainerModel artifact
 * and has no approval status (only aliases and labels), so the approval workflow — the point of a
 * SageMaker model package — would be lost; the Godwit registry keeps it.
 */
import type { RegisterModelStep } from '../../../pipeline/ir.js';
import { ContainerTask } from '../kfp-container.js';
import type { KfpContext } from '../kfp-context.js';
import { profileImage } from '../kfp-images.js';
import { placeholder } from '../kfp-spec.js';

const REPEATED_FLAGS = [
  ['contentTypes', '--content-type'],
  ['responseTypes', '--response-type'],
  ['inferenceInstances', '--inference-instance'],
  ['transformInstances', '--transform-instance'],
] as const;

export function compileRegisterModel(ctx: KfpContext, step: RegisterModelStep): void {
  const c = new ContainerTask(ctx, step);
  const image = profileImage(ctx, step.name, 'godwit', 'model registration, which runs in the Godwit image,');
  c.input('model', step.model, 'model', 'model');
  const args = [
    step.modelPackageGroup,
    '--model',
    placeholder.inputUri('model'),
    '--approval-status',
    c.render(step.approvalStatus, 'approvalStatus'),
  ];
  if (step.metrics !== undefined) {
    c.input('metrics', step.metrics, 'metrics', 'metrics');
    args.push('--metrics', placeholder.inputUri('metrics'));
  }
  if (step.image) args.push('--image', step.image);
  for (const [field, flag] of REPEATED_FLAGS) for (const v of step[field] ?? []) args.push(flag, v);
  if (step.description) args.push('--description', step.description);
  c.finish({ image, command: ['godwit', 'models', 'register'], args });
}
