/** CreateDataCellsFilter, GetDataCellsFilter, ListDataCellsFilter, UpdateDataCellsFilter, DeleteDataCellsFilter. */
import { AwsError } from '../aws-error.js';
import { page } from '../pagination.js';
import { checkCatalogId, filterOf, filterOut, maxResults, object, optionalText, text } from './lakeformation-input.js';
import type { LfAction } from './lakeformation-service.js';

const createFilter: LfAction = async (input, context) => {
  await context.services.metadata.catalog.createFilter(filterOf(input.TableData));
  return {};
};

const updateFilter: LfAction = async (input, context) => {
  await context.services.metadata.catalog.updateFilter(filterOf(input.TableData));
  return {};
};

const getFilter: LfAction = async (input, context) => {
  checkCatalogId(input.TableCatalogId);
  const [database, table, name] = [text(input, 'DatabaseName'), text(input, 'TableName'), text(input, 'Name')];
  const f = await context.services.metadata.catalog.getFilter(database, table, name);
  if (!f) throw new AwsError('EntityNotFoundException', `Data cells filter ${name} on ${database}.${table} does not exist.`);
  return { DataCellsFilter: filterOut(f) };
};

const listFilters: LfAction = async (input, context) => {
  let table: { database: string; name: string } | undefined;
  if (input.Table !== undefined && input.Table !== null) {
    const t = object(input, 'Table');
    checkCatalogId(t.CatalogId);
    table = { database: text(t, 'DatabaseName'), name: text(t, 'Name') };
  }
  const filters = await context.services.metadata.catalog.listFilters(table);
  const { items, nextToken } = page(
    filters,
    (f) => `${f.DatabaseName}.${f.TableName}.${f.Name}`,
    optionalText(input, 'NextToken'),
    maxResults(input),
  );
  return { DataCellsFilters: items.map(filterOut), NextToken: nextToken };
};

const deleteFilter: LfAction = async (input, context) => {
  checkCatalogId(input.TableCatalogId);
  await context.services.metadata.catalog.deleteFilter(
    text(input, 'DatabaseName'),
    text(input, 'TableName'),
    text(input, 'Name'),
  );
  return {};
};

export const filterActions = {
  CreateDataCellsFilter: createFilter,
  GetDataCellsFilter: getFilter,
  ListDataCellsFilter: listFilters,
  UpdateDataCellsFilter: updateFilter,
  DeleteDataCellsFilter: deleteFilter,
} satisfies Record<string, LfAction>;
