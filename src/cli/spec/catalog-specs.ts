/**
 * Data governance's catalog on the command line (docs/governance.md): `godwit catalog …` (databases
 * and tables), `godwit grant|revoke|grants` (Lake Formation permissions), `godwit filters …` (data
 * cells filters; also spelled `filter`) and `godwit tags …` (LF-tags; also `tag`).
 */
import { defineGroup, defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;
const RESOURCES = `RESOURCE is one of: catalog, db, db.* (every table), db.table, db.table(col1,col2),
'db.table(* except email)', filter:db.table.name, location:s3://bucket/prefix/,
tag:key=v1|v2 (an LF-tag), tags:TABLE:key=v1|v2,key2=w (tables whose LF-tags match; or DATABASE).
PRINCIPAL is user/NAME, role/NAME, an IAM ARN, or IAM_ALLOWED_PRINCIPALS (everyone).`;
const PERMS = 'ALL, SELECT, INSERT, DELETE, DESCRIBE, ALTER, DROP, CREATE_DATABASE, CREATE_TABLE, DATA_LOCATION_ACCESS';

export const catalogSyncOptions = {
  warehouse: { type: 'string', value: 'NAME', summary: 'The warehouse to read (default: the configured default).' },
  json: JSON_FLAG,
} as const;
export const catalogSync = defineVerb({
  name: 'sync',
  summary: "Read a warehouse's schemas, tables and columns into the catalog",
  options: catalogSyncOptions,
  description: `Each schema of the warehouse becomes a database of the catalog, each table or view a table
with its columns and types; nothing else is copied. Tables the warehouse no longer has are removed
from the catalog with their filters, LF-tags and grants. Run it again after creating tables.`,
  examples: ['godwit catalog sync', 'godwit catalog sync --warehouse analytics --json'],
  load: async () => (await import('../commands/catalog.js')).catalogSync,
});

export const catalogDatabasesOptions = { json: JSON_FLAG } as const;
export const catalogDatabases = defineVerb({
  name: 'databases',
  summary: "The catalog's databases",
  options: catalogDatabasesOptions,
  examples: ['godwit catalog databases'],
  load: async () => (await import('../commands/catalog.js')).catalogDatabases,
});

export const catalogTablesOptions = { json: JSON_FLAG } as const;
export const catalogTables = defineVerb({
  name: 'tables',
  summary: "A database's tables (every database's without DB)",
  args: [{ name: 'DB', optional: true }],
  options: catalogTablesOptions,
  examples: ['godwit catalog tables churn', 'godwit catalog tables --json'],
  load: async () => (await import('../commands/catalog.js')).catalogTables,
});

export const catalogShowOptions = { json: JSON_FLAG } as const;
export const catalogShow = defineVerb({
  name: 'show',
  summary: "A table's columns, location, LF-tags, data cells filters and grants",
  args: [{ name: 'DB.TABLE' }],
  options: catalogShowOptions,
  examples: ['godwit catalog show churn.customers'],
  load: async () => (await import('../commands/catalog.js')).catalogShow,
});

export const catalogCreateTableOptions = {
  location: {
    type: 'string',
    value: 'URI',
    required: true,
    summary: 'The prefix holding its files: s3://…/prefix/, gs://…, file:///….',
  },
  format: {
    type: 'string',
    value: 'FORMAT',
    required: true,
    choices: ['csv', 'json', 'parquet'],
    summary: 'Its files: csv, json (JSON lines) or parquet.',
  },
  columns: {
    type: 'string',
    value: 'COLUMNS',
    summary: "Its columns and types: 'id BIGINT, region VARCHAR' or id:BIGINT,region:VARCHAR (default: read from its objects).",
  },
  json: JSON_FLAG,
} as const;
export const catalogCreateTable = defineVerb({
  name: 'create-table',
  summary: 'Record an external table over files under a location (its database is created when absent)',
  args: [{ name: 'DB.NAME' }],
  options: catalogCreateTableOptions,
  description: `The location must lie under a registered one (godwit catalog register-location, or Lake
Formation's RegisterResource). Without --columns, DuckDB reads the columns and types from the
objects there (CSV and JSON lines sniffed, Parquet's schema). The table is queried like a
warehouse table (godwit sql, a pipeline's sql steps, as the local user or --as a principal):
each query reads the objects under the location at that moment. Grants and data cells filters
on it work as on a warehouse's table.`,
  examples: [
    "godwit catalog create-table lake.events --location s3://datalake/events/ --format csv --columns 'at TIMESTAMP, kind VARCHAR'",
    'godwit catalog create-table lake.clicks --location gs://datalake/clicks/ --format parquet',
  ],
  load: async () => (await import('../commands/catalog.js')).catalogCreateTable,
});

export const catalogDeleteTableOptions = { json: JSON_FLAG } as const;
export const catalogDeleteTable = defineVerb({
  name: 'delete-table',
  summary: 'Remove a table from the catalog with its filters, LF-tags and grants (its data stays)',
  args: [{ name: 'DB.TABLE' }],
  options: catalogDeleteTableOptions,
  examples: ['godwit catalog delete-table lake.events'],
  load: async () => (await import('../commands/catalog.js')).catalogDeleteTable,
});

export const catalogRegisterLocationOptions = {
  role: {
    type: 'string',
    value: 'ROLE_ARN',
    summary: "The IAM role Lake Formation would read it with (recorded, as RegisterResource's RoleArn).",
  },
  json: JSON_FLAG,
} as const;
export const catalogRegisterLocation = defineVerb({
  name: 'register-location',
  summary: 'Register an object-store location (s3://, gs://, file://) for external tables and DATA_LOCATION_ACCESS grants',
  args: [{ name: 'URI' }],
  options: catalogRegisterLocationOptions,
  description: `Lake Formation's RegisterResource: external tables are created under registered locations,
and DATA_LOCATION_ACCESS is granted on them (or under them). An S3 ARN (arn:aws:s3:::bucket/prefix) is
accepted where a URI is.`,
  examples: ['godwit catalog register-location s3://datalake/raw/', 'godwit catalog register-location gs://lake/clicks/'],
  load: async () => (await import('../commands/catalog.js')).catalogRegisterLocation,
});

export const catalogDeregisterLocationOptions = { json: JSON_FLAG } as const;
export const catalogDeregisterLocation = defineVerb({
  name: 'deregister-location',
  summary: 'Deregister a location (refused while external tables lie under it and no other registered location)',
  args: [{ name: 'URI' }],
  options: catalogDeregisterLocationOptions,
  examples: ['godwit catalog deregister-location s3://datalake/raw/'],
  load: async () => (await import('../commands/catalog.js')).catalogDeregisterLocation,
});

export const catalogLocationsOptions = { json: JSON_FLAG } as const;
export const catalogLocations = defineVerb({
  name: 'locations',
  summary: 'The registered locations and the external tables over each',
  options: catalogLocationsOptions,
  examples: ['godwit catalog locations', 'godwit catalog locations --json'],
  load: async () => (await import('../commands/catalog.js')).catalogLocations,
});

export const catalogGroup = defineGroup({
  name: 'catalog',
  summary: "Data governance's catalog: databases and tables over the warehouse and over object-store locations",
  verbs: [
    catalogSync,
    catalogDatabases,
    catalogTables,
    catalogShow,
    catalogCreateTable,
    catalogDeleteTable,
    catalogRegisterLocation,
    catalogDeregisterLocation,
    catalogLocations,
  ],
});

export const grantOptions = {
  on: { type: 'string', value: 'RESOURCE', required: true, summary: 'What the permissions are on (see below).' },
  to: {
    type: 'string',
    value: 'PRINCIPAL',
    required: true,
    summary: 'Who gets them: user/NAME, role/NAME, an IAM ARN or IAM_ALLOWED_PRINCIPALS.',
  },
  'with-grant-option': { type: 'boolean', summary: 'The principal may grant them to others.' },
  json: JSON_FLAG,
} as const;
export const grantSpec = defineVerb({
  name: 'grant',
  summary: 'Grant Lake Formation permissions on a database, table, columns, data cells filter, location or LF-tags',
  args: [{ name: 'PERMISSIONS' }],
  options: grantOptions,
  description: `PERMISSIONS is a comma-separated list of ${PERMS}.
${RESOURCES}
Checked as Lake Formation checks GrantPermissions (SELECT on columns only through db.table(…),
DATA_LOCATION_ACCESS only on a location, …); a repeated grant adds to what the principal holds.
A principal named here need not exist yet.`,
  examples: [
    'godwit grant SELECT --on filter:churn.customers.eu_no_pii --to user/ana',
    "godwit grant SELECT --on 'churn.customers(* except email)' --to role/analysts",
    'godwit grant SELECT,DESCRIBE --on tags:TABLE:domain=sales --to user/ana --with-grant-option',
    'godwit grant DATA_LOCATION_ACCESS --on location:s3://datalake/raw/ --to role/etl',
  ],
  load: async () => (await import('../commands/grants.js')).grant,
});

export const revokeOptions = {
  on: { type: 'string', value: 'RESOURCE', required: true, summary: 'What the permissions are on (as for godwit grant).' },
  from: { type: 'string', value: 'PRINCIPAL', required: true, summary: 'Who loses them.' },
  'grant-option-only': { type: 'boolean', summary: 'Revoke only the right to grant them; the permissions stay.' },
  json: JSON_FLAG,
} as const;
export const revokeSpec = defineVerb({
  name: 'revoke',
  summary: 'Revoke exactly the Lake Formation permissions named (and their grant option)',
  args: [{ name: 'PERMISSIONS' }],
  options: revokeOptions,
  description: `Revokes the permissions named on exactly that resource, as RevokePermissions: other
permissions the principal holds there stay. Revoking a permission it does not hold is an error.
${RESOURCES}`,
  examples: ['godwit revoke SELECT --on filter:churn.customers.eu_no_pii --from user/ana'],
  load: async () => (await import('../commands/grants.js')).revoke,
});

export const grantsOptions = {
  principal: { type: 'string', value: 'PRINCIPAL', summary: "Only this principal's grants." },
  on: { type: 'string', value: 'RESOURCE', summary: 'Only the grants on this resource (a table includes its columns).' },
  json: JSON_FLAG,
} as const;
export const grantsSpec = defineVerb({
  name: 'grants',
  summary: 'List Lake Formation grants: principal, resource, permissions, grant options',
  options: grantsOptions,
  description: `The same records ListPermissions answers, in Lake Formation's shapes with --json.
${RESOURCES}`,
  examples: ['godwit grants', 'godwit grants --principal user/ana --json', 'godwit grants --on churn.customers'],
  load: async () => (await import('../commands/grants.js')).grants,
});

export const filterCreateOptions = {
  on: { type: 'string', value: 'DB.TABLE', required: true, summary: 'The table it filters.' },
  where: {
    type: 'string',
    value: 'PREDICATE',
    summary: "Its rows: a SQL predicate over the table's columns (default: all rows).",
  },
  columns: { type: 'string', value: 'A,B', summary: 'Only these columns.' },
  exclude: { type: 'string', value: 'A,B', summary: 'Every column but these.' },
  json: JSON_FLAG,
} as const;
export const filterCreate = defineVerb({
  name: 'create',
  summary: 'Create a data cells filter: a row predicate and the columns it shows',
  args: [{ name: 'NAME' }],
  options: filterCreateOptions,
  description: `Without --columns or --exclude it shows every column. The predicate may name only the
table's columns and use literals, operators, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL and scalar
functions; no subqueries, no ";", no comments. A filter grants nothing until SELECT on it is granted
(godwit grant SELECT --on filter:DB.TABLE.NAME --to …).`,
  examples: [
    'godwit filter create eu_no_pii --on churn.customers --where "region = \'EU\'" --exclude email',
    'godwit filter create vip_contact --on churn.customers --where "plan = \'vip\'" --columns id,email',
  ],
  load: async () => (await import('../commands/filters.js')).filterCreate,
});

export const filterListOptions = {
  on: { type: 'string', value: 'DB.TABLE', summary: "Only this table's filters." },
  json: JSON_FLAG,
} as const;
export const filterList = defineVerb({
  name: 'list',
  summary: 'List data cells filters',
  options: filterListOptions,
  examples: ['godwit filter list', 'godwit filter list --on churn.customers --json'],
  load: async () => (await import('../commands/filters.js')).filterList,
});

export const filterShowOptions = {
  on: { type: 'string', value: 'DB.TABLE', required: true, summary: 'The table it filters.' },
  json: JSON_FLAG,
} as const;
export const filterShow = defineVerb({
  name: 'show',
  summary: "A data cells filter's rows and columns, and who holds SELECT on it",
  args: [{ name: 'NAME' }],
  options: filterShowOptions,
  examples: ['godwit filter show eu_no_pii --on churn.customers'],
  load: async () => (await import('../commands/filters.js')).filterShow,
});

export const filterDeleteOptions = filterShowOptions;
export const filterDelete = defineVerb({
  name: 'delete',
  summary: 'Delete a data cells filter and the grants on it',
  args: [{ name: 'NAME' }],
  options: filterDeleteOptions,
  examples: ['godwit filter delete eu_no_pii --on churn.customers'],
  load: async () => (await import('../commands/filters.js')).filterDelete,
});

export const filtersGroup = defineGroup({
  name: 'filters',
  summary: "Data cells filters (Lake Formation's row and cell-level security): create, list, show, delete",
  verbs: [filterCreate, filterList, filterShow, filterDelete],
});

export const tagCreateOptions = {
  values: { type: 'string', value: 'A,B', required: true, summary: 'The values the key allows.' },
  json: JSON_FLAG,
} as const;
export const tagCreate = defineVerb({
  name: 'create',
  summary: 'Create an LF-tag key with its allowed values',
  args: [{ name: 'KEY' }],
  options: tagCreateOptions,
  examples: ['godwit tags create domain --values sales,finance'],
  load: async () => (await import('../commands/tags.js')).tagCreate,
});

export const tagListOptions = { json: JSON_FLAG } as const;
export const tagList = defineVerb({
  name: 'list',
  summary: 'List LF-tag keys and their values',
  options: tagListOptions,
  examples: ['godwit tags list'],
  load: async () => (await import('../commands/tags.js')).tagList,
});

export const tagAssignOptions = { json: JSON_FLAG } as const;
export const tagAssign = defineVerb({
  name: 'assign',
  summary: 'Assign LF-tags to a database, table or column (one value per key)',
  args: [{ name: 'DB[.TABLE[.COLUMN]]' }, { name: 'KEY=VALUE', variadic: true }],
  options: tagAssignOptions,
  description: `A table inherits its database's tags and a column its table's, unless it has its own value
for the key. Grants on tags:TABLE:… or tags:DATABASE:… reach what the tags match.`,
  examples: ['godwit tags assign churn domain=sales', 'godwit tags assign churn.customers.email pii=true'],
  load: async () => (await import('../commands/tags.js')).tagAssign,
});

export const tagShowOptions = { json: JSON_FLAG } as const;
export const tagShow = defineVerb({
  name: 'show',
  summary: 'The LF-tags assigned to a database, table and its columns',
  args: [{ name: 'DB[.TABLE[.COLUMN]]' }],
  options: tagShowOptions,
  examples: ['godwit tags show churn.customers'],
  load: async () => (await import('../commands/tags.js')).tagShow,
});

export const tagsGroup = defineGroup({
  name: 'tags',
  summary: 'LF-tags: keys and values, assigned to databases, tables and columns for tag-based grants',
  verbs: [tagCreate, tagList, tagAssign, tagShow],
});
