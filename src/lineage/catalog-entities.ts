import type { SqlDatabase } from '../db/sql-database.js';
import { artifactArn, artifactId, sha256Digest } from './lineage-names.js';
import type { LineageAssociationInput, LineageEntityInput } from './lineage-records.js';

/**
 * Pieces the catalogs' lineage writers (registry, endpoints, jobs, monitoring schedules,
 * BigQuery ML) share, so a model's data is one node whoever names it: an artifact is keyed by its
 * URI and digest (lineage-names.ts), and a writer that knows only a URI looks the digest up where
 * Godwit recorded one (`knownDigest`) rather than making a second, digest-less node.
 */

/** An artifact entity at `uri` (digest `sha256:<hex>` when known). */
export function artifactEntity(
  type: string,
  uri: string,
  digest: string | undefined,
  extra: Partial<Pick<LineageEntityInput, 'properties' | 'createdAt' | 'description'>> = {},
): LineageEntityInput {
  const d = digest === undefined ? undefined : sha256Digest(digest);
  return {
    arn: artifactArn(uri, d),
    kind: 'Artifact',
    name: artifactId(uri, d),
    displayName: displayNameOf(uri),
    type,
    sourceUri: uri,
    ...(d !== undefined && { digest: d }),
    ...extra,
  };
}

/** The last part of a URI's path (`model/` of `file:///runs/r/train/model/`), as SageMaker's console shows an artifact. */
function displayNameOf(uri: string): string {
  const parts = uri.split('/').filter((p) => p !== '');
  return parts.at(-1) ?? uri;
}

export const edge = (
  sourceArn: string,
  destinationArn: string,
  type: LineageAssociationInput['type'],
): LineageAssociationInput => ({ sourceArn, destinationArn, type });

/**
 * The digest Godwit recorded for the content at `uri`, bare hex, or undefined: a registered
 * version's (the registry hashed or was told it), else the newest run artifact's at that prefix.
 * Both are the digests the registry and the runs' lineage writers key their nodes with, so an
 * endpoint or a job that names a run's model folder meets the run's model node.
 */
export async function knownDigest(db: SqlDatabase, uri: string): Promise<string | undefined> {
  const [registered] = await db.query<{ d: string }>(
    'SELECT model_sha256 AS d FROM model_packages WHERE model_uri = ? AND model_sha256 IS NOT NULL ORDER BY created_at DESC LIMIT 1',
    [uri],
  );
  if (registered) return registered.d;
  const [produced] = await db.query<{ d: string }>(
    'SELECT sha256 AS d FROM artifacts WHERE uri = ? ORDER BY created_at DESC LIMIT 1',
    [uri],
  );
  return produced?.d;
}

/** The string values of an object's path (`a.b.c`) when it is one, for reading SageMaker request JSON. */
export function stringAt(value: unknown, ...path: readonly string[]): string | undefined {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'string' && at !== '' ? at : undefined;
}

/** An array field of SageMaker request JSON (empty when absent). */
export function listAt(value: unknown, ...path: readonly string[]): unknown[] {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return [];
    at = (at as Record<string, unknown>)[key];
  }
  return Array.isArray(at) ? at : [];
}
