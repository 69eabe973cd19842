/**
 * Work shared over several threads: the calling thread and `threads − 1` worker threads, the data
 * staying in SharedArrayBuffers. `runClaimed` lets the threads claim a job's items one at a time
 * (binning's features); `runShares` gives each its own task (histograms, whose callers split the
 * rows; a level's split search, whose caller splits the features with `splitFeatures`).
 * Workers are started once per process and kept (unreferenced, so they never hold the process
 * open): starting a thread costs more than a small model's training. A share a worker has not
 * started when the caller is done with its own, the caller runs itself (`pool-hand-off.ts`), so
 * a worker still starting, or busy, never holds training up.
 */
import { availableParallelism } from 'node:os';
import { CLAIMED_BY_CALLER, PoolWorker, UNCLAIMED } from './pool-hand-off.js';
import { JOBS, type JobKind, type JobResult, type JobTask } from './pool-jobs.js';

export interface ThreadPool {
  readonly threads: number;
  /**
   * Gives every thread the same task, whose job claims the items it does one at a time from the
   * shared counter `next` (`claimNext`): a thread that starts late, or runs slowly, does fewer
   * rather than holding the others up. The threads' results in thread order.
   */
  runClaimed<K extends JobKind>(kind: K, task: Omit<JobTask<K>, 'next'>): Promise<JobResult<K>[]>;
  /** Runs `tasks[0]` on this thread and `tasks[i]` on worker i (at most `threads` tasks). */
  runShares<K extends JobKind>(kind: K, tasks: JobTask<K>[]): Promise<JobResult<K>[]>;
  /** How many shares the process's workers have run so far (the caller ran the rest). */
  workerShares(): number;
}

/** `threads` as the options give it (0: one per core) → the number of threads to use. */
export function threadCount(threads: number): number {
  return threads > 0 ? threads : Math.max(1, availableParallelism());
}

const workers: PoolWorker[] = [];

function worker(i: number): PoolWorker {
  while (workers.length <= i)
    workers.push(
      new PoolWorker((dead) => {
        const at = workers.indexOf(dead);
        if (at >= 0) workers.splice(at, 1);
      }),
    );
  return workers[i];
}

const local = <K extends JobKind>(kind: K, task: JobTask<K>) => (JOBS[kind] as (t: JobTask<K>) => JobResult<K>)(task);

/**
 * Offers `tasks[i]` (i ≥ 1) to worker i − 1, runs `tasks[0]`, then, in order, runs each share its
 * worker has not claimed yet and waits for the answers of those it has (`pool-hand-off.ts`). After
 * a failure the shares left are claimed and dropped, or their answers taken and dropped, so that
 * no answer is left on a port for a later hand-off to mistake for its own.
 */
async function runShares<K extends JobKind>(kind: K, tasks: JobTask<K>[]): Promise<JobResult<K>[]> {
  const claims = new Int32Array(new SharedArrayBuffer(4 * tasks.length));
  const helpers = tasks.map((task, i) => {
    if (i === 0) return undefined;
    const helper = worker(i - 1);
    helper.offer({ claims, index: i, kind, task });
    return helper;
  });
  const results: JobResult<K>[] = [];
  let failure: { err: unknown } | undefined;
  for (const [i, helper] of helpers.entries()) {
    try {
      if (helper === undefined || Atomics.compareExchange(claims, i, UNCLAIMED, CLAIMED_BY_CALLER) === UNCLAIMED) {
        if (failure === undefined) results.push(local(kind, tasks[i]));
      } else results.push((await helper.answer(claims, i)) as JobResult<K>);
    } catch (err) {
      failure ??= { err };
    }
  }
  if (failure !== undefined) throw failure.err;
  return results;
}

/**
 * A pool over `threads` threads (the caller's and `threads − 1` workers). The workers are started
 * now if they are not running yet, so that they load while the caller prepares the first job.
 */
export function threadPool(threads: number): ThreadPool {
  for (let i = 0; i < threads - 1; i++) worker(i);
  return {
    threads,
    runClaimed: (kind, task) => {
      const next = new Int32Array(new SharedArrayBuffer(4));
      const tasks = Array.from({ length: threads }, () => ({ ...task, next }) as JobTask<typeof kind>);
      return threads === 1 ? Promise.resolve([local(kind, tasks[0])]) : runShares(kind, tasks);
    },
    runShares: (kind, tasks) => (tasks.length === 1 ? Promise.resolve([local(kind, tasks[0])]) : runShares(kind, tasks)),
    workerShares: () => workers.reduce((sum, w) => sum + w.answered, 0),
  };
}

/** Contiguous shares of nearly equal size; empty shares (more threads than features) are dropped. */
export function splitFeatures(features: Int32Array, parts: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let p = 0; p < parts; p++) {
    const share = features.subarray(Math.floor((p * features.length) / parts), Math.floor(((p + 1) * features.length) / parts));
    if (share.length > 0 || p === 0) out.push(share);
  }
  return out;
}
