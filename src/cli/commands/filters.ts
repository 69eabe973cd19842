/** `godwit filters …` (also `filter`): data cells filters through the governance catalog. */
import { GodwitError } from '../../core/errors.js';
import { parseTableName, resourceText } from '../../governance/catalog/resource-syntax.js';
import type { DataCellsFilter } from '../../governance/governance-records.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { filterCreateOptions, filterDeleteOptions, filterListOptions, filterShowOptions } from '../spec/catalog-specs.js';
import type { Handler } from '../spec/command-spec.js';
import { filterRow } from './catalog.js';

const list = (text: string) =>
  text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);

export const filterCreate: Handler<typeof filterCreateOptions> = {
  run: ({ values, positionals: [name], io }) => {
    if (values.columns !== undefined && values.exclude !== undefined) {
      throw new UsageError('Give --columns (only these) or --exclude (all but these), not both.');
    }
    const { database, name: t } = parseTableName(values.on as string);
    const filter: DataCellsFilter = {
      DatabaseName: database,
      TableName: t,
      Name: name,
      RowFilter: values.where === undefined ? { AllRowsWildcard: {} } : { FilterExpression: values.where },
      ...(values.columns !== undefined
        ? { ColumnNames: list(values.columns) }
        : { ColumnWildcard: { ExcludedColumnNames: list(values.exclude ?? '') } }),
    };
    return withMetadata(io, async (m) => {
      const created = await m.catalog.createFilter(filter);
      if (values.json) json(io, created);
      else {
        const [, rows, cols] = filterRow(created);
        write(io.stdout, `Created data cells filter ${name} on ${created.DatabaseName}.${created.TableName}: ${rows}; ${cols}.`);
        write(
          io.stdout,
          `It grants nothing until: godwit grant SELECT --on filter:${created.DatabaseName}.${created.TableName}.${name} --to PRINCIPAL`,
        );
      }
      return EXIT.ok;
    });
  },
};

export const filterList: Handler<typeof filterListOptions> = {
  run: ({ values, io }) =>
    withMetadata(io, async (m) => {
      const filters = await m.catalog.listFilters(values.on === undefined ? undefined : parseTableName(values.on));
      if (values.json) json(io, filters);
      else if (filters.length === 0) write(io.stdout, 'No data cells filters.');
      else
        write(
          io.stdout,
          table(
            ['TABLE', 'NAME', 'ROWS', 'COLUMNS'],
            filters.map((f) => [`${f.DatabaseName}.${f.TableName}`, ...filterRow(f)]),
          ),
        );
      return EXIT.ok;
    }),
};

export const filterShow: Handler<typeof filterShowOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (m) => {
      const { database, name: t } = parseTableName(values.on as string);
      const f = await m.catalog.getFilter(database, t, name);
      if (!f) {
        throw new GodwitError('E_CATALOG_NOT_FOUND', `There is no data cells filter ${name} on ${database}.${t}.`, {
          hint: `godwit filter list --on ${database}.${t} lists its filters.`,
        });
      }
      const grants = await m.catalog.listPermissions({
        resource: { DataCellsFilter: { DatabaseName: database, TableName: t, Name: name } },
      });
      if (values.json) json(io, { filter: f, grants });
      else {
        const [, rows, cols] = filterRow(f);
        write(io.stdout, `${f.Name} on ${f.DatabaseName}.${f.TableName}\nRows:    ${rows}\nColumns: ${cols}`);
        write(
          io.stdout,
          grants.length === 0
            ? 'Nobody holds SELECT on it.'
            : `Held by:\n${grants.map((g) => `  ${g.Principal.DataLakePrincipalIdentifier} (${g.Permissions.join(',')}) ${resourceText(g.Resource)}`).join('\n')}`,
        );
      }
      return EXIT.ok;
    }),
};

export const filterDelete: Handler<typeof filterDeleteOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (m) => {
      const { database, name: t } = parseTableName(values.on as string);
      await m.catalog.deleteFilter(database, t, name);
      if (values.json) json(io, { deleted: { DatabaseName: database.toLowerCase(), TableName: t.toLowerCase(), Name: name } });
      else write(io.stdout, `Deleted data cells filter ${name} on ${database}.${t} and the grants on it.`);
      return EXIT.ok;
    }),
};
