/**
 * The data capture writer of a real-time endpoint, on a thread of its own. `offer` writes the
 * record's bytes into a ring of shared memory (`capture-ring.ts`), which the capture thread reads
 * every few milliseconds; it runs the same writer `openCaptureSink` opens in-process
 * (`capture-writer.ts`: batches per variant and hour, JSON lines, retried writes). Building those
 * lines, hashing and writing each object therefore never hold the event loop that answers
 * requests: in-process, a batch of 5,000 records held it for ~15 ms, which was the endpoint's p99.
 *
 * Counts stay exact across the thread: `offered` is counted here, `written` and `dropped` there
 * (reported back as they change), and `pending` is what is neither. Records the ring has no
 * room for (the thread is `RING_BYTES` behind) wait here, in order, until it has. If the thread dies, the
 * records it held or had not read yet are counted as dropped, the error is shown in `lastError`, and a new thread
 * takes the next records.
 */
import type { Worker } from 'node:worker_threads';
import { parseUri } from '../../core/uri.js';
import { startWorker, workerEntry } from '../../core/worker-thread.js';
import { newRing, RingWriter } from './capture-ring.js';
import type { CaptureRecord } from './capture-sink.js';
import { type CaptureWriter, type CaptureWriterOptions, type CaptureWriterStats, checkSpec } from './capture-writer-options.js';
import { StringTable } from './record-packing.js';

/**
 * What the capture thread is started with: the writer's options that cross a thread (no clock,
 * no callback), and the ring it reads records from.
 */
export type CaptureThreadStart = Omit<CaptureWriterOptions, 'clock' | 'onWriteError'> & { readonly ring: SharedArrayBuffer };

/** `flush` and `close` read the ring to its tail first: every record offered before them is theirs. */
export type ToCaptureThread = { readonly type: 'flush' | 'close'; readonly id: number };

export type FromCaptureThread =
  | { readonly type: 'stats'; readonly stats: CaptureWriterStats }
  | { readonly type: 'done'; readonly id: number; readonly stats: CaptureWriterStats }
  | { readonly type: 'write-error'; readonly message: string; readonly attempt: number };

/**
 * The ring's size: the thread reads it every `RING_READ_MS` (capture-thread-entry.ts), so at
 * 30,000 captured requests a second of ~300 bytes it holds about 0.4 s of them; small enough
 * to stay mostly in the processor's caches.
 */
const RING_BYTES = 4 * 1024 * 1024;

/**
 * Records kept here while the ring is full (the thread fell that far behind), written into it
 * as it empties, every `HELD_RETRY_MS`; beyond them a record is counted as dropped.
 */
const MAX_HELD = 100_000;
const HELD_RETRY_MS = 10;

const NO_STATS: CaptureWriterStats = { offered: 0, written: 0, dropped: 0, pending: 0, objects: 0, failedWrites: 0 };

/** Opens the writer for one endpoint's `DataCaptureConfig` on a new thread (E_URI, E_CAPTURE_CONFIG). */
export function openCaptureThread(options: CaptureWriterOptions & { readonly ringBytes?: number }): CaptureWriter {
  checkSpec(options.spec);
  parseUri(options.spec.destinationS3Uri, options.storeOptions);
  return new ThreadCaptureSink(options);
}

class ThreadCaptureSink implements CaptureWriter {
  private worker: Worker;
  private ring!: RingWriter;
  /** Records the full ring could not take yet, oldest first; every later one waits behind them. */
  private held: CaptureRecord[] = [];
  private heldTimer: NodeJS.Timeout | undefined;
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

  constructor(private readonly options: CaptureWriterOptions & { readonly ringBytes?: number }) {
    this.worker = this.start();
  }

  offer(record: CaptureRecord): void {
    this.offered++;
    if (this.closed) {
      this.lost++;
      return;
    }
    try {
      if (this.held.length > 0 || !this.ring.write(record)) this.hold(record);
    } catch {
      // Never throw on the request path: a record that cannot be packed is a counted drop.
      this.lost++;
    }
  }

  private hold(record: CaptureRecord): void {
    if (this.held.length >= MAX_HELD) {
      this.lost++;
      return;
    }
    this.held.push(record);
    this.heldTimer ??= setTimeout(() => this.writeHeld(), HELD_RETRY_MS).unref();
  }

  /** Writes held records into the ring while it has room; true once none is left. */
  private writeHeld(): boolean {
    clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    let n = 0;
    try {
      while (n < this.held.length && this.ring.write(this.held[n] as CaptureRecord)) n++;
    } catch {
      n++; // one that cannot be packed is a counted drop, as in `offer`
      this.lost++;
    }
    this.held.splice(0, n);
    if (this.held.length > 0) this.heldTimer = setTimeout(() => this.writeHeld(), HELD_RETRY_MS).unref();
    return this.held.length === 0;
  }

  flush(): Promise<void> {
    return this.ask('flush');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const closing = this.ask('close'); // the thread reads the ring to its tail first
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
    const { clock: _clock, onWriteError: _onWriteError, ringBytes: _ringBytes, ...options } = this.options;
    // A new ring and string table for each thread: what an earlier one left unread is counted lost.
    const ring = newRing(this.options.ringBytes ?? RING_BYTES);
    this.ring = new RingWriter(ring, new StringTable());
    const start: CaptureThreadStart = { ...options, ring };
    const worker = startWorker(workerEntry(import.meta.url, 'capture-thread-entry'), start);
    worker.on('message', (message: FromCaptureThread) => this.receive(message));
    worker.on('error', (err) => (this.lastError = `the capture thread failed: ${err.message}`));
    worker.on('exit', (code) => this.exited(worker, code));
    // After the listeners: adding a 'message' listener refs the worker again. A server that
    // forgets to close its sink must still be able to exit; `flush` and `close` ref it while
    // they wait for its answer.
    worker.unref();
    return worker;
  }

  /** Asks the thread to flush or close once every record offered so far is in the ring. */
  private async ask(type: 'flush' | 'close'): Promise<void> {
    while (!this.writeHeld()) await new Promise((resolve) => setTimeout(resolve, HELD_RETRY_MS));
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
      this.held = [];
      this.lastError = `the capture thread could not open its writer (exit code ${code}): ${this.lastError ?? 'no reason given'}`;
      this.answerWaiting();
      return;
    }
    // What the thread had not written is lost; what waits here goes into the new thread's ring.
    const held = this.stats().pending - this.held.length;
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
    this.worker = this.start();
    // Whoever waited on a flush or close gets an answer: what the dead thread held is counted lost.
    this.answerWaiting();
  }

  private answerWaiting(): void {
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
  }
}
