/**
 * Identifiers given as data (a `TableRef`, a column name) reach SQL text only through here,
 * quoted by PostgreSQL's rule: inside `"…"` every character is literal and `"` is doubled. A
 * name PostgreSQL could not store (empty, longer than 63 bytes, holding a NUL) is
 * E_SQL_IDENTIFIER rather than silently truncated to another table's name.
 */
import { GodwitError } from '../../core/errors.js';
import { type NameLimit, quoteWithin, tableWithin } from '../identifiers.js';
import type { TableRef } from '../warehouse.js';

/** PostgreSQL's NAMEDATALEN - 1: longer names are truncated, which could name another table. */
const POSTGRES: NameLimit = { engine: 'PostgreSQL', maxBytes: 63 };

export function quoteIdent(name: string, what = 'identifier'): string {
  return quoteWithin(POSTGRES, name, what);
}

/** `"schema"."name"` (or `"name"`); a BigQuery project is refused. */
export function tableName(table: TableRef): string {
  return tableWithin(POSTGRES, table);
}

/** `schema.name` for messages. */
export function displayName(table: TableRef): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

/** A string literal by PostgreSQL's standard rule (quote doubled); for COPY options, which take no parameters. */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new GodwitError('E_SQL', 'A COPY option holds a NUL character.', { hint: 'Remove it.' });
  return `'${value.replace(/'/g, "''")}'`;
}
