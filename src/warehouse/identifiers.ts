/**
 * Identifiers as data: a table or column name a caller passes (a `TableRef`, a column of a COPY)
 * reaches SQL text only through here. ANSI quoting (`"…"`, a `"` doubled) makes any name one
 * identifier, so `x"; drop table y; --` is a table of that odd name, never a statement; what no
 * quoting can carry (empty, NUL and other control characters, absurd lengths) is E_SQL_IDENTIFIER.
 * DuckDB and PostgreSQL (and so Redshift) quote this way; BigQuery uses backticks and its own rules.
 */
import { GodwitError } from '../core/errors.js';
import type { TableRef } from './warehouse.js';

/** Longer than any engine here accepts (PostgreSQL 63 bytes, BigQuery 1,024 characters). */
const MAX_LENGTH = 1024;

/** `part` checked as one identifier; `what` names it in the error ("table name", "schema"). */
export function checkIdentifier(part: string, what: string, warehouse: string): string {
  const bad =
    part.length === 0
      ? 'it is empty'
      : /[\u0000-\u001f\u007f]/.test(part)
        ? 'it holds a control character'
        : part.length > MAX_LENGTH
          ? `it is longer than ${MAX_LENGTH} characters`
          : undefined;
  if (bad === undefined) return part;
  throw new GodwitError('E_SQL_IDENTIFIER', `Warehouse "${warehouse}" cannot use ${JSON.stringify(part)} as a ${what}: ${bad}.`, {
    hint: 'Name tables and schemas with letters, digits and underscores.',
  });
}

/** One identifier in ANSI double quotes. */
export function quoteIdentifier(part: string): string {
  return `"${part.replaceAll('"', '""')}"`;
}

/** `"schema"."name"` (or `"name"`) for DuckDB and PostgreSQL; a BigQuery project is refused. */
export function quotedTable(ref: TableRef, warehouse: string): string {
  if (ref.project !== undefined) {
    throw new GodwitError(
      'E_SQL_IDENTIFIER',
      `Warehouse "${warehouse}" has no projects, so table "${ref.name}" cannot name project "${ref.project}".`,
      {
        hint: 'A project belongs to BigQuery table names; drop it, or use a BigQuery warehouse.',
      },
    );
  }
  const name = quoteIdentifier(checkIdentifier(ref.name, 'table name', warehouse));
  return ref.schema === undefined ? name : `${quoteIdentifier(checkIdentifier(ref.schema, 'schema', warehouse))}.${name}`;
}

/** `schema.name` as a user writes it, for messages. */
export function displayTable(ref: TableRef): string {
  return [ref.project, ref.schema, ref.name].filter((p) => p !== undefined).join('.');
}

/**
 * An engine that truncates long names silently (PostgreSQL at 63 bytes, Redshift at 127), which
 * could turn one table's name into another's: such names are refused, not quoted.
 */
export interface NameLimit {
  /** The engine, for messages ("PostgreSQL"). */
  readonly engine: string;
  readonly maxBytes: number;
}

/** One identifier in ANSI double quotes, refused when the engine could not store it whole. */
export function quoteWithin(limit: NameLimit, name: string, what = 'identifier'): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0') || Buffer.byteLength(name) > limit.maxBytes) {
    throw new GodwitError('E_SQL_IDENTIFIER', `The ${what} ${JSON.stringify(name)} cannot be a ${limit.engine} name.`, {
      hint: `A name is 1 to ${limit.maxBytes} bytes with no NUL character.`,
    });
  }
  return quoteIdentifier(name);
}

/** `"schema"."name"` (or `"name"`) within the engine's limit; a BigQuery project is refused. */
export function tableWithin(limit: NameLimit, table: TableRef): string {
  if (table.project !== undefined) {
    throw new GodwitError(
      'E_SQL_IDENTIFIER',
      `The table ${JSON.stringify(table.name)} names a project (${JSON.stringify(table.project)}); ${limit.engine} has none.`,
      {
        hint: 'Give only a schema and a name.',
      },
    );
  }
  const name = quoteWithin(limit, table.name, 'table name');
  return table.schema === undefined ? name : `${quoteWithin(limit, table.schema, 'schema name')}.${name}`;
}
