/**
 * Secrets never reach logs, errors, events or recorded metadata: every place that shows a
 * connection URL or endpoint shows it through here.
 */

/** The URL with any password (and a token in the user part alone) replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]*)@/i, (_, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return colon === -1 ? `${scheme}***@` : `${scheme}${auth.slice(0, colon)}:***@`;
  });
}

/**
 * `text` (an error message from a library, which may quote the URL it was given) with every
 * URL's password or token replaced as `redactUrl` does.
 */
export function redactUrlsIn(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/gi, (match) => redactUrl(match));
}

/** True when a URL carries a user name or password (`https://user:pass@host`). */
export function hasUrlCredentials(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i.test(url);
}
