import { randomBytes } from 'node:crypto';
import { lineageArn } from '../../../lineage/lineage-names.js';
import type { LineageEntity, LineageKind, LineageStore } from '../../../lineage/lineage-records.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { fieldReaders, type Input, optionalEnum, optionalString, optionalTime, requiredString } from '../aws-input.js';
import { SORT_ORDERS } from '../pagination.js';
import {
  digestOf,
  ENTITY_NAME,
  inLineageTerms,
  lineageArnOf,
  metadataPropertiesInput,
  metadataPropertiesOf,
  notFound,
  propertiesInput,
  refuseTags,
  SOURCE_ID_TYPES,
  SOURCE_TYPE_KEY,
  sourceTypesOf,
  times,
  userContext,
  visibleProperties,
} from './lineage-shapes.js';

/**
 * SageMaker's lineage entities through the API: `Create|Describe|List|Update|Delete` of artifacts,
 * actions and contexts, over `metadata.lineage`. Entities recorded automatically (runs, the
 * registry, endpoints, jobs, monitors) read the same way as those made here.
 *
 * - An API-made artifact gets a random id (`artifact/<32 hex>`), as SageMaker makes one; only one
 *   artifact may have a given SourceUri and SourceTypes: a second CreateArtifact for them is a
 *   `ValidationException` that names the one there ("already exists"), which is also how an
 *   automatic artifact (same URI and digest) is found rather than duplicated.
 * - Actions and contexts are named by the caller; a name taken is "already exists".
 * - An entity with associations cannot be deleted: delete its associations first (SageMaker's rule).
 */
const readers = fieldReaders('ValidationException');
const API_ACTOR = 'sagemaker-api';
const ACTION_STATUSES = ['Unknown', 'InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;

const lineage = (context: ServerContext): LineageStore => context.services.metadata.lineage;

async function existing(store: LineageStore, kind: LineageKind, arn: string): Promise<LineageEntity> {
  const found = await store.get(arn);
  if (!found || found.kind !== kind) throw notFound(kind, arn);
  return found;
}

/** An action's or context's name, given as the name or its ARN. */
function namedArn(input: Input, field: string, kind: 'Action' | 'Context'): string {
  const value = requiredString(input, field);
  if (value.startsWith('arn:')) return lineageArnOf(value, field, [kind]);
  if (!ENTITY_NAME.test(value)) throw badName(field, value);
  return lineageArn(kind, value);
}

function badName(field: string, value: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}`,
  );
}

function sourceInput(input: Input): Input {
  const source = input.Source;
  if (source === undefined || source === null) {
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value at 'source' failed to satisfy constraint: Member must not be null",
    );
  }
  if (typeof source !== 'object' || Array.isArray(source))
    throw new AwsError('ValidationException', 'Source must be a structure.');
  return source as Input;
}

/** An artifact source's digest (one SourceType; Godwit keeps one per artifact). */
function artifactDigest(source: Input): string | undefined {
  const types = source.SourceTypes;
  if (types === undefined || types === null || (Array.isArray(types) && types.length === 0)) return undefined;
  if (!Array.isArray(types)) throw new AwsError('ValidationException', 'Source.SourceTypes must be a list.');
  if (types.length > 1) {
    throw new AwsError(
      'ValidationException',
      `Godwit keeps one source type per artifact (its digest); Source.SourceTypes has ${types.length}. Give the one that identifies the content.`,
    );
  }
  const [only] = types as Input[];
  const type = readers.optionalEnum(only ?? {}, 'SourceIdType', SOURCE_ID_TYPES);
  const value = readers.optionalString(only ?? {}, 'Value');
  if (!type || !value) throw new AwsError('ValidationException', 'Source.SourceTypes[0] needs a SourceIdType and a Value.');
  return digestOf(type, value);
}

function listOptions(input: Input, kind: LineageKind, typeField: string, sortBys: readonly ('Name' | 'CreationTime')[]) {
  return {
    kind,
    sourceUri: optionalString(input, 'SourceUri'),
    type: optionalString(input, typeField),
    createdAfter: optionalTime(input, 'CreatedAfter'),
    createdBefore: optionalTime(input, 'CreatedBefore'),
    sortBy: optionalEnum(input, 'SortBy', sortBys),
    sortOrder: optionalEnum(input, 'SortOrder', SORT_ORDERS),
    maxResults: readers.integerIfGiven(input, 'MaxResults', 1, 100),
    nextToken: optionalString(input, 'NextToken'),
  };
}

function updatePatch(input: Input, withStatus: boolean) {
  const remove = input.PropertiesToRemove;
  if (remove !== undefined && remove !== null && (!Array.isArray(remove) || remove.some((k) => typeof k !== 'string'))) {
    throw new AwsError('ValidationException', 'PropertiesToRemove must be a list of property keys.');
  }
  return {
    description: optionalString(input, 'Description'),
    status: withStatus ? optionalEnum(input, 'Status', ACTION_STATUSES) : undefined,
    properties: propertiesInput(input, 'Properties'),
    // Godwit's own keys (a source type, metadata properties) are not the caller's to remove.
    removeProperties: ((remove as string[] | undefined) ?? []).filter((k) => !k.startsWith('sagemaker:')),
  };
}

/** SageMaker's rule: associations go first, so an entity is never deleted out from under a lineage graph. */
async function deleteUnassociated(store: LineageStore, e: LineageEntity): Promise<void> {
  const [from, to] = await Promise.all([
    store.listAssociations({ sourceArn: e.arn, maxResults: 1 }),
    store.listAssociations({ destinationArn: e.arn, maxResults: 1 }),
  ]);
  if (from.associations.length > 0 || to.associations.length > 0) {
    throw new AwsError(
      'ValidationException',
      `${e.kind} ${e.arn} has associations; delete them first (ListAssociations with SourceArn and with DestinationArn shows them).`,
    );
  }
  await inLineageTerms(() => store.delete(e.arn));
}

// Artifacts.

export async function createArtifact(input: Input, context: ServerContext) {
  const name = optionalString(input, 'ArtifactName');
  if (name !== undefined && !ENTITY_NAME.test(name)) throw badName('ArtifactName', name);
  const source = sourceInput(input);
  const sourceUri = readers.requiredString(source, 'SourceUri');
  const digest = artifactDigest(source);
  const type = requiredString(input, 'ArtifactType');
  refuseTags(input);
  const properties = { ...propertiesInput(input, 'Properties'), ...metadataPropertiesInput(input) };
  const store = lineage(context);
  const same = (await store.find({ sourceUri })).find((e) => e.kind === 'Artifact' && e.digest === digest);
  if (same) {
    throw new AwsError(
      'ValidationException',
      `Artifact ${same.arn} already exists with SourceUri ${sourceUri}${digest ? ` and that source type` : ''}: use it (DescribeArtifact), or give the digest of different content.`,
    );
  }
  const id = randomBytes(16).toString('hex');
  const created = await inLineageTerms(() =>
    store.create({
      arn: lineageArn('Artifact', id),
      kind: 'Artifact',
      name: id,
      displayName: name,
      type,
      sourceUri,
      digest,
      properties,
      createdBy: API_ACTOR,
    }),
  );
  return { ArtifactArn: created.arn };
}

const artifactSource = (e: LineageEntity) =>
  e.sourceUri === undefined ? undefined : { SourceUri: e.sourceUri, SourceTypes: sourceTypesOf(e.digest) };

export async function describeArtifact(input: Input, context: ServerContext) {
  const arn = lineageArnOf(requiredString(input, 'ArtifactArn'), 'ArtifactArn', ['Artifact']);
  const e = await existing(lineage(context), 'Artifact', arn);
  return {
    ArtifactName: e.displayName,
    ArtifactArn: e.arn,
    Source: artifactSource(e),
    ArtifactType: e.type,
    Properties: visibleProperties(e.properties),
    ...times(e),
    CreatedBy: userContext(e),
    MetadataProperties: metadataPropertiesOf(e),
  };
}

export async function listArtifacts(input: Input, context: ServerContext) {
  const options = listOptions(input, 'Artifact', 'ArtifactType', ['CreationTime']);
  const { entities, nextToken } = await inLineageTerms(() => lineage(context).list(options));
  return {
    ArtifactSummaries: entities.map((e) => ({
      ArtifactArn: e.arn,
      ArtifactName: e.displayName,
      Source: artifactSource(e),
      ArtifactType: e.type,
      ...times(e),
    })),
    NextToken: nextToken,
  };
}

export async function updateArtifact(input: Input, context: ServerContext) {
  const arn = lineageArnOf(requiredString(input, 'ArtifactArn'), 'ArtifactArn', ['Artifact']);
  const store = lineage(context);
  const e = await existing(store, 'Artifact', arn);
  const name = optionalString(input, 'ArtifactName');
  if (name !== undefined && name !== e.displayName) {
    throw new AwsError(
      'ValidationException',
      `Godwit's lineage store cannot rename artifact ${arn} (from ${JSON.stringify(e.displayName ?? null)} to "${name}"); update its Properties, or create an artifact with the new name.`,
    );
  }
  const patch = updatePatch(input, false);
  await inLineageTerms(() => store.update(arn, patch));
  return { ArtifactArn: arn };
}

export async function deleteArtifact(input: Input, context: ServerContext) {
  const store = lineage(context);
  const given = optionalString(input, 'ArtifactArn');
  let e: LineageEntity | undefined;
  if (given !== undefined) {
    e = await existing(store, 'Artifact', lineageArnOf(given, 'ArtifactArn', ['Artifact']));
  } else if (input.Source !== undefined && input.Source !== null) {
    const source = sourceInput(input);
    const sourceUri = readers.requiredString(source, 'SourceUri');
    const digest = artifactDigest(source);
    e = (await store.find({ sourceUri })).find((x) => x.kind === 'Artifact' && (digest === undefined || x.digest === digest));
    if (!e)
      throw new AwsError('ResourceNotFound', `No artifact has SourceUri ${sourceUri}${digest ? ' and that source type' : ''}.`);
  } else {
    throw new AwsError('ValidationException', 'Name the artifact to delete: ArtifactArn, or its Source.');
  }
  await deleteUnassociated(store, e);
  return { ArtifactArn: e.arn };
}

// Actions and contexts: named by the caller, with a Source of URI, type and id.

function namedCreate(kind: 'Action' | 'Context') {
  const field = `${kind}Name`;
  return async (input: Input, context: ServerContext) => {
    const name = requiredString(input, field);
    if (!ENTITY_NAME.test(name)) throw badName(field, name);
    const arn = lineageArn(kind, name);
    const source = sourceInput(input);
    const sourceUri = readers.requiredString(source, 'SourceUri');
    const sourceType = readers.optionalString(source, 'SourceType');
    refuseTags(input);
    if (await lineage(context).get(arn)) {
      throw new AwsError(
        'ValidationException',
        `${kind} ${arn} already exists: pick another ${field}, or Update${kind} that one.`,
      );
    }
    const properties = {
      ...propertiesInput(input, 'Properties'),
      ...metadataPropertiesInput(input),
      ...(sourceType === undefined ? {} : { [SOURCE_TYPE_KEY]: sourceType }),
    };
    const created = await inLineageTerms(() =>
      lineage(context).create({
        arn,
        kind,
        name,
        type: requiredString(input, `${kind}Type`),
        sourceUri,
        sourceId: readers.optionalString(source, 'SourceId'),
        status: kind === 'Action' ? (optionalEnum(input, 'Status', ACTION_STATUSES) ?? 'Unknown') : undefined,
        description: optionalString(input, 'Description'),
        properties,
        createdBy: API_ACTOR,
      }),
    );
    return { [`${kind}Arn`]: created.arn };
  };
}

function namedSource(e: LineageEntity) {
  if (e.sourceUri === undefined) return undefined;
  return { SourceUri: e.sourceUri, SourceType: e.properties?.[SOURCE_TYPE_KEY], SourceId: e.sourceId };
}

function namedDescribe(kind: 'Action' | 'Context') {
  return async (input: Input, context: ServerContext) => {
    const e = await existing(lineage(context), kind, namedArn(input, `${kind}Name`, kind));
    return {
      [`${kind}Name`]: e.name,
      [`${kind}Arn`]: e.arn,
      Source: namedSource(e),
      [`${kind}Type`]: e.type,
      Description: e.description,
      ...(kind === 'Action' ? { Status: e.status ?? 'Unknown' } : {}),
      Properties: visibleProperties(e.properties),
      ...times(e),
      CreatedBy: userContext(e),
      ...(kind === 'Action' ? { MetadataProperties: metadataPropertiesOf(e) } : {}),
    };
  };
}

function namedList(kind: 'Action' | 'Context') {
  return async (input: Input, context: ServerContext) => {
    const options = listOptions(input, kind, `${kind}Type`, ['Name', 'CreationTime']);
    const { entities, nextToken } = await inLineageTerms(() => lineage(context).list(options));
    return {
      [`${kind}Summaries`]: entities.map((e) => ({
        [`${kind}Arn`]: e.arn,
        [`${kind}Name`]: e.name,
        Source: namedSource(e),
        [`${kind}Type`]: e.type,
        ...(kind === 'Action' ? { Status: e.status ?? 'Unknown' } : {}),
        ...times(e),
      })),
      NextToken: nextToken,
    };
  };
}

function namedUpdate(kind: 'Action' | 'Context') {
  return async (input: Input, context: ServerContext) => {
    const store = lineage(context);
    const e = await existing(store, kind, namedArn(input, `${kind}Name`, kind));
    const patch = updatePatch(input, kind === 'Action');
    await inLineageTerms(() => store.update(e.arn, patch));
    return { [`${kind}Arn`]: e.arn };
  };
}

function namedDelete(kind: 'Action' | 'Context') {
  return async (input: Input, context: ServerContext) => {
    const store = lineage(context);
    const e = await existing(store, kind, namedArn(input, `${kind}Name`, kind));
    await deleteUnassociated(store, e);
    return { [`${kind}Arn`]: e.arn };
  };
}

export const createAction = namedCreate('Action');
export const describeAction = namedDescribe('Action');
export const listActions = namedList('Action');
export const updateAction = namedUpdate('Action');
export const deleteAction = namedDelete('Action');
export const createContext = namedCreate('Context');
export const describeContext = namedDescribe('Context');
export const listContexts = namedList('Context');
export const updateContext = namedUpdate('Context');
export const deleteContext = namedDelete('Context');
