/**
 * The records of one endpoint variant waiting to be written, in the order they were offered.
 * Sequence numbers count records: `offered` accepted so far, `written` stored so far; a write
 * takes a batch from the front and drops it only once it is stored, so a failed write keeps every
 * record and the order.
 */

import { hourOf } from './capture-keys.js';
import type { CaptureRecord } from './capture-sink.js';

export class VariantQueue {
  offered = 0;
  written = 0;
  /** Records up to this sequence number are due now (a timer tick or a flush asked for them). */
  due = 0;
  private records: CaptureRecord[] = [];
  private head = 0;

  constructor(
    readonly endpointName: string,
    readonly variantName: string,
  ) {}

  get size(): number {
    return this.offered - this.written;
  }

  push(record: CaptureRecord): void {
    this.records.push(record);
    this.offered++;
  }

  /**
   * The next batch to write, or nothing: due records first, else a full batch. A batch never
   * spans two hours, because each hour is its own folder.
   */
  nextBatch(maxRecords: number): CaptureRecord[] {
    const wanted =
      this.due > this.written ? Math.min(maxRecords, this.due - this.written) : this.size >= maxRecords ? maxRecords : 0;
    if (wanted === 0) return [];
    const hour = hourOf(this.records[this.head]!.inferenceTime);
    let end = this.head + 1;
    const limit = this.head + wanted;
    while (end < limit && hourOf(this.records[end]!.inferenceTime) === hour) end++;
    return this.records.slice(this.head, end);
  }

  /** Drops the `count` front records once they are stored. */
  shift(count: number): void {
    this.head += count;
    this.written += count;
    // Compact now and then so a long-lived queue does not keep every record ever offered.
    if (this.head > 4096 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }
}
