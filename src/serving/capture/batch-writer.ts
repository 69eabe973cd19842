/**
 * Writes one batch of a variant's records as one object, retrying until the store takes it. The
 * key is chosen once per batch, so a retry after a write that did land (but whose answer was lost)
 * replaces that object instead of adding a copy.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { ArtifactStore } from '../../store/index.js';
import { endpointCaptureKey } from './capture-keys.js';
import type { EncodedBatch } from './capture-lines.js';
import type { CaptureRecord } from './capture-sink.js';

export interface RetryOptions {
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly onWriteError?: (error: unknown, attempt: number) => void;
}

export class BatchWriter {
  private objects = 0;
  private failedWrites = 0;
  private lastError: string | undefined;

  constructor(
    private readonly store: ArtifactStore,
    /** The batch's object body (`CaptureLines.batch`). */
    private readonly encode: (records: readonly CaptureRecord[]) => EncodedBatch,
    private readonly clock: Clock,
    private readonly retry: RetryOptions,
  ) {}

  /** Stores `batch` (one variant, one hour); returns how many records it holds. */
  async write(variant: { endpointName: string; variantName: string }, batch: readonly CaptureRecord[]): Promise<number> {
    // A record that cannot be written (not a Buffer body, an invalid date) would block its
    // variant for ever if retried: it is left out, and counted as dropped by the caller.
    const { body, lines, error } = this.encode(batch);
    const encodeError =
      error === undefined
        ? undefined
        : `a record of ${variant.endpointName}/${variant.variantName} could not be encoded: ${String(error)}`;
    if (encodeError) this.lastError = encodeError;
    if (lines === 0) return 0;
    const key = endpointCaptureKey(variant.endpointName, variant.variantName, batch[0]!.inferenceTime, randomUUID());
    await this.putWithRetry(key, body);
    if (encodeError) this.lastError = encodeError;
    return lines;
  }

  /** Shows an unexpected failure of the writing loop in `lastError`. */
  note(error: unknown): void {
    this.lastError = `capture writing stopped until the next tick: ${(error as Error)?.message ?? error}`;
  }

  stats() {
    return { objects: this.objects, failedWrites: this.failedWrites, lastError: this.lastError };
  }

  private async putWithRetry(key: string, body: Buffer): Promise<void> {
    let delay = this.retry.retryDelayMs ?? 250;
    const maxDelay = this.retry.maxRetryDelayMs ?? 15_000;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.put(key, body);
        this.objects++;
        this.lastError = undefined;
        return;
      } catch (error) {
        this.failedWrites++;
        this.lastError = `writing ${this.store.uri(key)} failed (attempt ${attempt}, retrying): ${(error as Error)?.message ?? error}`;
        try {
          this.retry.onWriteError?.(error, attempt);
        } catch {
          // A failing logger must not stop the retries.
        }
        await this.clock.sleep(delay);
        delay = Math.min(delay * 2, maxDelay);
      }
    }
  }
}
