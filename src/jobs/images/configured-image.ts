/**
 * An entry of `images:` in godwit.config.yaml (src/config/config-images.ts). `kind: algorithm`
 * (the default) runs the command as the image's own program, with `ContainerArguments` after it
 * (a processing job's `ContainerEntrypoint` replaces it, as it replaces an image's entry point);
 * `kind: script` makes the command the interpreter of the job's script, as a framework image
 * (training: `sagemaker_program` from `sagemaker_submit_directory`; processing: the entry point).
 */
import type { ImageEntry } from '../../config/config-images.js';
import type { ImageRequest } from '../image-map.js';
import { entrypointImage, type ImageMatch } from './image-match.js';
import { scriptImage } from './script-mode.js';

export function configuredImage(entry: ImageEntry, request: ImageRequest): ImageMatch {
  const mappedBy = `config: ${entry.pattern}`;
  const entrypoint = request.entrypoint && request.entrypoint.length > 0 ? request.entrypoint : undefined;
  if (entrypoint && request.use === 'processing') return entrypointImage(mappedBy, request, entrypoint);
  if (entry.kind === 'script' && request.use === 'training') return scriptImage(mappedBy, request, entry.command);
  // The entry's command is the image's own entry point: its program, then its arguments.
  return entrypointImage(mappedBy, request, entry.command);
}
