/**
 * A request to an exported BigQuery ML model as rows of its raw input columns, as a user sends
 * them to the deployed model (src/serving/runtimes/bqml-runtime.ts):
 *
 * ```
 * application/json       {"instances": [{"island": "Biscoe", "culmen_length_mm": 50.1, …}]}   Vertex AI's shape
 *                        [{…}, …], one {…}, or rows as arrays in the model's input order
 * application/jsonlines  one row (object or array) per line
 * text/csv               one row per line in the model's input order; a first line naming every
 *                        input column is a header and sets the order; "" fields (and empty ones) are NULL
 * ```
 *
 * Values are typed by the column (numbers, booleans, strings; NULL stays NULL). Names match
 * without regard to case; a row missing an input column, or a value of the wrong kind, is
 * E_DATA_FORMAT naming the row and the column.
 */
import { GodwitError } from '../../core/errors.js';
import { mediaType } from '../../core/media-type.js';
import type { Column, Row } from '../../warehouse/warehouse.js';

export function requestRows(body: Buffer, contentType: string, inputs: readonly Column[]): Row[] {
  const type = mediaType(contentType || 'application/json');
  const text = body.toString('utf8');
  if (type === 'text/csv') return csvRows(text, inputs);
  if (type === 'application/json') return instancesOf(parseJson(text, 'the body')).map((v, r) => typedRow(v, r, inputs));
  if (type === 'application/jsonlines' || type === 'application/x-jsonlines')
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, r) => typedRow(parseJson(line, `line ${r + 1}`), r, inputs));
  throw new GodwitError(
    'E_CONTENT_TYPE',
    `An exported BigQuery ML model reads text/csv, application/json or application/jsonlines, not "${type}".`,
    {
      hint: 'Send rows of the model\'s input columns as JSON ({"instances": [{…}]}) or CSV.',
    },
  );
}

function instancesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object' && Array.isArray((value as { instances?: unknown }).instances))
    return (value as { instances: unknown[] }).instances;
  return [value];
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_DATA_FORMAT', `${where} is not valid JSON: ${(err as Error).message}.`, {
      hint: 'Send {"instances": [{"column": value, …}]}, a JSON array of rows, or one row per line.',
    });
  }
}

function typedRow(value: unknown, r: number, inputs: readonly Column[]): Row {
  if (Array.isArray(value)) {
    if (value.length !== inputs.length) throw rowError(r, `has ${value.length} values; the model reads ${inputs.length}`, inputs);
    return Object.fromEntries(inputs.map((c, k) => [c.name, typed(value[k], c, r)]));
  }
  if (!value || typeof value !== 'object') throw rowError(r, 'is neither an object nor an array', inputs);
  const byName = new Map(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.fromEntries(
    inputs.map((c) => {
      const key = c.name.toLowerCase();
      if (!byName.has(key)) throw rowError(r, `has no column ${c.name}`, inputs);
      return [c.name, typed(byName.get(key), c, r)];
    }),
  );
}

function csvRows(text: string, inputs: readonly Column[]): Row[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0] ? splitCsv(lines[0]) : [];
  const names = new Map(inputs.map((c) => [c.name.toLowerCase(), c]));
  const header = first.length === inputs.length && first.every((f) => names.has(f.trim().toLowerCase()));
  const order = header ? first.map((f) => names.get(f.trim().toLowerCase())!) : inputs;
  return lines.slice(header ? 1 : 0).map((line, r) => {
    const fields = splitCsv(line);
    if (fields.length !== order.length) throw rowError(r, `has ${fields.length} fields; the model reads ${order.length}`, inputs);
    return Object.fromEntries(order.map((c, k) => [c.name, typed(fields[k] === '' ? null : fields[k], c, r)]));
  });
}

/** One CSV line's fields; `"…"` quoting with `""` for a quote inside. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') field += line[i++];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

function typed(value: unknown, column: Column, r: number): unknown {
  if (value === null || value === undefined) return null;
  if (/^BOOL(EAN)?$/i.test(column.type)) {
    if (typeof value === 'boolean') return value;
    if (/^(true|false)$/i.test(String(value))) return String(value).toLowerCase() === 'true';
    throw rowError(r, `has ${JSON.stringify(value)} in BOOL column ${column.name}`);
  }
  if (/^(VARCHAR|STRING)$/i.test(column.type)) return String(value);
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (typeof value === 'boolean' || String(value).trim() === '' || !Number.isFinite(n))
    throw rowError(r, `has ${JSON.stringify(value)} in numeric column ${column.name}`);
  return n;
}

function rowError(r: number, what: string, inputs?: readonly Column[]): GodwitError {
  return new GodwitError('E_DATA_FORMAT', `Row ${r + 1} of the request ${what}.`, {
    hint: inputs
      ? `The model reads: ${inputs.map((c) => `${c.name} ${c.type}`).join(', ')}.`
      : 'Send numbers for numeric columns and true/false for BOOL ones.',
  });
}
