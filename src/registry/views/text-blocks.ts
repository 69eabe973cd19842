/** Plain-text building blocks of the registry views: titled sections of aligned rows. */

/** `title` then its rows indented two spaces, columns aligned; `empty` stands in for no rows. */
export function section(title: string, rows: readonly (readonly string[])[], empty?: string): string[] {
  if (rows.length === 0) return empty === undefined ? [] : [title, `  ${empty}`, ''];
  return [title, ...aligned(rows).map((l) => `  ${l}`), ''];
}

/** Rows as aligned columns (the last column is never padded). */
export function aligned(rows: readonly (readonly string[])[]): string[] {
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((r) => visible(r[i] ?? ''))));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - visible(c))))
      .join('  ')
      .trimEnd(),
  );
}

// Colour codes (a terminal's emphasis) take no room on screen.
const visible = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length;

/** A value as one line: strings as they are, anything else as JSON. */
export function inline(value: unknown): string {
  if (value === undefined) return '-';
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `sha256:<64 hex>` → `sha256:<first 12>`; other forms as they are. */
export function shortDigest(digest: string | undefined): string {
  if (!digest) return '-';
  const hex = digest.replace(/^sha256:/, '');
  return /^[0-9a-f]{64}$/.test(hex) ? `sha256:${hex.slice(0, 12)}` : digest;
}

export const when = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString()).replace('T', ' ').slice(0, 19);
