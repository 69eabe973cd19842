import { GodwitError } from '../core/errors.js';

/**
 * Where a home's metadata lives: a `postgres://` (or `postgresql://`) URL switches it from the
 * embedded SQLite file to a PostgreSQL database that several machines can share. Read in this one
 * function so the project configuration (env > project file > home) can take it over.
 */
export function configuredDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env.GODWIT_DATABASE_URL?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new GodwitError('E_DATABASE_URL', `GODWIT_DATABASE_URL is not a PostgreSQL URL: ${redactUrl(url)}.`, {
      hint: 'Use postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to keep the metadata in the home’s SQLite file.',
    });
  }
  return url;
}

/** The URL with its password replaced by `***`: the only form that may appear in a message or log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
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
