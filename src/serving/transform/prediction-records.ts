/**
 * A model's answer to a mini-batch of N records, cut back into N predictions, which joining and
 * output filters need: `text/csv` and JSON lines answer one line per record; `application/json`
 * answers `{"predictions": [...]}` (or a bare array) of N entries, or, for one record, any JSON.
 * Any other count is `E_TRANSFORM_OUTPUT` naming both counts: the records cannot be matched.
 */
import { GodwitError } from '../../core/errors.js';
import { mediaType } from '../../ml/inference-format.js';

export function predictionRecords(body: Buffer, contentType: string, records: number, where: string): Buffer[] {
  const type = mediaType(contentType ?? '');
  let parts: Buffer[];
  if (type === 'application/json') parts = jsonRecords(body, records);
  else {
    parts = [];
    let start = 0;
    while (start < body.length) {
      let end = body.indexOf(0x0a, start);
      if (end < 0) end = body.length;
      const stop = end > start && body[end - 1] === 0x0d ? end - 1 : end;
      if (stop > start) parts.push(body.subarray(start, stop));
      start = end + 1;
    }
  }
  if (parts.length !== records) {
    throw new GodwitError(
      'E_TRANSFORM_OUTPUT',
      `${where}: the model answered ${parts.length} predictions (${type}) for ${records} records, so they cannot be matched to their inputs.`,
      {
        hint: 'Joining and output filters need one prediction per record: use text/csv or application/jsonlines, or BatchStrategy "SingleRecord".',
      },
    );
  }
  return parts;
}

function jsonRecords(body: Buffer, records: number): Buffer[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    return [body];
  }
  const list = Array.isArray(doc) ? doc : (doc as { predictions?: unknown } | null)?.predictions;
  if (Array.isArray(list) && (list.length === records || records !== 1)) return list.map((p) => Buffer.from(JSON.stringify(p)));
  return [Buffer.from(JSON.stringify(doc))];
}
