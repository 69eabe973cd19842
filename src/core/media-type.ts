/**
 * The media type of a `Content-Type` or one `Accept` entry, without parameters and in lower case:
 * `Text/CSV; charset=utf-8` → `text/csv`. Every reader of request and response types uses it, so
 * they agree on what "the same type" means.
 */
export function mediaType(header: string): string {
  const semi = header.indexOf(';');
  return (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
}
