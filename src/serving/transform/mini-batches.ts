/**
 * How an input file becomes requests, as SageMaker batch transform cuts it:
 *
 * - `SplitType` `Line`: each line is a record (a trailing `\r` and blank lines are dropped);
 *   `None`: the whole file is one record. `RecordIO` and `TFRecord` are refused
 *   (`E_TRANSFORM_CONFIG`): no Godwit runtime reads those framings.
 * - `BatchStrategy` `SingleRecord`: one record per request; `MultiRecord`: as many whole records
 *   as fit in `MaxPayloadInMB`, joined by newlines. A record larger than the limit on its own is
 *   `E_PAYLOAD_TOO_LARGE` naming the file, the record and both sizes; a batch never exceeds it.
 *   `MaxPayloadInMB` 0 means no limit (SageMaker's setting for streamed payloads).
 *
 * ```
 * "1,2\n3,4\n5,6\n"  Line, MultiRecord, 8 bytes  →  ["1,2\n3,4", "5,6"]
 * ```
 */
import { GodwitError } from '../../core/errors.js';

export type SplitType = 'Line' | 'None' | 'RecordIO' | 'TFRecord';
export type BatchStrategy = 'SingleRecord' | 'MultiRecord';

export const MEGABYTE = 1024 * 1024;
const NEWLINE = Buffer.from('\n');

/** Refuses a split type Godwit cannot read (RecordIO, TFRecord framing). */
export function checkSplitType(split: SplitType): void {
  if (split !== 'Line' && split !== 'None') {
    throw new GodwitError('E_TRANSFORM_CONFIG', `Split type "${split}" is not supported by Godwit's batch transform.`, {
      hint: 'Use SplitType "Line" (one record per line) or "None" (one record per file); no Godwit runtime reads RecordIO or TFRecord framing.',
    });
  }
}

export function splitRecords(data: Buffer, split: SplitType): Buffer[] {
  checkSplitType(split);
  if (split === 'None') return data.length === 0 ? [] : [data];
  const records: Buffer[] = [];
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    let stop = end;
    if (stop > start && data[stop - 1] === 0x0d) stop--;
    const record = data.subarray(start, stop);
    if (record.some((byte) => byte !== 0x20 && byte !== 0x09)) records.push(record);
    start = end + 1;
  }
  return records;
}

export interface MiniBatch {
  /** Index of the batch's first record in the file. */
  readonly first: number;
  readonly records: readonly Buffer[];
  readonly body: Buffer;
}

export function miniBatches(
  records: readonly Buffer[],
  strategy: BatchStrategy,
  maxPayloadMb: number,
  file: string,
): MiniBatch[] {
  const limit = maxPayloadMb === 0 ? Number.POSITIVE_INFINITY : maxPayloadMb * MEGABYTE;
  const batches: MiniBatch[] = [];
  let first = 0;
  let size = 0;
  let current: Buffer[] = [];
  const close = () => {
    if (current.length === 0) return;
    batches.push({ first, records: current, body: current.length === 1 ? current[0] : joinLines(current) });
    first += current.length;
    current = [];
    size = 0;
  };
  records.forEach((record, r) => {
    if (record.length > limit) {
      throw new GodwitError(
        'E_PAYLOAD_TOO_LARGE',
        `${file}, record ${r + 1} is ${record.length} bytes, over MaxPayloadInMB (${maxPayloadMb} MB = ${limit} bytes).`,
        {
          hint: 'Raise MaxPayloadInMB (up to 100), or split the input into smaller records (SplitType "Line").',
        },
      );
    }
    const added = current.length === 0 ? record.length : record.length + 1;
    if (strategy === 'SingleRecord' || size + added > limit) close();
    size += current.length === 0 ? record.length : record.length + 1;
    current.push(record);
  });
  close();
  return batches;
}

function joinLines(records: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const [i, record] of records.entries()) {
    if (i > 0) parts.push(NEWLINE);
    parts.push(record);
  }
  return Buffer.concat(parts);
}
