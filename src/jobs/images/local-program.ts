/**
 * An image that is a local path (`/…`, `./…`, `../…`, `file://…`), as endpoints' BYOC images are
 * (src/serving/container/container-command.ts): the program SageMaker would start in the
 * container, given the argument SageMaker gives it: `<file> train` for training, `<file> serve`
 * for a model's container. A `.py` file runs with the configured Python, a folder runs its
 * `train` / `serve` executable. A processing job runs its `ContainerEntrypoint` when it has one,
 * else the program with `ContainerArguments`, as `docker run` would.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../../core/errors.js';
import type { ImageContext, ImageRequest, LocalImage } from '../image-map.js';
import { asSent, entrypointImage, type ImageMatch, jobEnv } from './image-match.js';

export function localProgram(request: ImageRequest): ImageMatch {
  const mappedBy = 'local path';
  if (request.use === 'processing' && request.entrypoint && request.entrypoint.length > 0)
    return entrypointImage(mappedBy, request, request.entrypoint);
  return {
    mappedBy,
    async resolve(context: ImageContext): Promise<LocalImage> {
      const image = request.image;
      const path = image.startsWith('file://') ? fileURLToPath(image) : resolve(context.cwd ?? process.cwd(), image);
      const info = await stat(path).catch(() => undefined);
      if (!info) {
        throw new GodwitError('E_CONTAINER_IMAGE', `The image "${image}" is a local path, but ${path} does not exist.`, {
          hint: 'Give the path of an executable, a .py file or a folder holding an executable named after the job (train, serve).',
        });
      }
      const verb = request.use === 'training' ? ['train'] : request.use === 'transform' ? ['serve'] : [];
      const argv = info.isDirectory()
        ? [join(path, verb[0] ?? 'process'), ...verb]
        : path.endsWith('.py')
          ? ['python3', path, ...verb]
          : [path, ...verb];
      const [command, ...args] = argv;
      return {
        mappedBy,
        process: {
          command: [command as string],
          args: [...args, ...(request.arguments ?? [])],
          env: jobEnv(request),
          contract: 'sagemaker',
        },
        hyperparameters: asSent(request),
        metricDefinitions: [],
      };
    },
  };
}
