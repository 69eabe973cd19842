/**
 * An in-process runtime's instance in its own worker thread: each endpoint instance scores on its
 * own core, and a model that loops or crashes takes down its worker, not the server.
 *
 * Requests are correlated by id. A reply's error comes back as the same `GodwitError` code the
 * runtime threw (`E_DATA_FORMAT`, `E_CONTENT_TYPE`, …); anything else is `E_MODEL_ERROR`. If the
 * worker dies, every request in flight and every later one fails with `E_CONTAINER_DIED`, and
 * `onExit` is called once, so nothing waits forever.
 *
 * The worker runs `worker-entry` beside this file, in the language this module was loaded in
 * (`core/worker-thread.ts`), so the worker resolves Godwit as its parent does.
 */
import type { Worker } from 'node:worker_threads';
import { GodwitError } from '../../core/errors.js';
import { workerEntry } from '../../core/worker-thread.js';
import type { InferenceRequest, InferenceResponse, ModelInstance, StartOptions } from '../model-runtime.js';
import { type FromWorker, ownBuffer, type SerializedError, type ToWorker, type WorkerStartOptions } from './worker-protocol.js';
import { takeWorker } from './worker-spares.js';

interface Pending {
  resolve(response: InferenceResponse): void;
  reject(err: Error): void;
}

function revive(error: SerializedError, fallback: 'E_MODEL_ERROR' | 'E_MODEL_FORMAT'): GodwitError {
  return new GodwitError(error.code ?? fallback, error.message, { hint: error.hint });
}

export interface WorkerOptions {
  /** Another worker script speaking `worker-protocol.ts` (tests use one that dies on demand). */
  readonly entry?: URL;
  /**
   * How long `close()` waits for requests in flight before ending the worker (they then fail
   * with `E_CONTAINER_DIED`), so a model stuck in a loop cannot hold an update or a shutdown.
   */
  readonly drainMs?: number;
}

/**
 * Starts `runtime` (a `RUNTIMES` key) in a worker thread of its own (a spare one when there is
 * one, `worker-spares.ts`); resolves once its model is loaded.
 */
export function startWorkerInstance(runtime: string, options: StartOptions, worker: WorkerOptions = {}): Promise<ModelInstance> {
  const { container, modelDir, home, workDir } = options;
  const limits = options.memoryLimitMb === undefined ? undefined : { maxOldGenerationSizeMb: options.memoryLimitMb };
  const thread = takeWorker(worker.entry ?? workerEntry(import.meta.url, 'worker-entry'), runtime, limits);
  const instance = new WorkerInstance(runtime, thread, options.onExit, worker.drainMs ?? 30_000);
  const start: WorkerStartOptions = { container, modelDir, home, workDir };
  thread.postMessage({ type: 'start', options: start } satisfies ToWorker);
  return instance.started(options.signal);
}

class WorkerInstance implements ModelInstance {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: string | undefined;
  private closing = false;
  private drained: (() => void) | undefined;
  private onReady: ((err?: Error) => void) | undefined;

  constructor(
    readonly runtime: string,
    private readonly worker: Worker,
    private readonly onExit: ((reason: string) => void) | undefined,
    private readonly drainMs: number,
  ) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    // An uncaught error ends the worker; 'exit' follows and does the accounting.
    worker.on('error', (err) => {
      this.dead ??= `the ${runtime} worker failed: ${err.message}`;
    });
    worker.on('exit', (code) => this.exited(code));
  }

  started(signal: AbortSignal | undefined): Promise<ModelInstance> {
    return new Promise((resolve, reject) => {
      const abort = (): void => {
        this.onReady?.(new GodwitError('E_TIMEOUT', `Starting the ${this.runtime} worker was cancelled.`));
        void this.worker.terminate();
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      this.onReady = (err) => {
        this.onReady = undefined;
        signal?.removeEventListener('abort', abort);
        if (err) reject(err);
        else resolve(this);
      };
    });
  }

  invoke(request: InferenceRequest): Promise<InferenceResponse> {
    if (this.dead !== undefined || this.closing) return Promise.reject(this.diedError());
    const id = this.nextId++;
    const body = ownBuffer(request.body);
    const message: ToWorker = {
      type: 'invoke',
      id,
      body,
      contentType: request.contentType,
      accept: request.accept,
      customAttributes: request.customAttributes,
    };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(message, [body]);
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.dead !== undefined) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    if (this.pending.size > 0) {
      const drained = new Promise<void>((resolve) => (this.drained = resolve));
      const stuck = setTimeout(() => {
        this.dead = `it was closed with ${this.pending.size} request(s) unanswered after ${this.drainMs} ms`;
        void this.worker.terminate();
      }, this.drainMs);
      await drained;
      clearTimeout(stuck);
      if (this.dead !== undefined) return exited;
    }
    this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    // A runtime whose close never settles must not hold the host: give it a moment, then end it.
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private receive(message: FromWorker): void {
    if (message.type === 'ready') this.onReady?.();
    else if (message.type === 'start-failed') {
      this.closing = true;
      this.onReady?.(revive(message.error, 'E_MODEL_FORMAT'));
    } else if (message.type === 'reply') {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(revive(message.error, 'E_MODEL_ERROR'));
      else {
        const body = Buffer.from(message.body as ArrayBuffer);
        pending.resolve({
          body,
          contentType: message.contentType ?? 'application/octet-stream',
          customAttributes: message.customAttributes,
        });
      }
      if (this.pending.size === 0) this.drained?.();
    }
  }

  private exited(code: number): void {
    // After close() (or a failed start) nobody needs to replace this instance.
    const expected = this.closing;
    this.dead ??= `the ${this.runtime} worker exited with code ${code}`;
    this.onReady?.(new GodwitError('E_CONTAINER_DIED', `The model could not start: ${this.dead}.`));
    const err = this.diedError();
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
    this.drained?.();
    if (!expected && this.onExit) this.onExit(this.dead);
  }

  private diedError(): GodwitError {
    if (this.dead === undefined) return new GodwitError('E_CONTAINER_DIED', `The ${this.runtime} instance is closed.`);
    return new GodwitError('E_CONTAINER_DIED', `The ${this.runtime} instance is gone: ${this.dead}.`, {
      hint: 'The endpoint replaces a dead instance; retry the request.',
    });
  }
}
