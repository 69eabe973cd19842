/** The rewriter's input for bench/governance: one principal holding one data cells filter on churn.customers. */
import type { Caller, CatalogTable, GovernanceCatalog, TableView } from '../../src/governance/governance-records.js';

export const table: CatalogTable = {
  database: 'churn',
  name: 'customers',
  columns: ['id', 'region', 'email', 'plan', 'spend', 'ssn'].map((name) => ({ name, type: 'VARCHAR' })),
};

export const slice = { rowFilter: "region = 'EU'", columns: ['id', 'region', 'plan', 'spend'], source: 'filter eu_no_pii' };

export const catalog = {
  listDatabases: async () => [{ name: 'churn' }],
  listTables: async () => [table],
  getTable: async () => table,
  viewOf: async (): Promise<TableView> => ({ kind: 'filtered', table, slices: [slice] }),
  allows: async () => false,
} as unknown as GovernanceCatalog;

export const ana: Caller = {
  kind: 'principal',
  principal: { name: 'ana', kind: 'user', arn: 'arn:aws:iam::000000000000:user/ana', policies: [], createdAt: new Date(0) },
};
