/**
 * Handing shares of a job to pool workers without going through either thread's event loop.
 * `postMessage` hand-offs cost the caller ~0.7 ms each (the worker's event loop has to wake, the
 * answer to be queued on the caller's), against shares of 0.5–3 ms, and a share sent to a
 * worker that is still starting (loading its modules takes seconds under tsx) or still cold
 * waited for it. Here a job's shares go, in one message, on a MessagePort the worker reads
 * synchronously (`receiveMessageOnPort`) after `Atomics.notify` wakes it; every share has a claim
 * word, and whichever thread claims it first runs it. A job has more shares than threads, each
 * thread starting with its own (`shareOrder`) and then taking the others' that nobody has started:
 * a worker that wakes late, or loses its core for a while, leaves its shares to the caller rather
 * than have the caller wait for them. Who ran a share never changes its result (see `pool-jobs.ts`).
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import { GodwitError } from '../../core/errors.js';
import { startWorker, workerEntry } from '../../core/worker-thread.js';
import type { JobKind } from './pool-jobs.js';

/**
 * A share's claim word: nobody's yet, answered by a worker, the caller's, or, from
 * `CLAIMED_BY_WORKER` on, being run by worker `word − CLAIMED_BY_WORKER`.
 */
export const UNCLAIMED = 0;
export const DONE = 2;
export const CLAIMED_BY_CALLER = 3;
export const CLAIMED_BY_WORKER = 4;

/** A worker's first message: its hand-off port and its control word (bumped per hand-off). */
export interface Control {
  readonly port: MessagePort;
  readonly control: Int32Array;
}

/**
 * A job's shares offered to one worker: share i is `tasks[i]`, `claims[i]` its claim word (the
 * worker claims with `claim`); the worker tries them in the order `order` gives.
 */
export interface HandOff {
  readonly claims: Int32Array;
  readonly claim: number;
  readonly order: Int32Array;
  readonly kind: JobKind;
  readonly tasks: readonly unknown[];
}

/** A worker's answer to one share it ran. */
export interface Answer {
  readonly index: number;
  readonly result?: unknown;
  readonly error?: string;
}

/**
 * The order in which thread `t` of `threads` tries a job's `shares` shares: its own first (share i
 * is thread i mod threads'), then the others, the caller (t = 0) from the front and the workers
 * from the back, so that a thread taking over another's shares meets it rather than racing it
 * for the same share.
 */
export function shareOrder(shares: number, threads: number, t: number): Int32Array {
  const own: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < shares; i++) (i % threads === t ? own : others).push(i);
  if (t > 0) others.reverse();
  return Int32Array.from([...own, ...others]);
}

/** The next item a thread of a `runClaimed` job is to do (items 0, 1, … in turn, each to one thread). */
export function claimNext(next: Int32Array): number {
  return Atomics.add(next, 0, 1);
}

/** How long the caller sleeps at a time waiting for an answer, before letting its event loop run. */
const WATCH_MS = 200;
/** How long the caller spins for an answer before it sleeps (shares last ~0.1–3 ms). */
const CALLER_SPIN_MS = 1;

/**
 * Spins while `words[index]` is `value`, for at most `ms` milliseconds; whether it changed. A
 * spinning thread sees the change at once, where one sleeping in `Atomics.wait` is woken by the
 * kernel tens of microseconds later, or, on a busy machine, when it is next scheduled.
 */
export function spinWhile(words: Int32Array, index: number, value: number, ms: number): boolean {
  const until = performance.now() + ms;
  for (;;) {
    for (let i = 0; i < 256; i++) if (Atomics.load(words, index) !== value) return true;
    if (performance.now() > until) return false;
  }
}

/** The caller's side of one worker. */
export class PoolWorker {
  private readonly thread: Worker;
  private readonly port: MessagePort;
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  /** Set when the thread died: waiting for its answer throws it. */
  dead: Error | undefined;
  /** How many shares this worker has run (the caller ran the others it was offered). */
  answered = 0;

  constructor(onExit: (worker: PoolWorker) => void) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.thread = startWorker(workerEntry(import.meta.url, 'pool-worker'), undefined);
    // Never referenced: the caller waits for answers itself, so an idle worker must not hold
    // the process open.
    this.thread.unref();
    this.port.unref();
    const died = (err: Error) => {
      this.dead ??= err;
      onExit(this);
    };
    this.thread.on('error', died);
    this.thread.on('exit', (code) => died(new Error(`a boosted-tree pool worker exited (code ${code})`)));
    this.thread.postMessage({ port: port2, control: this.control } satisfies Control, [port2]);
  }

  /** Offers a job's shares to the worker (it runs those it claims before another thread does). */
  offer(handOff: HandOff): void {
    this.port.postMessage(handOff);
    Atomics.add(this.control, 0, 1);
    Atomics.notify(this.control, 0);
  }

  /**
   * Waits until the share `index`, which this worker claimed, is answered. The caller spins on
   * the claim word for a short while (`spinWhile`), then sleeps on it; every WATCH_MS it lets its
   * event loop run, where a dead worker's `exit` event is delivered: a worker that died is an
   * error, never a hang.
   */
  async settled(claims: Int32Array, index: number): Promise<void> {
    const running = Atomics.load(claims, index);
    if (running === DONE) return;
    spinWhile(claims, index, running, CALLER_SPIN_MS);
    while (Atomics.wait(claims, index, running, WATCH_MS) === 'timed-out') {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.dead && Atomics.load(claims, index) !== DONE) throw this.failed(this.dead);
    }
  }

  /**
   * Takes the answers waiting on the port into `results` (by share index); the first error
   * among them, if any. Called once every share this worker claimed is answered, so that no
   * answer is left for a later job to find.
   */
  takeAnswers(results: unknown[]): GodwitError | undefined {
    let error: GodwitError | undefined;
    for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
      const answer = message.message as Answer;
      this.answered++;
      if (answer.error !== undefined) error ??= this.failed(new Error(answer.error));
      else results[answer.index] = answer.result;
    }
    return error;
  }

  private failed(cause: Error): GodwitError {
    return new GodwitError('E_INTERNAL', `a boosted-tree training thread failed: ${cause.message}`, {
      hint: 'train with threads = 1 to do without worker threads, and report the failure',
      cause,
    });
  }
}
