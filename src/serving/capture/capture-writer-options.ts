/** What the capture writer is given and what it reports (`capture-writer.ts` opens it). */

import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { DataCaptureSpec } from '../../endpoints/endpoint-records.js';
import type { StoreOptions } from '../../store/index.js';
import type { CaptureSink, CaptureStats } from './capture-sink.js';

export interface CaptureWriterOptions {
  readonly spec: DataCaptureSpec;
  readonly storeOptions?: StoreOptions;
  /** Backoff sleeps go through it; record times come from the records. */
  readonly clock?: Clock;
  /** Unwritten records kept at most (default 100,000); beyond it `offer` counts a drop. */
  readonly maxPending?: number;
  /** How long a record waits at most before its batch is written (default 1,000 ms). */
  readonly flushIntervalMs?: number;
  /** Records per object at most (default 5,000). */
  readonly maxBatchRecords?: number;
  /** First retry delay after a failed write (default 250 ms), doubling up to `maxRetryDelayMs` (default 15 s). */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Told about every failed write (it will be retried), e.g. to log it. */
  readonly onWriteError?: (error: unknown, attempt: number) => void;
}

/** `CaptureStats` and what an operator needs when writes fail. */
export interface CaptureWriterStats extends CaptureStats {
  /** Objects stored. */
  readonly objects: number;
  /** Failed write attempts (each retried). */
  readonly failedWrites: number;
  /** The last failure's message, until a write succeeds again. */
  readonly lastError?: string;
}

export interface CaptureWriter extends CaptureSink {
  stats(): CaptureWriterStats;
}

/** Refuses a config the writer cannot honour (E_CAPTURE_CONFIG). */
export function checkSpec(spec: DataCaptureSpec): void {
  const p = spec.initialSamplingPercentage;
  if (!Number.isInteger(p) || p < 0 || p > 100) {
    throw new GodwitError('E_CAPTURE_CONFIG', `Data capture's InitialSamplingPercentage ${p} is not an integer from 0 to 100.`, {
      hint: 'Give InitialSamplingPercentage as a whole percentage, e.g. 100 to capture every request.',
    });
  }
  if (spec.captureModes.length === 0 || spec.captureModes.some((m) => m !== 'Input' && m !== 'Output')) {
    throw new GodwitError(
      'E_CAPTURE_CONFIG',
      `Data capture's CaptureOptions [${spec.captureModes.join(', ')}] must name Input, Output or both.`,
      {
        hint: 'Give CaptureOptions as [{"CaptureMode":"Input"},{"CaptureMode":"Output"}] or one of them.',
      },
    );
  }
}
