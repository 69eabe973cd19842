/** CreateLFTag, GetLFTag, ListLFTags, AddLFTagsToResource and GetResourceLFTags. */

import type { TagTarget } from '../../../governance/catalog/catalog-store.js';
import type { LfTagPair } from '../../../governance/governance-records.js';
import { AwsError } from '../aws-error.js';
import { page } from '../pagination.js';
import { CATALOG_ID, checkCatalogId, maxResults, optionalText, resourceOf, strings, text } from './lakeformation-input.js';
import type { LfAction } from './lakeformation-service.js';

const withCatalog = (t: LfTagPair) => ({ CatalogId: CATALOG_ID, ...t });

const createTag: LfAction = async (input, context) => {
  checkCatalogId(input.CatalogId);
  await context.services.metadata.catalog.createTag(text(input, 'TagKey'), strings(input, 'TagValues', true) ?? []);
  return {};
};

const getTag: LfAction = async (input, context) => {
  checkCatalogId(input.CatalogId);
  const key = text(input, 'TagKey').toLowerCase();
  const tag = (await context.services.metadata.catalog.listTags()).find((t) => t.TagKey === key);
  if (!tag) throw new AwsError('EntityNotFoundException', `LF-tag ${key} does not exist.`);
  return withCatalog(tag);
};

const listTags: LfAction = async (input, context) => {
  checkCatalogId(input.CatalogId);
  const tags = await context.services.metadata.catalog.listTags();
  const { items, nextToken } = page(tags, (t) => t.TagKey, optionalText(input, 'NextToken'), maxResults(input));
  return { LFTags: items.map(withCatalog), NextToken: nextToken };
};

/** Where tags go: a Database, a Table, or the columns of a TableWithColumns. */
function targetsOf(input: Record<string, unknown>): TagTarget[] {
  const r = resourceOf(input.Resource);
  if (r.Database) return [{ database: r.Database.Name }];
  if (r.Table?.Name) return [{ database: r.Table.DatabaseName, table: r.Table.Name }];
  if (r.TableWithColumns?.ColumnNames) {
    const t = r.TableWithColumns;
    return t.ColumnNames!.map((column) => ({ database: t.DatabaseName, table: t.Name, column }));
  }
  throw new AwsError(
    'InvalidInputException',
    'LF-tags are assigned to a Database, a Table (by Name) or TableWithColumns (by ColumnNames).',
  );
}

const addTags: LfAction = async (input, context) => {
  checkCatalogId(input.CatalogId);
  const raw = input.LFTags;
  if (!Array.isArray(raw) || raw.length === 0)
    throw new AwsError('InvalidInputException', 'LFTags is required: a list of TagKey and TagValues.');
  const tags = (raw as Record<string, unknown>[]).map((p) => {
    checkCatalogId(p.CatalogId);
    return { TagKey: text(p, 'TagKey'), TagValues: strings(p, 'TagValues', true) ?? [] };
  });
  for (const target of targetsOf(input)) await context.services.metadata.catalog.assignTags(target, tags);
  return { Failures: [] };
};

const getResourceTags: LfAction = async (input, context) => {
  checkCatalogId(input.CatalogId);
  const targets = targetsOf(input);
  const first = targets[0];
  const tags = await context.services.metadata.catalog.resourceTags({ database: first.database, table: first.table });
  const wanted = new Set(targets.flatMap((t) => (t.column ? [t.column.toLowerCase()] : [])));
  const columns = (tags.columns ?? []).filter((c) => wanted.size === 0 || wanted.has(c.name.toLowerCase()));
  return {
    LFTagOnDatabase: tags.database.map(withCatalog),
    ...(tags.table ? { LFTagsOnTable: tags.table.map(withCatalog) } : {}),
    ...(first.table ? { LFTagsOnColumns: columns.map((c) => ({ Name: c.name, LFTags: c.tags.map(withCatalog) })) } : {}),
  };
};

export const tagActions = {
  CreateLFTag: createTag,
  GetLFTag: getTag,
  ListLFTags: listTags,
  AddLFTagsToResource: addTags,
  GetResourceLFTags: getResourceTags,
} satisfies Record<string, LfAction>;
