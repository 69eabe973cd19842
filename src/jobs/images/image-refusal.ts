/**
 * The answer for an image nothing maps: a `ValidationException`, as SageMaker answers an image it
 * cannot pull at Create time, that names the image and shows the `images:` entry that would map
 * it, ready to paste into godwit.config.yaml.
 */
import { AwsError } from '../../server/aws/aws-error.js';
import type { ImageRequest } from '../image-map.js';

export function unmappedImage(request: ImageRequest): AwsError {
  const script = request.use === 'training' && request.hyperparameters?.sagemaker_program !== undefined;
  const lines = [
    'images:',
    `  "${suggestedPattern(request.image)}":`,
    script
      ? '    command: [python3]'
      : `    command: [./${request.use === 'training' ? 'train' : request.use === 'processing' ? 'process' : 'serve'}.sh]`,
    ...(script ? ['    kind: script'] : []),
  ];
  return new AwsError(
    'ValidationException',
    `The image "${request.image}" is not mapped to a local command, so this ${request.use} job cannot run here (there is no Docker: ` +
      "Godwit runs SageMaker's scikit-learn, XGBoost and PyTorch images, the XGBoost algorithm, Godwit's own image godwit/builtin and local paths). " +
      `Map it in godwit.config.yaml:\n\n${lines.join('\n')}\n\n` +
      (script
        ? "kind: script runs the job's sagemaker_program with that interpreter. "
        : "The command is the program the image runs (relative paths from the config file's folder). ") +
      'See docs/images.md.',
  );
}

/** The image with its tag or digest as `*`, so every version maps: `…/my-algo:1.0` → `…/my-algo:*`. */
export function suggestedPattern(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return `${image.slice(0, at)}@*`;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? `${image.slice(0, colon)}:*` : `${image}*`;
}
