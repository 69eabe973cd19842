/**
 * RFC 4180 fields: separated by `,`; a field that starts with a double quote may hold commas,
 * line breaks and doubled quotes (`""`).
 */

/** Rows of a CSV text: rows end at CRLF or LF; a trailing line break ends the last row. */
export function csvRows(text: string): string[][] {
  return scan(text, true);
}

/** The fields of one CSV record; line-break characters in it are field text. */
export function splitCsvRecord(line: string): string[] {
  return scan(line, false)[0] ?? [''];
}

function scan(text: string, breaks: boolean): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (breaks && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
