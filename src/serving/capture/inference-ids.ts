/**
 * `GenerateInferenceId` for batch transform output, as SageMaker appends it: each record gets a
 * fresh inference id and the job's start time, so Model Monitor can join ground truth to it.
 *
 * - CSV: two more columns, `0.5` → `0.5,1f1d57b1-…,2022-08-30T00:49:15Z`
 * - JSON: two more fields of the object, `{"output":0}` →
 *   `{"output":0,"SageMakerInferenceId":"1f1d57b1-…","SageMakerInferenceTime":"2022-08-30T00:49:15Z"}`
 * - JSON Lines: the same on every line's object.
 */
import { GodwitError } from '../../core/errors.js';
import { mediaType } from '../../core/media-type.js';

const JSON_LINES = new Set(['application/jsonlines', 'application/jsonl', 'application/x-jsonlines']);

export function stampInferenceIds(body: Buffer, contentType: string, newId: () => string, time: string, jobName: string): Buffer {
  const type = mediaType(contentType);
  const text = body.toString('utf8');
  if (type === 'text/csv') return Buffer.from(eachLine(text, (line) => `${line},${newId()},${time}`));
  if (type === 'application/json') return Buffer.from(stampObject(text.trim(), newId(), time, jobName));
  if (JSON_LINES.has(type)) return Buffer.from(eachLine(text, (line) => stampObject(line, newId(), time, jobName)));
  throw new GodwitError(
    'E_CAPTURE_INFERENCE_ID',
    `Transform job "${jobName}" cannot add inference ids to its ${contentType} output: GenerateInferenceId supports CSV, JSON and JSON Lines.`,
    {
      hint: 'Set the output Accept type to text/csv, application/json or application/jsonlines, or turn GenerateInferenceId off.',
    },
  );
}

/** Applies `f` to every non-empty line, keeping the line breaks (`\n` or `\r\n`) as they were. */
function eachLine(text: string, f: (line: string) => string): string {
  return text.replace(/[^\r\n]+/g, (line) => (line.trim() === '' ? line : f(line)));
}

function stampObject(json: string, id: string, time: string, jobName: string): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GodwitError(
      'E_CAPTURE_INFERENCE_ID',
      `Transform job "${jobName}" cannot add an inference id to the output record ${json.slice(0, 80)}: it is not a JSON object.`,
      { hint: 'With GenerateInferenceId, have the model answer one JSON object per record, e.g. {"score": 0.5}.' },
    );
  }
  return JSON.stringify({ ...value, SageMakerInferenceId: id, SageMakerInferenceTime: time });
}
