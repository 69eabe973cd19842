/**
 * What the PostgreSQL server or the network says, as the warehouse's coded errors. Messages name
 * the warehouse and its `host:port`, never the password (the URL is shown redacted, and the
 * password is scrubbed from any server text that quotes it).
 */
import { GodwitError } from '../../core/errors.js';
import { unreachableCode } from '../../core/network-errors.js';
import { redactUrl } from '../../core/redact.js';
import { hostPort, redactSecret } from '../../db/database-url.js';

export interface ErrorTarget {
  /** The warehouse's configured name. */
  readonly name: string;
  readonly url: string;
}

/** The GodwitError for anything a `pg` call threw; `sql` locates a syntax error's position. */
export function warehouseError(err: unknown, target: ErrorTarget, sql?: string): GodwitError {
  if (err instanceof GodwitError) return err;
  const e = err as { code?: string; message?: string; position?: string; errors?: { code?: string }[] };
  const code = e?.code ?? e?.errors?.[0]?.code;
  const detail = redactSecret(String(e?.message ?? err), target.url);
  const where = hostPort(target.url);
  const wh = `warehouse "${target.name}"`;
  const shown = redactUrl(target.url);
  // pg tries every address of a host name and reports them together (an AggregateError).
  const down = unreachableCode(err) ?? unreachableCode(e?.errors?.[0]);
  if (down) {
    return new GodwitError('E_WAREHOUSE_UNREACHABLE', `Cannot reach the PostgreSQL server of ${wh} at ${where} (${down}).`, {
      hint: `Start the server, or correct the host and port of the warehouse's url (${shown}).`,
    });
  }
  if (code === '28P01' || code === '28000') {
    return new GodwitError('E_WAREHOUSE_AUTH', `The PostgreSQL server of ${wh} at ${where} refused the login: ${detail}.`, {
      hint: `Check the user and password in the warehouse's url (${shown}); keep the password in an environment variable (\${PGPASSWORD}).`,
    });
  }
  if (code === '3D000') {
    return new GodwitError('E_WAREHOUSE_CONFIG', `The PostgreSQL server of ${wh} at ${where} has no such database: ${detail}.`, {
      hint: `Create it, or name another database in the warehouse's url (${shown}).`,
    });
  }
  if (code === '42P01') {
    return new GodwitError('E_TABLE_NOT_FOUND', `${capital(detail)} in ${wh}.`, {
      hint: 'Create the table first, or check its schema and spelling (quoted names are case-sensitive).',
    });
  }
  if (code === '42P07') {
    return new GodwitError('E_TABLE_EXISTS', `${capital(detail)} in ${wh}.`, {
      hint: 'Choose another name, drop it first, or ask for it to be replaced (replace: true).',
    });
  }
  if (code === '42601' || code?.startsWith('42') || code?.startsWith('22') || code?.startsWith('23')) {
    return new GodwitError('E_SQL', `${wh} rejected the statement${located(e.position, sql)}: ${detail} (SQLSTATE ${code}).`, {
      hint: 'Fix the SQL; it runs as PostgreSQL (or Redshift) SQL as written.',
    });
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    return new GodwitError('E_SQL', `${wh} failed the statement: ${detail} (SQLSTATE ${code}).`, {
      hint: "See PostgreSQL's message above; the statement was rolled back.",
    });
  }
  return new GodwitError('E_INTERNAL', `${wh} (${where}): ${detail}`);
}

/** ` at line 2, column 5 (near "selec")` from PostgreSQL's 1-based character position. */
function located(position: string | undefined, sql: string | undefined): string {
  const at = Number(position);
  if (!sql || !Number.isInteger(at) || at < 1) return '';
  const before = [...sql].slice(0, at - 1).join('');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const near = /^\S{1,20}/.exec([...sql].slice(at - 1).join(''))?.[0];
  return ` at line ${line}, column ${column}${near ? ` (near "${near}")` : ''}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A COPY of one object the server refused (bad data, wrong columns): E_COPY naming the object. */
export function copyError(err: unknown, target: ErrorTarget, objectUri: string): GodwitError {
  const coded = warehouseError(err, target);
  if (coded.code !== 'E_SQL' && coded.code !== 'E_INTERNAL') return coded;
  const e = err as { message?: string; where?: string };
  const where = e?.where ? ` (${redactSecret(e.where, target.url)})` : '';
  return new GodwitError(
    'E_COPY',
    `COPY from ${objectUri} into warehouse "${target.name}" failed: ${redactSecret(String(e?.message ?? err), target.url)}${where}. Nothing was loaded.`,
    {
      hint: 'Fix the object (its columns must match the table, in order for CSV, by name for Parquet and JSON lines), or load it into a staging table of text columns.',
    },
  );
}
