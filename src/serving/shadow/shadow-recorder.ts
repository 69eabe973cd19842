import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Clock, systemClock } from '../../core/clock.js';
import type { GodwitHome } from '../../core/home.js';
import type { InferenceRequest } from '../model-runtime.js';
import { shadowFile } from './shadow-files.js';
import { recordedSide, type ShadowRecord, type ShadowResult } from './shadow-record.js';

export interface ShadowRecorderOptions {
  readonly home: GodwitHome;
  readonly clock?: Clock;
  /** How long a record may wait in memory before it is written; 250 ms unless said. */
  readonly flushIntervalMs?: number;
  /** Records waiting beyond this many are dropped and counted (the disk cannot keep up); 10,000 unless said. */
  readonly maxPending?: number;
  /** Told of a failed write (the records of that write are counted in `failed`); the server logs it. */
  readonly onError?: (err: unknown) => void;
}

export interface ShadowRecorderStats {
  readonly recorded: number;
  readonly written: number;
  readonly dropped: number;
  readonly failed: number;
}

interface Pending {
  readonly at: Date;
  readonly endpoint: string;
  readonly productionVariant: string;
  readonly shadowVariant: string;
  readonly request: InferenceRequest & { readonly inferenceId?: string };
  readonly production: ShadowResult;
  readonly shadow: ShadowResult;
}

const BATCH = 256;

/**
 * Keeps what production and shadow variants answered for each mirrored request, for
 * `shadowReport` (files: `shadow-files.ts`). `record` never blocks and never throws: it queues
 * the pair in memory and returns; hashing, serialising and appending happen later, in batches,
 * one write at a time so lines keep their order. Nothing is lost while the process lives unless
 * the queue passes `maxPending` (counted in `dropped`); `flush()` and `close()` wait for the disk.
 */
export class ShadowRecorder {
  readonly #home: GodwitHome;
  readonly #clock: Clock;
  readonly #interval: number;
  readonly #maxPending: number;
  readonly #onError: (err: unknown) => void;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #stats = { recorded: 0, written: 0, dropped: 0, failed: 0 };

  constructor(options: ShadowRecorderOptions) {
    this.#home = options.home;
    this.#clock = options.clock ?? systemClock;
    this.#interval = options.flushIntervalMs ?? 250;
    this.#maxPending = options.maxPending ?? 10_000;
    this.#onError = options.onError ?? (() => {});
  }

  record(
    endpoint: string,
    productionVariant: string,
    shadowVariant: string,
    request: InferenceRequest & { readonly inferenceId?: string },
    production: ShadowResult,
    shadow: ShadowResult,
  ): void {
    this.#stats.recorded++;
    if (this.#pending.length >= this.#maxPending) {
      this.#stats.dropped++;
      return;
    }
    this.#pending.push({ at: this.#clock.now(), endpoint, productionVariant, shadowVariant, request, production, shadow });
    if (this.#pending.length >= BATCH) this.#startWrite();
    else this.#timer ??= setTimeout(() => this.#startWrite(), this.#interval).unref();
  }

  stats(): ShadowRecorderStats {
    return { ...this.#stats };
  }

  /** Resolves when every record queued so far is on disk (or counted as failed). */
  flush(): Promise<void> {
    this.#startWrite();
    return this.#writing;
  }

  close(): Promise<void> {
    return this.flush();
  }

  #startWrite(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#writing = this.#writing.then(() => this.#write(batch));
  }

  async #write(batch: readonly Pending[]): Promise<void> {
    const byFile = new Map<string, string[]>();
    for (const p of batch) {
      const file = shadowFile(this.#home, p.endpoint, p.shadowVariant, p.at);
      const lines = byFile.get(file) ?? [];
      lines.push(JSON.stringify(toRecord(p)));
      byFile.set(file, lines);
    }
    for (const [file, lines] of byFile) {
      try {
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, `${lines.join('\n')}\n`);
        this.#stats.written += lines.length;
      } catch (err) {
        this.#stats.failed += lines.length;
        this.#onError(err);
      }
    }
  }
}

function toRecord(p: Pending): ShadowRecord {
  return {
    at: p.at.toISOString(),
    endpoint: p.endpoint,
    productionVariant: p.productionVariant,
    shadowVariant: p.shadowVariant,
    inferenceId: p.request.inferenceId,
    request: { contentType: p.request.contentType, bytes: p.request.body.length },
    production: recordedSide(p.production),
    shadow: recordedSide(p.shadow),
  };
}
