import { parseLineageArn } from '../../../lineage/lineage-names.js';
import {
  ASSOCIATION_TYPES,
  LINEAGE_KINDS,
  type LineageAssociation,
  type LineageFilters,
  type LineageKind,
  type LineageStore,
} from '../../../lineage/lineage-records.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import {
  epochSeconds,
  fieldReaders,
  type Input,
  optionalEnum,
  optionalString,
  optionalTime,
  requiredString,
} from '../aws-input.js';
import { SORT_ORDERS } from '../pagination.js';
import { inLineageTerms, lineageArnOf, notFound, propertiesInput } from './lineage-shapes.js';

/**
 * QueryLineage and the associations (ListAssociations, AddAssociation, DeleteAssociation) over
 * `metadata.lineage`. Edges point downstream: `Ascendants` walks from a start to what it came
 * of, `Descendants` to what came of it.
 */
const readers = fieldReaders('ValidationException');
const lineage = (context: ServerContext): LineageStore => context.services.metadata.lineage;

/** AddAssociation without an AssociationType: the input-to-user edge, the one most lineage code adds. */
export const DEFAULT_ASSOCIATION = 'ContributedTo';
/** StartArns per query: SageMaker's console and SDK send one; a few are taken together. */
const MAX_STARTS = 50;

export async function queryLineage(input: Input, context: ServerContext) {
  const starts = readers.optionalStringList(input, 'StartArns', MAX_STARTS);
  if (!starts) {
    throw new AwsError(
      'ValidationException',
      'QueryLineage needs StartArns: the ARN of an artifact, action, context or trial component.',
    );
  }
  for (const arn of starts) lineageArnOf(arn, 'StartArns', LINEAGE_KINDS);
  const query = {
    startArns: starts,
    direction: optionalEnum(input, 'Direction', ['Both', 'Ascendants', 'Descendants'] as const),
    includeEdges: readers.optionalBoolean(input, 'IncludeEdges'),
    filters: filtersInput(input),
    maxDepth: readers.integerIfGiven(input, 'MaxDepth', 0, 10),
    maxResults: readers.integerIfGiven(input, 'MaxResults', 1, 100),
    nextToken: optionalString(input, 'NextToken'),
  };
  const store = lineage(context);
  for (const arn of starts) if (!(await store.get(arn))) throw notFound(kindOf(arn), arn);
  const result = await inLineageTerms(() => store.query(query));
  return {
    Vertices: result.vertices.map((v) => ({ Arn: v.arn, Type: v.type, LineageType: v.kind })),
    Edges: result.edges.map((e) => ({ SourceArn: e.sourceArn, DestinationArn: e.destinationArn, AssociationType: e.type })),
    NextToken: result.nextToken,
  };
}

function filtersInput(input: Input): LineageFilters | undefined {
  const given = input.Filters;
  if (given === undefined || given === null) return undefined;
  if (typeof given !== 'object' || Array.isArray(given))
    throw new AwsError('ValidationException', 'Filters must be a structure.');
  const f = given as Input;
  const kinds = listIfAny(f, 'LineageTypes', LINEAGE_KINDS.length);
  for (const kind of kinds ?? []) {
    if (!LINEAGE_KINDS.includes(kind as LineageKind)) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${kind}' at 'filters.lineageTypes' failed to satisfy constraint: Member must satisfy enum value set: [${LINEAGE_KINDS.join(', ')}]`,
      );
    }
  }
  return {
    types: listIfAny(f, 'Types', 5),
    kinds: kinds as LineageKind[] | undefined,
    createdBefore: optionalTime(f, 'CreatedBefore'),
    createdAfter: optionalTime(f, 'CreatedAfter'),
    modifiedBefore: optionalTime(f, 'ModifiedBefore'),
    modifiedAfter: optionalTime(f, 'ModifiedAfter'),
    properties: propertiesInput(f, 'Properties', 5),
  };
}

/** A filter's list (SageMaker takes 0 to `max` entries; an empty one filters nothing). */
function listIfAny(f: Input, field: string, max: number): string[] | undefined {
  return Array.isArray(f[field]) && f[field].length === 0 ? undefined : readers.optionalStringList(f, field, max);
}

/** The kind an ARN already checked by `lineageArnOf` names. */
const kindOf = (arn: string): LineageKind => parseLineageArn(arn)?.kind ?? 'Artifact';

export async function listAssociations(input: Input, context: ServerContext) {
  const sourceArn = arnIfGiven(input, 'SourceArn');
  const destinationArn = arnIfGiven(input, 'DestinationArn');
  const options = {
    sourceArn,
    destinationArn,
    sourceType: optionalString(input, 'SourceType'),
    destinationType: optionalString(input, 'DestinationType'),
    type: optionalEnum(input, 'AssociationType', ASSOCIATION_TYPES),
    createdAfter: optionalTime(input, 'CreatedAfter'),
    createdBefore: optionalTime(input, 'CreatedBefore'),
    sortBy: optionalEnum(input, 'SortBy', [
      'SourceArn',
      'DestinationArn',
      'SourceType',
      'DestinationType',
      'CreationTime',
    ] as const),
    sortOrder: optionalEnum(input, 'SortOrder', SORT_ORDERS),
    maxResults: readers.integerIfGiven(input, 'MaxResults', 1, 100),
    nextToken: optionalString(input, 'NextToken'),
  };
  const store = lineage(context);
  for (const arn of [sourceArn, destinationArn]) if (arn && !(await store.get(arn))) throw notFound(kindOf(arn), arn);
  const { associations, nextToken } = await inLineageTerms(() => store.listAssociations(options));
  const names = await artifactNames(store, associations);
  return {
    AssociationSummaries: associations.map((a) => ({
      SourceArn: a.sourceArn,
      DestinationArn: a.destinationArn,
      SourceType: a.source?.type,
      DestinationType: a.destination?.type,
      AssociationType: a.type,
      SourceName: names.get(a.sourceArn) ?? a.source?.name,
      DestinationName: names.get(a.destinationArn) ?? a.destination?.name,
      CreationTime: epochSeconds(a.createdAt),
    })),
    NextToken: nextToken,
  };
}

/** An artifact's name in SageMaker's summaries is its ArtifactName (the id in its ARN when it has none). */
async function artifactNames(store: LineageStore, associations: readonly LineageAssociation[]): Promise<Map<string, string>> {
  const arns = new Set<string>();
  for (const a of associations) {
    if (a.source?.kind === 'Artifact') arns.add(a.sourceArn);
    if (a.destination?.kind === 'Artifact') arns.add(a.destinationArn);
  }
  const names = new Map<string, string>();
  for (const arn of arns) {
    const e = await store.get(arn);
    if (e?.displayName) names.set(arn, e.displayName);
  }
  return names;
}

function arnIfGiven(input: Input, field: string): string | undefined {
  const value = optionalString(input, field);
  return value === undefined ? undefined : lineageArnOf(value, field, LINEAGE_KINDS);
}

export async function addAssociation(input: Input, context: ServerContext) {
  const sourceArn = lineageArnOf(requiredString(input, 'SourceArn'), 'SourceArn', LINEAGE_KINDS);
  const destinationArn = lineageArnOf(requiredString(input, 'DestinationArn'), 'DestinationArn', LINEAGE_KINDS);
  const type = optionalEnum(input, 'AssociationType', ASSOCIATION_TYPES) ?? DEFAULT_ASSOCIATION;
  if (sourceArn === destinationArn) {
    throw new AwsError(
      'ValidationException',
      `An association joins two entities; SourceArn and DestinationArn are both ${sourceArn}.`,
    );
  }
  const store = lineage(context);
  for (const arn of [sourceArn, destinationArn]) if (!(await store.get(arn))) throw notFound(kindOf(arn), arn);
  const there = await store.listAssociations({ sourceArn, destinationArn, maxResults: 1 });
  if (there.associations.length > 0) {
    throw new AwsError(
      'ValidationException',
      `The association from ${sourceArn} to ${destinationArn} already exists (${there.associations[0]?.type}); DeleteAssociation first to change its type.`,
    );
  }
  await inLineageTerms(() => store.addAssociation({ sourceArn, destinationArn, type }));
  return { SourceArn: sourceArn, DestinationArn: destinationArn };
}

export async function deleteAssociation(input: Input, context: ServerContext) {
  const sourceArn = lineageArnOf(requiredString(input, 'SourceArn'), 'SourceArn', LINEAGE_KINDS);
  const destinationArn = lineageArnOf(requiredString(input, 'DestinationArn'), 'DestinationArn', LINEAGE_KINDS);
  await inLineageTerms(() => lineage(context).deleteAssociation(sourceArn, destinationArn));
  return { SourceArn: sourceArn, DestinationArn: destinationArn };
}
