import { GodwitError } from '../../../core/errors.js';
import { lineageArn, parseLineageArn } from '../../../lineage/lineage-names.js';
import type { LineageEntity, LineageKind } from '../../../lineage/lineage-records.js';
import { AwsError } from '../aws-error.js';
import { epochSeconds, type Input } from '../aws-input.js';

/**
 * How lineage entities (src/lineage/lineage-records.ts) read and write as SageMaker's shapes:
 * sources, properties, `CreatedBy`, and the errors SageMaker answers for them.
 *
 * An artifact's `Source.SourceTypes` is its one digest: Godwit's `sha256:<hex>` (and any other
 * `Custom` value) as it is; `MD5Hash`, `S3ETag` and `S3Version` values are kept with a prefix
 * (`md5:`, `s3etag:`, `s3version:`) so they read back as the type they came as. A context's or
 * action's `Source.SourceType` and any entity's `MetadataProperties` have no column of their own:
 * they are kept as properties under the `sagemaker:` prefix, which the API never shows as
 * `Properties` and refuses from callers.
 */
export const SOURCE_ID_TYPES = ['MD5Hash', 'S3ETag', 'S3Version', 'Custom'] as const;
type SourceIdType = (typeof SOURCE_ID_TYPES)[number];
const DIGEST_PREFIX: Record<Exclude<SourceIdType, 'Custom'>, string> = {
  MD5Hash: 'md5:',
  S3ETag: 's3etag:',
  S3Version: 's3version:',
};

/** Properties Godwit keeps for SageMaker fields that have no column: never shown as Properties. */
export const HIDDEN = 'sagemaker:';
export const SOURCE_TYPE_KEY = `${HIDDEN}SourceType`;
const METADATA_FIELDS = ['CommitId', 'Repository', 'GeneratedBy', 'ProjectId'] as const;

export function digestOf(type: SourceIdType, value: string): string {
  return type === 'Custom' ? value : `${DIGEST_PREFIX[type]}${value}`;
}

export function sourceTypesOf(digest: string | undefined): { SourceIdType: SourceIdType; Value: string }[] {
  if (!digest) return [];
  for (const [type, prefix] of Object.entries(DIGEST_PREFIX) as [SourceIdType, string][]) {
    if (digest.startsWith(prefix)) return [{ SourceIdType: type, Value: digest.slice(prefix.length) }];
  }
  return [{ SourceIdType: 'Custom', Value: digest }];
}

/** The caller's `Properties`, none of them under Godwit's hidden prefix. */
export function visibleProperties(properties: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(properties ?? {}).filter(([key]) => !key.startsWith(HIDDEN)));
}

/** `MetadataProperties` as written at creation, or undefined. */
export function metadataPropertiesOf(e: LineageEntity): Record<string, string> | undefined {
  const out = Object.fromEntries(
    METADATA_FIELDS.flatMap((f) => {
      const v = e.properties?.[`${HIDDEN}${f}`];
      return v === undefined ? [] : [[f, v]];
    }),
  );
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `MetadataProperties` of a request, as hidden properties. */
export function metadataPropertiesInput(input: Input): Record<string, string> {
  const given = input.MetadataProperties;
  if (given === undefined || given === null) return {};
  if (typeof given !== 'object' || Array.isArray(given)) throw invalidField('MetadataProperties', 'Member must be a structure');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    if (!(METADATA_FIELDS as readonly string[]).includes(key) || typeof value !== 'string') {
      throw invalidField(`MetadataProperties.${key}`, `Member must be one of ${METADATA_FIELDS.join(', ')}, a string`);
    }
    out[`${HIDDEN}${key}`] = value;
  }
  return out;
}

/** A string-to-string map (`Properties`, a query's `Filters.Properties`), at most `max` entries. */
export function propertiesInput(input: Input, field: string, max = 30): Record<string, string> | undefined {
  const given = input[field];
  if (given === undefined || given === null) return undefined;
  if (typeof given !== 'object' || Array.isArray(given)) throw invalidField(field, 'Member must be a map of strings');
  const entries = Object.entries(given);
  if (entries.length > max) throw invalidField(field, `Member must have at most ${max} entries`);
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || key.length === 0 || key.length > 2500 || value.length > 2500) {
      throw invalidField(`${field}.${key}`, 'Member must be a string of up to 2500 characters');
    }
    if (key.startsWith(HIDDEN)) {
      throw new AwsError('ValidationException', `Property keys starting with "${HIDDEN}" are Godwit's own; rename "${key}".`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Tags have no place in Godwit's lineage records: refused, never dropped. */
export function refuseTags(input: Input): void {
  if (Array.isArray(input.Tags) && input.Tags.length > 0) {
    throw new AwsError(
      'ValidationException',
      "Godwit's lineage entities keep no tags; leave Tags out (Properties are kept and can be queried).",
    );
  }
}

/** SageMaker's `UserContext`: the user profile is who recorded the entity (`godwit` for automatic ones). */
export const userContext = (e: LineageEntity) => (e.createdBy ? { UserProfileName: e.createdBy } : undefined);

export const times = (e: LineageEntity) => ({
  CreationTime: epochSeconds(e.createdAt),
  LastModifiedTime: epochSeconds(e.modifiedAt),
});

/** The name a caller gives a context or action (SageMaker's pattern). */
export const ENTITY_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/;

const LABEL: Record<LineageKind, string> = {
  Artifact: 'Artifact',
  Action: 'Action',
  Context: 'Context',
  TrialComponent: 'TrialComponent',
};

/**
 * The ARN of a lineage entity of one of `kinds`, checked (a malformed ARN is a ValidationException
 * naming the field) and in Godwit's one spelling: lineage is regionless locally, so an ARN a
 * client built with its own region or account names the same entity.
 */
export function lineageArnOf(value: string, field: string, kinds: readonly LineageKind[]): string {
  const parsed = parseLineageArn(value);
  if (!parsed || parsed.name === '' || !kinds.includes(parsed.kind)) {
    const want = kinds.map((k) => LABEL[k].toLowerCase()).join(', ');
    throw new AwsError(
      'ValidationException',
      `${field} "${value}" is not a lineage ARN (arn:aws:sagemaker:<region>:<account>:{${want}}/<name>).`,
    );
  }
  return lineageArn(parsed.kind, parsed.name);
}

export function notFound(kind: LineageKind, arn: string): AwsError {
  return new AwsError('ResourceNotFound', `${LABEL[kind]} ${arn} does not exist.`);
}

/**
 * Runs a lineage action and restates the store's errors as SageMaker's: unknown entities are
 * `ResourceNotFound` naming the ARN; duplicates are `ValidationException`s whose message says
 * "already exists" (what the SageMaker Python SDK looks for to skip a create it has done before);
 * bad input is `ValidationException`.
 */
export async function inLineageTerms<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof GodwitError)) throw err;
    if (err.code === 'E_LINEAGE_NOT_FOUND') throw new AwsError('ResourceNotFound', err.describe());
    if (err.code === 'E_LINEAGE_EXISTS') throw new AwsError('ValidationException', `${err.message} It already exists.`);
    throw new AwsError('ValidationException', err.describe());
  }
}

function invalidField(field: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: ${constraint}`,
  );
}
