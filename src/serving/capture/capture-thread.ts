/**
 * The data capture writer of a real-time endpoint, on a thread of its own. `offer` only keeps
 * the record; chunks of records are packed into one buffer (`record-packing.ts`) and handed to
 * the capture thread, which runs the same writer `openCaptureSink` opens in-process
 * (`capture-writer.ts`: batches per variant and hour, JSON lines, retried writes). Building those
 * lines, hashing and writing each object therefore never hold the event loop that answers
 * requests: in-process, a batch of 5,000 records held it for ~15 ms, which was the endpoint's p99.
 *
 * Counts stay exact across the thread: `offered` is counted here, `written` and `dropped` there
 * (reported back as they change), and `pending` is what is neither. If the thread dies, the
 * records it held are counted as dropped, the error is shown in `lastError`, and a new thread
 * takes the next records.
 */
import type { Worker } from 'node:worker_threads';
import { parseUri } from '../../core/uri.js';
import { startWorker, workerEntry } from '../../core/worker-thread.js';
import type { CaptureRecord } from './capture-sink.js';
import { type CaptureWriter, type CaptureWriterOptions, type CaptureWriterStats, checkSpec } from './capture-writer-options.js';
import { packRecords, StringTable } from './record-packing.js';

/** What the capture thread is started with: the writer's options that cross a thread (no clock, no callback). */
export type CaptureThreadStart = Omit<CaptureWriterOptions, 'clock' | 'onWriteError'>;

export type ToCaptureThread =
  | { readonly type: 'records'; readonly strings: readonly string[]; readonly buffer: ArrayBuffer }
  | { readonly type: 'flush' | 'close'; readonly id: number };

export type FromCaptureThread =
  | { readonly type: 'stats'; readonly stats: CaptureWriterStats }
  | { readonly type: 'done'; readonly id: number; readonly stats: CaptureWriterStats }
  | { readonly type: 'write-error'; readonly message: string; readonly attempt: number };

/**
 * Records handed over at once at most, and how long the first of them waits at most: each
 * message wakes the thread, so fewer, larger chunks cost the request path less; the writer
 * waits up to its flush interval (1 s by default) anyway.
 */
const CHUNK_RECORDS = 1024;
const CHUNK_MS = 100;

const NO_STATS: CaptureWriterStats = { offered: 0, written: 0, dropped: 0, pending: 0, objects: 0, failedWrites: 0 };

/** Opens the writer for one endpoint's `DataCaptureConfig` on a new thread (E_URI, E_CAPTURE_CONFIG). */
export function openCaptureThread(options: CaptureWriterOptions): CaptureWriter {
  checkSpec(options.spec);
  parseUri(options.spec.destinationS3Uri, options.storeOptions);
  return new ThreadCaptureSink(options);
}

class ThreadCaptureSink implements CaptureWriter {
  private worker: Worker;
  private table = new StringTable();
  private chunk: CaptureRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private offered = 0;
  /** Refused here (after close) or lost with a thread that died. */
  private lost = 0;
  /** The current thread's last report, and what threads before it wrote. */
  private latest = NO_STATS;
  private before = { written: 0, dropped: 0, objects: 0, failedWrites: 0 };
  private lastError: string | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, () => void>();
  private closed = false;
  /** The current thread has reported at least once (its writer opened). */
  private opened = false;

  constructor(private readonly options: CaptureWriterOptions) {
    this.worker = this.start();
  }

  offer(record: CaptureRecord): void {
    this.offered++;
    if (this.closed) {
      this.lost++;
      return;
    }
    this.chunk.push(record);
    if (this.chunk.length >= CHUNK_RECORDS) this.send();
    else this.timer ??= setTimeout(() => this.send(), CHUNK_MS).unref();
  }

  flush(): Promise<void> {
    return this.ask('flush');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const closing = this.ask('close'); // hands over what is kept first
    // From here a record offered is counted as dropped, never left pending for a closed thread.
    this.closed = true;
    await closing;
    await this.worker.terminate();
  }

  stats(): CaptureWriterStats {
    const written = this.before.written + this.latest.written;
    const dropped = this.lost + this.before.dropped + this.latest.dropped;
    return {
      offered: this.offered,
      written,
      dropped,
      pending: this.offered - written - dropped,
      objects: this.before.objects + this.latest.objects,
      failedWrites: this.before.failedWrites + this.latest.failedWrites,
      lastError: this.latest.lastError ?? this.lastError,
    };
  }

  private start(): Worker {
    const { clock: _clock, onWriteError: _onWriteError, ...start } = this.options;
    const worker = startWorker(workerEntry(import.meta.url, 'capture-thread-entry'), start satisfies CaptureThreadStart);
    worker.on('message', (message: FromCaptureThread) => this.receive(message));
    worker.on('error', (err) => (this.lastError = `the capture thread failed: ${err.message}`));
    worker.on('exit', (code) => this.exited(worker, code));
    // After the listeners: adding a 'message' listener refs the worker again. A server that
    // forgets to close its sink must still be able to exit; `flush` and `close` ref it while
    // they wait for its answer.
    worker.unref();
    return worker;
  }

  /** Hands the records kept so far to the thread, in one transferred buffer. */
  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.chunk.length === 0) return;
    const records = this.chunk;
    this.chunk = [];
    const buffer = packRecords(records, this.table);
    const message: ToCaptureThread = { type: 'records', strings: this.table.takeAdded(), buffer };
    this.worker.postMessage(message, [buffer]);
  }

  private ask(type: 'flush' | 'close'): Promise<void> {
    this.send();
    const id = this.nextId++;
    // Someone waits on the thread's answer: it must keep the process alive until it comes.
    this.worker.ref();
    return new Promise<void>((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ type, id } satisfies ToCaptureThread);
    });
  }

  private receive(message: FromCaptureThread): void {
    if (message.type === 'write-error') {
      try {
        this.options.onWriteError?.(new Error(message.message), message.attempt);
      } catch {
        // A failing logger must not stop the writer.
      }
      return;
    }
    this.opened = true;
    this.latest = message.stats;
    if (message.type === 'done') {
      this.waiting.get(message.id)?.();
      this.waiting.delete(message.id);
      if (this.waiting.size === 0) this.worker.unref();
    }
  }

  /**
   * A thread that ends before `close` took its unwritten records with it: count them, start
   * another. One that ended before it could open its writer would only end again: the sink then
   * refuses records (counted as dropped) and `lastError` says why.
   */
  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    if (this.closed) {
      this.answerWaiting();
      return;
    }
    if (!this.opened) {
      // `closed` from here: `close` has nothing to wait for, later records are counted as dropped.
      this.closed = true;
      this.lost = this.offered;
      this.chunk = [];
      this.lastError = `the capture thread could not open its writer (exit code ${code}): ${this.lastError ?? 'no reason given'}`;
      this.answerWaiting();
      return;
    }
    const unsent = this.chunk.length;
    const held = this.stats().pending - unsent;
    this.before = {
      written: this.before.written + this.latest.written,
      dropped: this.before.dropped + this.latest.dropped,
      objects: this.before.objects + this.latest.objects,
      failedWrites: this.before.failedWrites + this.latest.failedWrites,
    };
    this.lost += held;
    this.latest = NO_STATS;
    this.opened = false;
    this.lastError = `the capture thread exited with code ${code}; ${held} record(s) it held were lost`;
    this.table = new StringTable();
    this.worker = this.start();
    // Whoever waited on a flush or close gets an answer: what the dead thread held is counted lost.
    this.answerWaiting();
  }

  private answerWaiting(): void {
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
  }
}
