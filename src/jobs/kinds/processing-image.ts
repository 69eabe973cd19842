/**
 * Which local program a processing job runs. The image map (`src/jobs/image-map.ts`, owned by the
 * `images` work) decides for SageMaker's framework images and the `images:` configuration; until
 * its `resolveImage` is merged here, this file resolves what needs no map:
 *
 * - `ContainerEntrypoint` given (what the SageMaker SDK's processors always send): that command,
 *   as a pipeline's processing step runs its `command` on the host, the image only recorded;
 * - the image is a local path (`/abs/process.py`, `file:///abs/run.sh`): that program, with
 *   `ContainerArguments`, as endpoints' bring-your-own-container images run.
 *
 * Anything else is refused with the image named. The entry point's first word is the program
 * (`python3` runs `GODWIT_PYTHON`); the rest go in front of `ContainerArguments` as arguments,
 * where container paths (`/opt/ml/processing/input/code/x.py`) are rewritten to the job's folder
 * when there is no sandbox.
 */
import { stat } from 'node:fs/promises';
import { fromFileUri } from '../../core/uri.js';
import { AwsError } from '../../server/aws/aws-error.js';
import type { LocalImage } from '../image-map.js';
import type { ProcessingRequest } from './processing-request.js';

export async function processingImage(request: ProcessingRequest): Promise<LocalImage> {
  const args = request.arguments ?? [];
  const [program, ...rest] = request.entrypoint ?? [];
  if (program !== undefined) {
    return {
      mappedBy: 'AppSpecification.ContainerEntrypoint',
      process: { command: [program], args: [...rest, ...args], contract: 'sagemaker' },
    };
  }
  const path = localPathOf(request.imageUri);
  const info = path === undefined ? undefined : await stat(path).catch(() => undefined);
  if (path === undefined || !info?.isFile()) throw unmapped(request.imageUri, path !== undefined);
  const command = path.endsWith('.py') ? ['python3', path] : [path];
  return {
    mappedBy: `local path ${path}`,
    process: { command: [command[0]], args: [...command.slice(1), ...args], contract: 'sagemaker' },
  };
}

function localPathOf(image: string): string | undefined {
  if (/^file:\/\//i.test(image)) return fromFileUri(image);
  return image.startsWith('/') ? image : undefined;
}

function unmapped(image: string, isPath: boolean): AwsError {
  return new AwsError(
    'ValidationException',
    isPath
      ? `AppSpecification.ImageUri ${image} is a local path, but no program is there.`
      : `AppSpecification.ImageUri ${image} is not mapped to a local program and the job has no ContainerEntrypoint: without Docker, Godwit runs an image through its image map. Give a ContainerEntrypoint (python3 /opt/ml/processing/input/code/your_script.py), map the image in godwit.config.yaml (images:), or give the path of a local program as the image.`,
  );
}
