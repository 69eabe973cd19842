import { mediaType } from '../../core/media-type.js';

/**
 * The class labels an answer predicts, in order, for comparing a classifier's answers; undefined
 * when the answer is not labels (a regression score, a probability vector), so it is compared by
 * numeric difference instead. Labels are read, not guessed:
 * - JSON: each `predicted_label` (the linear learner's and SageMaker's built-ins' shape,
 *   `{"predictions": [{"score": 0.8, "predicted_label": 1}]}`); a `score` without one is a
 *   regressor's, so not labels; else every number if all are whole;
 * - JSON lines: each line so;
 * - CSV and text: one field per line, a whole number (XGBoost's `multi:softmax`) or a word
 *   (`setosa`); a line of several fields is a probability vector, not a label.
 */
export function labelsOf(body: string, contentType: string | undefined): string[] | undefined {
  const type = mediaType(contentType ?? '');
  if (type === 'application/json') return jsonLabels([body]);
  if (type === 'application/jsonlines' || type === 'application/x-jsonlines') return jsonLabels(lines(body));
  return textLabels(body) ?? jsonLabels([body]);
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

function jsonLabels(texts: readonly string[]): string[] | undefined {
  const found = { predicted: [] as string[], numbers: [] as number[], scored: false };
  try {
    for (const text of texts) collect(JSON.parse(text), found);
  } catch {
    return undefined;
  }
  if (found.predicted.length > 0) return found.predicted;
  if (found.scored) return undefined;
  return found.numbers.length > 0 && found.numbers.every(Number.isInteger) ? found.numbers.map(String) : undefined;
}

function collect(value: unknown, found: { predicted: string[]; numbers: number[]; scored: boolean }): void {
  if (typeof value === 'number') found.numbers.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, found);
  else if (value !== null && typeof value === 'object') {
    const { predicted_label: label, score } = value as Record<string, unknown>;
    if (label !== undefined) found.predicted.push(String(label));
    else if (score !== undefined) found.scored = true;
    else for (const v of Object.values(value)) collect(v, found);
  }
}

function textLabels(text: string): string[] | undefined {
  const out: string[] = [];
  for (const line of lines(text)) {
    const fields = line.split(',');
    if (fields.length !== 1) return undefined;
    const f = fields[0].trim();
    const n = Number(f);
    if (f === '' || f.startsWith('{') || f.startsWith('[')) return undefined;
    if (Number.isFinite(n) && !Number.isInteger(n)) return undefined;
    out.push(Number.isFinite(n) ? String(n) : f);
  }
  return out.length > 0 ? out : undefined;
}
