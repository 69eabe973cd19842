/**
 * Writes labels as Model Monitor's ground truth: one JSON line per label,
 * `{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"order-7"},"eventVersion":"0"}`,
 * in one object `<uri>/yyyy/mm/dd/hh/<MM-SS-mmm>-<uuid>.jsonl` for the hour the labels were
 * collected, where a model-quality job looks for them. `id` is the request's `inferenceId` (or
 * its `eventId` when the requests carried none).
 */
import { randomUUID } from 'node:crypto';
import { splitCsvRecord } from '../../core/csv.js';
import { GodwitError } from '../../core/errors.js';
import { captureFileName, hourFolder } from '../../serving/capture/capture-keys.js';
import { type StoreOptions, storeForUri } from '../../store/index.js';

export interface GroundTruthUpload {
  readonly uri: string;
  readonly labels: readonly { readonly id: string; readonly label: string }[];
  /** When the labels were collected (the hour folder); usually now. */
  readonly at: Date;
  readonly storeOptions?: StoreOptions;
}

/**
 * Rows `id,label` of a CSV text (RFC 4180 quoting; blank lines ignored; the first row dropped
 * when `header`). `source` names the text in E_MODEL_QUALITY_DATASET for a row of other width.
 */
export function labelsFromCsv(text: string, header: boolean, source: string): { id: string; label: string }[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(header ? 1 : 0)
    .map((line, i) => {
      const cells = splitCsvRecord(line);
      if (cells.length !== 2) {
        throw new GodwitError('E_MODEL_QUALITY_DATASET', `${source}: row ${i + 1} has ${cells.length} columns, not id,label.`, {
          hint: 'One label per row: the request id (InferenceId or eventId), a comma, the label.',
        });
      }
      return { id: cells[0]!.trim(), label: cells[1]!.trim() };
    });
}

/** Stores the labels; answers the object's URI. E_MODEL_QUALITY_DATASET for an empty id or label. */
export async function uploadGroundTruth(upload: GroundTruthUpload): Promise<string> {
  const lines = upload.labels.map(({ id, label }, i) => {
    if (id === '' || label === '') {
      throw new GodwitError('E_MODEL_QUALITY_DATASET', `Label ${i + 1} has an empty ${id === '' ? 'id' : 'label'}.`, {
        hint: 'Every row needs the request id (its InferenceId, or its eventId) and the label.',
      });
    }
    return JSON.stringify({
      groundTruthData: { data: label, encoding: 'CSV' },
      eventMetadata: { eventId: id },
      eventVersion: '0',
    });
  });
  const store = await storeForUri(upload.uri, upload.storeOptions);
  const key = `${hourFolder(upload.at)}/${captureFileName(upload.at, randomUUID())}`;
  await store.put(key, `${lines.join('\n')}\n`);
  return store.uri(key);
}
