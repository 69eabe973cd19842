/** The image map's lookup: the configuration's `images:` entries first, then local paths and the built-in entries. */

import type { GodwitConfig } from '../../config/config.js';
import { imagePatternMatches } from '../../config/config-images.js';
import { isLocalImage } from '../../serving/container/container-command.js';
import type { ImageRequest } from '../image-map.js';
import { BUILTIN_IMAGES } from './builtin-images.js';
import { configuredImage } from './configured-image.js';
import type { ImageMatch } from './image-match.js';
import { unmappedImage } from './image-refusal.js';
import { localProgram } from './local-program.js';

export function matchImage(request: ImageRequest, config: GodwitConfig): ImageMatch {
  const image = request.image.trim();
  const entry = (config.images ?? []).find((e) => imagePatternMatches(e.pattern, image));
  if (entry) return configuredImage(entry, request);
  if (isLocalImage(image)) return localProgram(request);
  const builtin = BUILTIN_IMAGES.find((b) => b.pattern.test(image));
  if (builtin) return builtin.match(request);
  throw unmappedImage(request);
}
