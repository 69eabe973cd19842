/**
 * Picks a value out of one model answer the way a model-quality job definition names it
 * (`InferenceAttribute`, `ProbabilityAttribute`): for CSV output the attribute is a zero-based
 * column index (`"0"`), for JSON output a path into the document, written as JSONPath
 * (`$.predictions[0].score`) or without the `$.` (`predictions[0].score`). Without an attribute the
 * whole answer is the value: CSV column 0, or a JSON scalar (or a one-element array of one).
 */
import { splitCsvRecord } from '../../core/csv.js';

export type Picked = { readonly value: unknown } | { readonly reason: string };

/** One answer's body, parsed once: CSV cells or a JSON document. */
export type Answer =
  | { readonly kind: 'csv'; readonly cells: readonly string[] }
  | { readonly kind: 'json'; readonly doc: unknown };

/** Parses a body as JSON when its type or encoding says JSON, else as one CSV record. */
export function parseAnswer(text: string, json: boolean): Answer | { reason: string } {
  if (json) {
    try {
      return { kind: 'json', doc: JSON.parse(text) };
    } catch {
      return { reason: 'output is not valid JSON' };
    }
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length !== 1) return { reason: `output holds ${lines.length} CSV records; model quality needs one per request` };
  return { kind: 'csv', cells: splitCsvRecord(lines[0]!) };
}

/** The value `attribute` names in `answer`. */
export function pick(answer: Answer, attribute: string | undefined): Picked {
  if (answer.kind === 'csv') {
    const index = attribute === undefined ? 0 : Number(attribute);
    if (!Number.isInteger(index) || index < 0) return { reason: `attribute "${attribute}" is not a CSV column index` };
    if (index >= answer.cells.length) return { reason: `output has ${answer.cells.length} columns, no column ${index}` };
    return { value: answer.cells[index] };
  }
  if (attribute === undefined) {
    const doc = Array.isArray(answer.doc) && answer.doc.length === 1 ? answer.doc[0] : answer.doc;
    return typeof doc === 'object' && doc !== null
      ? { reason: 'output is a JSON document; name the attribute to read' }
      : { value: doc };
  }
  const steps = pathSteps(attribute);
  if (!steps) return { reason: `attribute "${attribute}" is not a path such as $.predictions[0].score` };
  let at: unknown = answer.doc;
  for (const step of steps) {
    if (at === null || typeof at !== 'object') return { reason: `output has no ${attribute}` };
    at = (at as Record<string | number, unknown>)[step];
  }
  return at === undefined ? { reason: `output has no ${attribute}` } : { value: at };
}

/** `$.a.b[0]`, `a.b[0]`, `$['a']` → ['a', 'b', 0]; undefined when it is not such a path. */
export function pathSteps(path: string): (string | number)[] | undefined {
  let rest = path.startsWith('$') ? path.slice(1) : path.startsWith('[') ? path : `.${path}`;
  const steps: (string | number)[] = [];
  while (rest !== '') {
    const m = /^\.([A-Za-z0-9_-]+)|^\[(\d+)\]|^\['([^']*)'\]|^\["([^"]*)"\]/.exec(rest);
    if (!m) return undefined;
    steps.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4])!);
    rest = rest.slice(m[0].length);
  }
  return steps;
}
