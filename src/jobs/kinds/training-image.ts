/**
 * Which local program a training job's image runs. The image map (`src/jobs/image-map.ts`, owned
 * by the `images` work) decides for SageMaker's framework and algorithm images and the
 * `images:` configuration; until its `resolveImage` is merged here, this file resolves the one
 * kind of image that needs no map — a local path, as endpoints' bring-your-own-container images
 * are — and refuses anything else with the image named.
 *
 * A local path runs as SageMaker runs a container's program: an executable (`/abs/train`, or a
 * folder holding `train`) as `<program> train`, getting the hyperparameters exactly as sent; a
 * `.py` file as a framework image runs a script, with `GODWIT_PYTHON`. The script is copied into
 * the job's staging folder and from there to `/opt/ml/code`, as an image carries its code: under
 * bubblewrap nothing else of the machine's temporary folders or Godwit's home is visible.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { GodwitConfig } from '../../config/config.js';
import { fromFileUri } from '../../core/uri.js';
import { AwsError } from '../../server/aws/aws-error.js';
import type { ImageUse, LocalImage } from '../image-map.js';
import type { PlanContext } from '../job-kind.js';

/** `resolveImage`'s shape: image URI (or algorithm name), its use, the configuration, the job's hyperparameters. */
export type ImageResolver = (
  image: string,
  use: ImageUse,
  config: GodwitConfig,
  hyperparameters: Readonly<Record<string, string>>,
  context: PlanContext,
) => Promise<LocalImage>;

export const resolveTrainingImage: ImageResolver = async (image, use, _config, _hyperparameters, context) => {
  const path = localPathOf(image);
  const info = path === undefined ? undefined : await stat(path).catch(() => undefined);
  if (path === undefined || info === undefined) throw unmapped(image, path !== undefined);
  const mappedBy = `local path ${path}`;
  const verb = use === 'training' ? 'train' : 'serve';
  if (info.isDirectory())
    return {
      mappedBy,
      process: { command: [join(path, verb), verb], contract: 'sagemaker' },
      hyperparameters: {},
      metricDefinitions: [],
    };
  if (!path.endsWith('.py'))
    return { mappedBy, process: { command: [path, verb], contract: 'sagemaker' }, hyperparameters: {}, metricDefinitions: [] };
  const staged = join('image', basename(path));
  await mkdir(join(context.stagingDir, 'image'), { recursive: true });
  await copyFile(path, join(context.stagingDir, staged));
  return {
    mappedBy,
    process: { command: ['python3'], code: staged, contract: 'sagemaker' },
    hyperparameters: {},
    metricDefinitions: [],
  };
};

function localPathOf(image: string): string | undefined {
  if (/^file:\/\//i.test(image)) return fromFileUri(image);
  return image.startsWith('/') ? image : undefined;
}

function unmapped(image: string, isPath: boolean): AwsError {
  return new AwsError(
    'ValidationException',
    isPath
      ? `TrainingImage ${image} is a local path, but nothing is there.`
      : `TrainingImage ${image} is not mapped to a local program: without Docker, Godwit runs an image through its image map. Map it in godwit.config.yaml (images: { "${image}": { command: [python3, train.py] } }) or give the path of a local program as the image.`,
  );
}
