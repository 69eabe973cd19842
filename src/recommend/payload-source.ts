import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { GodwitError } from '../core/errors.js';
import type { ModelDescriptor } from '../ml/model-descriptor.js';
import { seededRandom } from '../ml/random.js';
import type { InferenceRequest } from '../serving/model-runtime.js';
import type { PayloadSummary } from './recommendation.js';

/** The requests a load test cycles through, each with the file line it came from (for errors). */
export interface Payload {
  readonly requests: readonly InferenceRequest[];
  /** 1-based line of each request in the payload file (`--payload`), or its row number when generated. */
  readonly lines: readonly number[];
  readonly summary: PayloadSummary;
}

/**
 * `--payload FILE`: one request per non-blank line. A `.jsonl` (or `.ndjson`) file sends each line
 * as `application/json`; anything else is CSV, each row one `text/csv` request, as SageMaker's
 * built-in algorithms read them (no header row).
 */
export async function readPayloadFile(path: string): Promise<Payload> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new GodwitError(
      'E_RECOMMEND_PAYLOAD',
      `Cannot read --payload "${path}": ${err.code === 'ENOENT' ? 'no such file' : err.message}.`,
      {
        hint: 'Give a CSV file with one request per row (no header), or a .jsonl file with one JSON request per line.',
      },
    );
  });
  const contentType = ['.jsonl', '.ndjson'].includes(extname(path).toLowerCase()) ? 'application/json' : 'text/csv';
  const requests: InferenceRequest[] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    requests.push({ body: Buffer.from(line), contentType });
    lines.push(i + 1);
  });
  if (requests.length === 0) {
    throw new GodwitError('E_RECOMMEND_PAYLOAD', `--payload "${path}" holds no requests (every line is blank).`, {
      hint: 'Put one request per line: a CSV row of features, or a JSON document in a .jsonl file.',
    });
  }
  const summary = {
    source: 'file' as const,
    path,
    rows: requests.length,
    contentType,
    description: `${requests.length} lines of ${path}`,
  };
  return { requests, lines, summary };
}

/** How many distinct rows a generated payload has: enough that no one row's branch path dominates. */
export const GENERATED_ROWS = 64;

/**
 * A payload made from the model's input signature when no `--payload` is given: 64 CSV rows of
 * the model's feature count, values uniform in [0, 1) from a fixed seed (integers 0–9 for an
 * integer input), so runs are repeatable. Only a model with one numeric `[batch, features]` input
 * can be served this way; any other needs `--payload`.
 */
export function generatePayload(descriptor: ModelDescriptor | undefined): Payload {
  const input = descriptor?.signature.inputs.length === 1 ? descriptor.signature.inputs[0] : undefined;
  const features = input?.shape.length === 2 ? input.shape[1] : undefined;
  if (!input || typeof features !== 'number' || features <= 0 || !NUMERIC.test(input.type)) {
    const what = descriptor
      ? `its input signature (${describeInputs(descriptor)}) is not one numeric [rows, features] matrix`
      : 'Godwit cannot read its input signature';
    throw new GodwitError('E_RECOMMEND_PAYLOAD', `Cannot make requests for this model: ${what}.`, {
      hint: 'Give sample requests with --payload samples.csv (one request per row) or samples.jsonl (one JSON request per line).',
    });
  }
  const integer = /int/.test(input.type);
  const random = seededRandom(12);
  const requests: InferenceRequest[] = [];
  for (let r = 0; r < GENERATED_ROWS; r++) {
    const row = Array.from({ length: features }, () => (integer ? Math.floor(random() * 10) : Math.round(random() * 1e4) / 1e4));
    requests.push({ body: Buffer.from(row.join(',')), contentType: 'text/csv' });
  }
  const values = integer ? 'integers 0–9' : 'values uniform in [0, 1)';
  const description = `${GENERATED_ROWS} CSV rows of ${features} ${input.type} features (${values}, fixed seed), from the model's input signature`;
  const summary = { source: 'generated' as const, rows: requests.length, contentType: 'text/csv', description };
  return { requests, lines: requests.map((_, i) => i + 1), summary };
}

const NUMERIC = /^(float|double|int|uint)/;

function describeInputs(d: ModelDescriptor): string {
  return (
    d.signature.inputs.map((i) => `${i.name}: ${i.type}[${i.shape.map((s) => s ?? '?').join(', ')}]`).join('; ') || 'no inputs'
  );
}
