/**
 * Which local program a processing job runs: the image map's answer (`resolveImage`,
 * src/jobs/image-map.ts) for `AppSpecification` — a framework image runs its
 * `ContainerEntrypoint` on the staged code (the SDK's FrameworkProcessor's `runproc.sh` too), a
 * configured or local-path image its own program, anything unmapped is a `ValidationException`
 * naming the image and the `images:` entry that would map it.
 */
import { checkImage, type ImageRequest, type LocalImage, resolveImage } from '../image-map.js';
import type { PlanContext } from '../job-kind.js';
import type { ProcessingRequest } from './processing-request.js';

export function processingImage(request: ProcessingRequest, context: PlanContext): Promise<LocalImage> {
  return resolveImage(imageRequest(request), {
    config: context.config,
    stagingDir: context.stagingDir,
    storeOptions: context.storeOptions,
  });
}

/** The image map's verdict without touching the disk, for the Create call. */
export function checkProcessingImage(request: ProcessingRequest, context: PlanContext): void {
  checkImage(imageRequest(request), context.config);
}

function imageRequest(request: ProcessingRequest): ImageRequest {
  return {
    image: request.imageUri,
    use: 'processing',
    environment: request.environment,
    entrypoint: request.entrypoint,
    arguments: request.arguments,
  };
}
