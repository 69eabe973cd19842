/** Small text helpers shared by the commands' human-readable output. */

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/** A left-aligned text table, like `kubectl get`. Colour codes do not count towards widths. */
/** A query's rows as a `table`: its columns' names for the header, each value as `cell` shows it. */
export function rowsTable(
  columns: readonly { readonly name: string }[],
  rows: readonly Record<string, unknown>[],
  cell: (value: unknown) => string,
): string {
  const names = columns.map((c) => c.name);
  return table(
    names,
    rows.map((r) => names.map((n) => cell(r[n]))),
  );
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - visible(c))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const ANSI = /\x1b\[[0-9;]*m/g;

function visible(text: string): number {
  return text.replace(ANSI, '').length;
}

export function since(start: Date | undefined, end: Date | undefined): number | undefined {
  return start && end ? end.getTime() - start.getTime() : undefined;
}

const COLORS = { red: 31, green: 32, yellow: 33, blue: 34, gray: 90, bold: 1 } as const;

export function paint(enabled: boolean) {
  return (color: keyof typeof COLORS, text: string) => (enabled ? `\x1b[${COLORS[color]}m${text}\x1b[0m` : text);
}

export const STATUS_COLOR: Record<string, keyof typeof COLORS> = {
  succeeded: 'green',
  cached: 'green',
  running: 'blue',
  pending: 'gray',
  skipped: 'gray',
  'not-run': 'gray',
  failed: 'red',
  stopped: 'yellow',
  interrupted: 'yellow',
};
