import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GodwitError } from '../core/errors.js';
import type { NewContainer } from './endpoints.js';
import { isModelPackageRef } from './model-package-ref.js';

/**
 * What `--model` names, as one container: a registry reference (`Group/latest-approved`, `Group/3`,
 * a model package ARN), a store URI (`s3://`, `gs://`, `file://`) or a local folder or file
 * (relative to `cwd`; it must exist). A reference wins over a same-named relative path only when
 * no such path exists, so `./Group/3` always means the folder.
 */
export function containerFor(source: string, cwd: string, image?: string): NewContainer {
  const withImage = image === undefined ? {} : { image };
  if (source.startsWith('arn:')) return { modelPackageName: source, ...withImage };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(source)) return { modelDataUrl: source, ...withImage };
  const path = resolve(cwd, source);
  const kind = statSync(path, { throwIfNoEntry: false });
  if (!kind && isModelPackageRef(source)) return { modelPackageName: source, ...withImage };
  if (!kind) {
    throw new GodwitError(
      'E_MODEL_SOURCE',
      `--model "${source}" is neither a model folder, a store URI nor a registry reference.`,
      {
        hint: "Give a model folder (e.g. the abalone run's model output), s3://…/model.tar.gz, or AbaloneModelPackageGroup/latest-approved.",
      },
    );
  }
  const href = pathToFileURL(path).href;
  return { modelDataUrl: kind.isDirectory() ? `${href}/` : href, ...withImage };
}
