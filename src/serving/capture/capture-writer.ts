/**
 * The data capture writer: a `CaptureSink` that batches records per endpoint variant and hour and
 * writes each batch as one `.jsonl` object under the config's `DestinationS3Uri`, in any store
 * (a folder, `file://`, `s3://`, `gs://`).
 *
 * ```ts
 * const sink = await openCaptureSink({ spec: config.dataCapture, storeOptions });
 * sink.offer({ endpointName: 'churn', variantName: 'AllTraffic', eventId: randomUUID(), inferenceTime: new Date(),
 *              input: { contentType: 'text/csv', body }, output: { contentType: 'text/csv', body: answer } });
 * // → <destination>/churn/AllTraffic/2026/12/05/19/41-25-386-<uuid>.jsonl, one JSON line per record
 * ```
 *
 * `offer` only appends to an in-memory queue (no JSON, no I/O): lines are built in the background
 * when a batch is written — when a variant has `maxBatchRecords` waiting, or `flushIntervalMs`
 * after the first unwritten one, or on `flush`. A batch is removed from its queue only once
 * stored; a failed write is retried with the same key (so a write that did land is replaced, never
 * duplicated) after a backoff doubling from `retryDelayMs` to `maxRetryDelayMs`, for as long as
 * the process runs. Records beyond `maxPending` unwritten are refused and counted in `dropped`.
 */

import { systemClock } from '../../core/clock.js';
import { type ArtifactStore, storeForUri } from '../../store/index.js';
import { BatchWriter } from './batch-writer.js';
import { encoderFor } from './capture-line.js';
import { CaptureLines } from './capture-lines.js';
import type { CaptureRecord } from './capture-sink.js';
import { type CaptureWriter, type CaptureWriterOptions, type CaptureWriterStats, checkSpec } from './capture-writer-options.js';
import { VariantQueue } from './variant-queue.js';

export type { CaptureWriter, CaptureWriterOptions, CaptureWriterStats } from './capture-writer-options.js';

/** Opens the sink for one endpoint's `DataCaptureConfig`; does no I/O (E_URI, E_CAPTURE_CONFIG). */
export async function openCaptureSink(options: CaptureWriterOptions): Promise<CaptureWriter> {
  checkSpec(options.spec);
  return openCaptureSinkOn(await storeForUri(options.spec.destinationS3Uri, options.storeOptions), options);
}

/** The same sink on a store already open at the destination (its root is `DestinationS3Uri`). */
export function openCaptureSinkOn(store: ArtifactStore, options: CaptureWriterOptions): CaptureWriter {
  checkSpec(options.spec);
  return new QueuedCaptureSink(store, options);
}

class QueuedCaptureSink implements CaptureWriter {
  private readonly queues = new Map<string, Map<string, VariantQueue>>();
  private readonly all: VariantQueue[] = [];
  private readonly writer: BatchWriter;
  private readonly maxPending: number;
  private readonly maxBatch: number;
  private readonly interval: number;
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private waiters: { marks: [VariantQueue, number][]; resolve: () => void }[] = [];
  private counts = { offered: 0, written: 0, dropped: 0, pending: 0 };
  private closed = false;

  constructor(store: ArtifactStore, options: CaptureWriterOptions) {
    this.maxPending = options.maxPending ?? 100_000;
    this.maxBatch = options.maxBatchRecords ?? 5_000;
    this.interval = options.flushIntervalMs ?? 1_000;
    // The config decides what is kept, whatever the host hands over.
    const lines = new CaptureLines(
      encoderFor(options.spec),
      options.spec.captureModes.includes('Input'),
      options.spec.captureModes.includes('Output'),
    );
    this.writer = new BatchWriter(store, (batch) => lines.batch(batch), options.clock ?? systemClock, options);
  }

  offer(record: CaptureRecord): void {
    try {
      this.counts.offered++;
      if (this.closed || this.counts.pending >= this.maxPending) {
        this.counts.dropped++;
        return;
      }
      const queue = this.queueOf(record.endpointName, record.variantName);
      queue.push(record);
      this.counts.pending++;
      if (queue.size >= this.maxBatch) this.pump();
      else if (this.timer === undefined) this.arm();
    } catch {
      // Never throw on the request path: a record that cannot be queued is a counted drop.
      this.counts.dropped++;
    }
  }

  flush(): Promise<void> {
    const marks: [VariantQueue, number][] = this.all.filter((q) => q.size > 0).map((q) => [q, q.offered]);
    if (marks.length === 0) return Promise.resolve();
    for (const [q, seq] of marks) q.due = Math.max(q.due, seq);
    const done = new Promise<void>((resolve) => this.waiters.push({ marks, resolve }));
    this.pump();
    return done;
  }

  stats(): CaptureWriterStats {
    return { ...this.counts, ...this.writer.stats() };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private queueOf(endpointName: string, variantName: string): VariantQueue {
    let variants = this.queues.get(endpointName);
    if (!variants) {
      variants = new Map();
      this.queues.set(endpointName, variants);
    }
    let queue = variants.get(variantName);
    if (!queue) {
      queue = new VariantQueue(endpointName, variantName);
      variants.set(variantName, queue);
      this.all.push(queue);
    }
    return queue;
  }

  /** Makes everything unwritten due after the interval. */
  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const q of this.all) q.due = q.offered;
      this.pump();
    }, this.interval);
    this.timer.unref();
  }

  /** Starts the one background loop, unless it runs; it writes batches one at a time, in order. */
  private pump(): void {
    if (this.pumping) return;
    let failed = false;
    this.pumping = this.writeDue()
      .catch((error) => {
        // Nothing the loop calls should throw (writes are retried inside); if something does,
        // the records stay queued, the error is shown, and the next tick tries again — never an
        // unhandled rejection that would take the server down.
        failed = true;
        this.writer.note(error);
      })
      .finally(() => {
        this.pumping = undefined;
        if (!failed && this.all.some((q) => q.due > q.written || q.size >= this.maxBatch)) this.pump();
        else if (this.counts.pending > 0 && this.timer === undefined) this.arm();
      });
  }

  private async writeDue(): Promise<void> {
    for (let wrote = true; wrote; ) {
      wrote = false;
      for (const queue of this.all) {
        const batch = queue.nextBatch(this.maxBatch);
        if (batch.length === 0) continue;
        const stored = await this.writer.write(queue, batch);
        queue.shift(batch.length);
        this.counts.pending -= batch.length;
        this.counts.written += stored;
        this.counts.dropped += batch.length - stored;
        this.settleWaiters();
        wrote = true;
      }
    }
  }

  private settleWaiters(): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.marks.some(([q, seq]) => q.written < seq)) return true;
      w.resolve();
      return false;
    });
  }
}
