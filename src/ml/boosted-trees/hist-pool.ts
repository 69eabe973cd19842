/**
 * Histogram building over several threads: the calling thread and `threads − 1` worker threads
 * split the features of each pass, the data staying in SharedArrayBuffers. Workers are started
 * once per process and kept (unreferenced, so they never hold the process open): starting a
 * thread costs more than a small model's whole training.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntry } from '../../core/worker-thread.js';
import { buildHistograms, type HistTask } from './histogram.js';

export interface HistBuilder {
  /** Builds `task.nodes`' histograms over all of `task.features`; resolves once they are complete. */
  build(task: HistTask): Promise<void>;
}

/** `threads` as the options give it (0: one per core) → the number of threads to use. */
export function threadCount(threads: number): number {
  return threads > 0 ? threads : Math.max(1, availableParallelism());
}

let scratch = new Float32Array(0);

function buildHere(task: HistTask): void {
  if (scratch.length < task.rows * 2) scratch = new Float32Array(task.rows * 2);
  buildHistograms(task, scratch);
}

const workers: Worker[] = [];
const waiting = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();
let nextId = 0;

function worker(i: number): Worker {
  while (workers.length <= i) {
    const thread = startWorker(workerEntry(import.meta.url, 'hist-worker'), undefined);
    thread.unref();
    thread.on('message', (id: number) => {
      waiting.get(id)?.resolve();
      waiting.delete(id);
    });
    thread.on('error', (err) => {
      for (const pending of waiting.values()) pending.reject(err);
      waiting.clear();
      workers.splice(workers.indexOf(thread), 1);
    });
    workers.push(thread);
  }
  return workers[i];
}

/** A builder over `threads` threads (the caller's and `threads − 1` workers). */
export function histBuilder(threads: number): HistBuilder {
  if (threads <= 1) return { build: async (task) => buildHere(task) };
  return {
    async build(task) {
      const shares = splitFeatures(task.features, threads);
      const busy = shares.slice(1).map((_, i) => worker(i));
      const done = busy.map((thread, i) => {
        const id = nextId++;
        const finished = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
        // Referenced while it works, so a script awaiting training does not exit under it.
        thread.ref();
        thread.postMessage({ id, task: { ...task, features: shares[i + 1] } });
        return finished;
      });
      buildHere({ ...task, features: shares[0] });
      try {
        await Promise.all(done);
      } finally {
        for (const thread of busy) thread.unref();
      }
    },
  };
}

/** Contiguous shares of nearly equal size; empty shares are dropped. */
function splitFeatures(features: Int32Array, parts: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let p = 0; p < parts; p++) {
    const share = features.subarray(Math.floor((p * features.length) / parts), Math.floor(((p + 1) * features.length) / parts));
    if (share.length > 0 || p === 0) out.push(share);
  }
  return out;
}
