/**
 * One CSV line as its cells and back, for `DataProcessing` on CSV records: SageMaker treats a
 * CSV record as a JSON array of its cells. Cells stay strings (`"1.50"` is written back as
 * `1.50`, not reformatted); quoted cells (`"a,b"`, `""` for a quote) are read and re-quoted.
 */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else cell += line[i++];
      }
      const comma = line.indexOf(',', i);
      cell += line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', i);
      cell = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length : comma;
    }
    cells.push(cell);
    if (i >= line.length) return cells;
    i++; // past the comma
  }
}

/** Writes a selected value as one CSV line: an array's cells, or one cell. Objects are JSON. */
export function csvLine(value: unknown): string {
  const cells = Array.isArray(value) ? value.flat(Number.POSITIVE_INFINITY as 1) : [value];
  return cells.map(cellText).join(',');
}

function cellText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
