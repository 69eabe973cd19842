import { loadConfig } from '../config/config.js';
import { GodwitError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';

/**
 * Where a home's metadata lives: the configuration's `databaseUrl` (`GODWIT_DATABASE_URL`, else
 * `godwit.config.yaml`, else the user file), a `postgres://` (or `postgresql://`) URL that
 * switches it from the home's SQLite file to a PostgreSQL database several machines can share.
 */
export function configuredDatabaseUrl(
  source: { cwd: string; env: NodeJS.ProcessEnv } = { cwd: process.cwd(), env: process.env },
): string | undefined {
  return checkedDatabaseUrl(loadConfig(source).databaseUrl);
}

/** A configured `databaseUrl` checked to be PostgreSQL's; undefined (the SQLite file) when unset. */
export function checkedDatabaseUrl(configured: string | undefined): string | undefined {
  const url = configured?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new GodwitError('E_DATABASE_URL', `The database URL (databaseUrl) is not a PostgreSQL URL: ${redactUrl(url)}.`, {
      hint: 'Use postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to keep the metadata in the home’s SQLite file.',
    });
  }
  return url;
}

/** Removes a URL's password, raw or percent-decoded, from any text. */
export function redactSecret(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    password = /\/\/[^:/@]*:([^@]*)@/.exec(url)?.[1] ?? '';
  }
  if (!password) return text;
  let out = text.replaceAll(url, redactUrl(url)).replaceAll(password, '***');
  try {
    const decoded = decodeURIComponent(password);
    if (decoded) out = out.replaceAll(decoded, '***');
  } catch {
    // A password that is not valid percent-encoding appears only raw.
  }
  return out;
}

/** `host:port` of a PostgreSQL URL, for messages. */
export function hostPort(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'the configured host';
  }
}
