/**
 * Request and response types of the ONNX runtime, and its responses. Requests are parsed into
 * feature rows by the tabular runtimes' shared parser (`../payload.ts`: CSV, JSON `instances`,
 * JSON lines); the response type defaults to the request's.
 *
 * The response holds, per record, the model's outputs' rows: a number when an output has one
 * value per record, an array otherwise, and an object keyed by output name when the model has
 * several outputs. `application/json` is `{"predictions": [...]}`, `application/jsonlines` one
 * line per record, `text/csv` one line per record with every output's values in order.
 */
import { GodwitError } from '../../core/errors.js';
import { mediaType } from '../../ml/inference-format.js';

export type { PayloadRows as FeatureRows } from '../payload.js';

export const ONNX_TYPES = ['text/csv', 'application/json', 'application/jsonlines'] as const;
export type OnnxMediaType = (typeof ONNX_TYPES)[number];

/** The media type a request's `Content-Type` names, refused when the runtime cannot read it. */
export function requestType(contentType: string): OnnxMediaType {
  const type = mediaType(contentType || 'text/csv');
  if ((ONNX_TYPES as readonly string[]).includes(type)) return type as OnnxMediaType;
  throw new GodwitError('E_CONTENT_TYPE', `The ONNX runtime reads ${ONNX_TYPES.join(', ')}, not "${contentType}".`, {
    hint: 'Send CSV rows of features, {"instances": [[…], …]} as JSON, or one JSON array per line.',
  });
}

/** The response type for an `Accept` header: the first listed type it can write, else the request's type. */
export function acceptType(accept: string | undefined, request: OnnxMediaType): OnnxMediaType {
  if (accept === undefined || accept.trim() === '' || accept.trim() === '*/*') return request;
  for (const part of accept.split(',')) {
    const type = mediaType(part);
    if ((ONNX_TYPES as readonly string[]).includes(type)) return type as OnnxMediaType;
  }
  throw new GodwitError('E_CONTENT_TYPE', `The ONNX runtime cannot answer with "${accept}".`, {
    hint: `It answers with ${ONNX_TYPES.join(', ')}.`,
  });
}

/** One model output as onnxruntime returns it. */
export interface OutputTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: ArrayLike<unknown>;
}

type Cell = number | string | boolean | Cell[];

/** Formats `rows` records' worth of outputs (the first dimension of each is the record). */
export function formatOutputs(outputs: readonly OutputTensor[], rows: number, type: OnnxMediaType): Buffer {
  if (type === 'text/csv') return csvOutputs(outputs, rows);
  const perOutput = outputs.map((o) => recordsOf(o, rows));
  const records: Cell[] | Record<string, Cell>[] = [];
  for (let r = 0; r < rows; r++) {
    if (outputs.length === 1) (records as Cell[]).push(perOutput[0][r]);
    else (records as Record<string, Cell>[]).push(Object.fromEntries(outputs.map((o, k) => [o.name, perOutput[k][r]])));
  }
  if (type === 'application/json') return Buffer.from(JSON.stringify({ predictions: records }));
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(JSON.stringify(records[r]));
  return Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}

/** CSV straight from the tensors' data, every output's values of a record in order: the hot path of batch transform. */
function csvOutputs(outputs: readonly OutputTensor[], rows: number): Buffer {
  const sizes = outputs.map((o) => {
    checkBatchDimension(o, rows);
    return o.dims.slice(1).reduce((a, b) => a * b, 1);
  });
  let text = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let k = 0; k < outputs.length; k++) {
      const { data } = outputs[k];
      for (let i = r * sizes[k]; i < (r + 1) * sizes[k]; i++)
        line += line === '' ? csvCell(cellOf(data[i])) : `,${csvCell(cellOf(data[i]))}`;
    }
    text += `${line}\n`;
  }
  return Buffer.from(text);
}

function checkBatchDimension(output: OutputTensor, rows: number): void {
  if (output.dims[0] !== rows) {
    throw new GodwitError(
      'E_MODEL_ERROR',
      `The model's output "${output.name}" has shape [${output.dims.join(', ')}], not one row per record (${rows}).`,
      {
        hint: 'Batch transform and endpoints need outputs whose first dimension is the batch.',
      },
    );
  }
}

function recordsOf(output: OutputTensor, rows: number): Cell[] {
  checkBatchDimension(output, rows);
  const rest = output.dims.slice(1);
  const size = rest.reduce((a, b) => a * b, 1);
  const out: Cell[] = [];
  for (let r = 0; r < rows; r++) {
    const values = Array.from({ length: size }, (_, i) => cellOf(output.data[r * size + i]));
    out.push(size === 1 && rest.every((d) => d === 1) ? values[0] : nest(values, rest));
  }
  return out;
}

function cellOf(value: unknown): Cell {
  if (typeof value === 'bigint') return Number(value);
  return value as Cell;
}

function nest(values: Cell[], dims: readonly number[]): Cell[] {
  if (dims.length <= 1) return values;
  const step = values.length / dims[0];
  return Array.from({ length: dims[0] }, (_, i) => nest(values.slice(i * step, (i + 1) * step), dims.slice(1)));
}

function csvCell(value: Cell): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
