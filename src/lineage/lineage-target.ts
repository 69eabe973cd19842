import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_REGION, modelPackageArn } from '../core/arns.js';
import { GodwitError } from '../core/errors.js';
import { lineageNames, parseLineageArn, sha256Digest } from './lineage-names.js';
import type { LineageEntity, LineageStore } from './lineage-records.js';

/** What `godwit lineage TARGET` starts from: the entities TARGET names, and how it was read. */
export interface LineageTarget {
  readonly target: string;
  /** `uri`, `digest`, `model version`, `run`, `step`, `endpoint` or `arn`. */
  readonly form: string;
  readonly entities: readonly LineageEntity[];
}

export const TARGET_FORMS =
  'an artifact URI (s3://…, gs://…, file://…) or a local path, a digest (sha256:HEX or 64 hex), GROUP/VERSION, ' +
  'a run id, RUN/STEP, endpoint/NAME or an endpoint name, or a lineage ARN';

const HEX64 = /^[0-9a-f]{64}$/i;
const URI = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Reads TARGET in the first form that names something recorded, most specific first: an ARN,
 * a URI (every digest of it), a digest, `endpoint/NAME`, `GROUP/VERSION`, `RUN/STEP`, a run id,
 * an endpoint name, a local path. Nothing recorded under any form is `E_LINEAGE_NOT_FOUND`.
 */
export async function resolveLineageTarget(lineage: LineageStore, target: string, cwd: string): Promise<LineageTarget> {
  const found = async (form: string, arns: readonly string[]): Promise<LineageTarget | undefined> => {
    const entities: LineageEntity[] = [];
    for (const arn of arns) {
      const entity = await lineage.get(arn);
      if (entity) entities.push(entity);
    }
    return entities.length > 0 ? { target, form, entities } : undefined;
  };
  const byUri = async (uri: string): Promise<LineageTarget | undefined> => {
    const other = uri.endsWith('/') ? uri.slice(0, -1) : `${uri}/`;
    const entities = [...(await lineage.find({ sourceUri: uri })), ...(await lineage.find({ sourceUri: other }))];
    return entities.length > 0 ? { target, form: 'uri', entities } : undefined;
  };

  if (target.startsWith('arn:')) {
    const hit = await found('arn', [target]);
    if (hit) return hit;
    throw notFound(target, parseLineageArn(target) ? 'No lineage entity has this ARN.' : 'This is not a lineage ARN.');
  }
  if (URI.test(target)) {
    const hit = await byUri(target);
    if (hit) return hit;
    throw notFound(target, 'No artifact was recorded at this URI.');
  }
  if (target.startsWith('sha256:') || HEX64.test(target)) {
    const entities = await lineage.find({ digest: sha256Digest(target.toLowerCase()) });
    if (entities.length > 0) return { target, form: 'digest', entities };
    throw notFound(target, 'No artifact with this digest was recorded.');
  }
  const parts = target.split('/');
  if (parts.length === 2 && parts[0] && parts[1]) {
    const [left, right] = parts;
    const hit =
      (left === 'endpoint' || left === 'endpoints' ? await found('endpoint', [lineageNames.endpoint(right)]) : undefined) ??
      (/^[1-9][0-9]*$/.test(right)
        ? await found('model version', [lineageNames.modelPackage(modelPackageArn(DEFAULT_REGION, left, Number(right)))])
        : undefined) ??
      (await found('step', [lineageNames.step(left, right)]));
    if (hit) return hit;
  }
  if (parts.length === 1) {
    const hit =
      (await found('run', [lineageNames.run(target)])) ??
      (await found('endpoint', [lineageNames.endpoint(target)])) ??
      (await found('model group', [lineageNames.modelGroup(target)]));
    if (hit) return hit;
  }
  const path = isAbsolute(target) ? target : resolve(cwd, target);
  if (existsSync(path)) {
    const hit = await byUri(pathToFileURL(path).href);
    if (hit) return hit;
    throw notFound(target, `No artifact was recorded at ${pathToFileURL(path).href}.`);
  }
  throw notFound(target, 'Nothing recorded goes by this name.');
}

function notFound(target: string, why: string): GodwitError {
  return new GodwitError('E_LINEAGE_NOT_FOUND', `No lineage for "${target}": ${why}`, {
    hint: `TARGET is ${TARGET_FORMS}. \`godwit runs list\` and \`godwit models list\` show what is recorded.`,
  });
}
