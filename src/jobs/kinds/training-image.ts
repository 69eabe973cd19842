/**
 * Which local program a training job's image runs. The image map (`src/jobs/image-map.ts`, owned
 * by the `images` work) decides for SageMaker's framework and algorithm images and the
 * `images:` configuration; until its `resolveImage` is merged here, this file resolves the one
 * kind of image that needs no map — a local path, as endpoints' bring-your-own-container images
 * are — and refuses anything else with the image named.
 *
 * A local path (`/abs/train.py`, `file:///abs/train`, a folder holding `train`) runs as SageMaker
 * runs a container: `<program> train`, with `.py` files run by `GODWIT_PYTHON`.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
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

export const resolveTrainingImage: ImageResolver = async (image, use) => {
  const path = localPathOf(image);
  const info = path === undefined ? undefined : await stat(path).catch(() => undefined);
  if (path === undefined || info === undefined) throw unmapped(image, path !== undefined);
  if (info.isDirectory()) {
    const entry = join(path, use === 'training' ? 'train' : 'serve');
    return {
      mappedBy: `local path ${path}`,
      process: { command: [entry, use === 'training' ? 'train' : 'serve'], contract: 'sagemaker' },
    };
  }
  const command = path.endsWith('.py') ? ['python3', path] : [path];
  return { mappedBy: `local path ${path}`, process: { command: [...command, 'train'], contract: 'sagemaker' } };
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
