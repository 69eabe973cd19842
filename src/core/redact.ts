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
