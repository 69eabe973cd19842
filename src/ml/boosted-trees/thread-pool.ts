/**
 * Work shared over several threads: the calling thread and `threads − 1` worker threads, the data
 * staying in SharedArrayBuffers. `run` gives each thread a contiguous share of a job's features
 * (binning); `runShares` gives each its own task (histograms, whose callers split the rows).
 * Workers are started once per process and kept (unreferenced while idle, so they never hold the
 * process open): starting a thread costs more than a small model's training.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntry } from '../../core/worker-thread.js';
import { JOBS, type JobKind, type JobResult, type JobTask } from './pool-jobs.js';

export interface ThreadPool {
  readonly threads: number;
  /** Runs `kind` over all of `task.features`; the threads' results in feature-share order. */
  run<K extends JobKind>(kind: K, task: JobTask<K> & { readonly features: Int32Array }): Promise<JobResult<K>[]>;
  /** Runs `tasks[0]` on this thread and `tasks[i]` on worker i (at most `threads` tasks). */
  runShares<K extends JobKind>(kind: K, tasks: JobTask<K>[]): Promise<JobResult<K>[]>;
}

/** `threads` as the options give it (0: one per core) → the number of threads to use. */
export function threadCount(threads: number): number {
  return threads > 0 ? threads : Math.max(1, availableParallelism());
}

const workers: Worker[] = [];
const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (err: unknown) => void }>();
let nextId = 0;

function worker(i: number): Worker {
  while (workers.length <= i) {
    const thread = startWorker(workerEntry(import.meta.url, 'pool-worker'), undefined);
    thread.unref();
    thread.on('message', (message: { id: number; result: unknown }) => {
      waiting.get(message.id)?.resolve(message.result);
      waiting.delete(message.id);
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

const local = <K extends JobKind>(kind: K, task: JobTask<K>) => (JOBS[kind] as (t: JobTask<K>) => JobResult<K>)(task);

async function runShares<K extends JobKind>(kind: K, tasks: JobTask<K>[]): Promise<JobResult<K>[]> {
  const busy = tasks.slice(1).map((_, i) => worker(i));
  const done = busy.map((thread, i) => {
    const id = nextId++;
    const finished = new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    // Referenced while it works, so a script awaiting training does not exit under it.
    thread.ref();
    thread.postMessage({ id, kind, task: tasks[i + 1] });
    return finished;
  });
  const first = local(kind, tasks[0]);
  try {
    return [first, ...((await Promise.all(done)) as JobResult<K>[])];
  } finally {
    for (const thread of busy) thread.unref();
  }
}

/** A pool over `threads` threads (the caller's and `threads − 1` workers). */
export function threadPool(threads: number): ThreadPool {
  return {
    threads,
    run: (kind, task) =>
      runShares(
        kind,
        splitFeatures(task.features, threads).map((features) => ({ ...task, features })),
      ),
    runShares: (kind, tasks) => (tasks.length === 1 ? Promise.resolve([local(kind, tasks[0])]) : runShares(kind, tasks)),
  };
}

/** Contiguous shares of nearly equal size; empty shares (more threads than features) are dropped. */
function splitFeatures(features: Int32Array, parts: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let p = 0; p < parts; p++) {
    const share = features.subarray(Math.floor((p * features.length) / parts), Math.floor(((p + 1) * features.length) / parts));
    if (share.length > 0 || p === 0) out.push(share);
  }
  return out;
}
