/**
 * Work shared over several threads: the calling thread and `threads − 1` worker threads, the data
 * staying in SharedArrayBuffers. `runClaimed` lets the threads claim a job's items one at a time
 * (binning's features, a tree's regions, the gradient pass's blocks, the leaves' chunks of
 * positions); `runShares` runs a job's tasks, each once, whichever thread takes it first (a
 * level's split search, whose caller splits the features with `splitFeatures`).
 * Workers are started once per process and kept (unreferenced, so they never hold the process
 * open): starting a thread costs more than a small model's training. A share a worker has not
 * started when the caller is done with its own, the caller runs itself (`pool-hand-off.ts`), so
 * a worker still starting, or busy, never holds training up.
 */
import { availableParallelism } from 'node:os';
import { CLAIMED_BY_CALLER, CLAIMED_BY_WORKER, DONE, PoolWorker, shareOrder, UNCLAIMED } from './pool-hand-off.js';
import { JOBS, type JobKind, type JobResult, type JobTask } from './pool-jobs.js';

export interface ThreadPool {
  readonly threads: number;
  /**
   * Gives every thread the same task, whose job claims the items it does one at a time from the
   * shared counter `next` (`claimNext`): a thread that starts late, or runs slowly, does fewer
   * rather than holding the others up. Task t also gets `part: t`, the share's index (whichever
   * thread runs it), by which a job picks the room it sums into. The shares' results in order.
   */
  runClaimed<K extends JobKind>(kind: K, task: Omit<JobTask<K>, 'next' | 'part'>): Promise<JobResult<K>[]>;
  /**
   * Runs the tasks (shares of one job) over the threads, each share once, whichever thread
   * claims it first; their results in task order.
   */
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
 * Offers the shares to `threads − 1` workers (one message each), runs those this thread claims
 * first (`shareOrder`), then waits for the answers of those the workers claimed. After a failure
 * the shares left are claimed and dropped, and the answers of those workers ran are still taken
 * (and dropped), so that none is left on a port for a later hand-off to mistake for its own.
 */
async function runShares<K extends JobKind>(kind: K, tasks: JobTask<K>[], threads: number): Promise<JobResult<K>[]> {
  const claims = new Int32Array(new SharedArrayBuffer(4 * tasks.length));
  const helpers: PoolWorker[] = [];
  for (let w = 0; w < threads - 1; w++) {
    helpers.push(worker(w));
    const order = shareOrder(tasks.length, threads, w + 1);
    helpers[w].offer({ claims, claim: CLAIMED_BY_WORKER + w, order, kind, tasks });
  }
  const results: JobResult<K>[] = new Array(tasks.length);
  let failure: { err: unknown } | undefined;
  for (const i of shareOrder(tasks.length, threads, 0)) {
    if (Atomics.compareExchange(claims, i, UNCLAIMED, CLAIMED_BY_CALLER) !== UNCLAIMED || failure !== undefined) continue;
    try {
      results[i] = local(kind, tasks[i]);
    } catch (err) {
      failure = { err };
    }
  }
  for (let i = 0; i < tasks.length; i++) {
    const claim = Atomics.load(claims, i);
    if (claim === CLAIMED_BY_CALLER || claim === DONE) continue;
    try {
      await helpers[claim - CLAIMED_BY_WORKER].settled(claims, i);
    } catch (err) {
      failure ??= { err };
    }
  }
  for (const helper of helpers) {
    const error = helper.takeAnswers(results);
    if (error !== undefined) failure ??= { err: error };
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
  const run = <K extends JobKind>(kind: K, tasks: JobTask<K>[]) =>
    threads === 1 || tasks.length === 1
      ? Promise.resolve(tasks.map((task) => local(kind, task)))
      : runShares(kind, tasks, Math.min(threads, tasks.length));
  return {
    threads,
    runClaimed: (kind, task) => {
      const next = new Int32Array(new SharedArrayBuffer(4));
      return run(
        kind,
        Array.from({ length: threads }, (_, part) => ({ ...task, next, part }) as JobTask<typeof kind>),
      );
    },
    runShares: run,
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
