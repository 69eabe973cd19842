/**
 * Table names in sql steps: `table`, `schema.table` or (BigQuery) `project.dataset.table`, each
 * part a plain identifier, so a name can reach SQL text without quoting and can never carry SQL.
 * The validator refuses anything else (E_SQL_TABLE_NAME); the runner and the compilers read names
 * through `parseTableName` only.
 *
 * ```ts
 * parseTableName('analytics.features') // { schema: 'analytics', name: 'features' }
 * parseTableName('x; drop table y')    // undefined
 * ```
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A Google Cloud project id: lower case, digits and hyphens. */
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

export const TABLE_NAME_RULE =
  'a table is named `table`, `schema.table` or `project.dataset.table`, each part letters, digits and underscores, not starting with a digit';

export interface SqlTableName {
  readonly name: string;
  readonly schema?: string;
  readonly project?: string;
}

export function parseTableName(table: string): SqlTableName | undefined {
  const parts = table.split('.');
  if (parts.length > 3) return undefined;
  const [name, schema, project] = parts.reverse();
  if (!IDENTIFIER.test(name) || (schema !== undefined && !IDENTIFIER.test(schema))) return undefined;
  if (project !== undefined && !PROJECT.test(project)) return undefined;
  return { name, ...(schema !== undefined ? { schema } : {}), ...(project !== undefined ? { project } : {}) };
}

/** A parameter name every dialect can bind (`:name`, `@name`, `$name`). */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
