/**
 * Spare workers: once a runtime has started a worker-thread instance, one more worker for that
 * runtime (same entry, same memory limit) is started in the background, its runtime's modules
 * loaded, no model. The next instance takes it and only loads its model, so a serverless cold
 * start, a scale-out or a replaced instance does not wait for node to start a thread and load
 * Godwit's modules (tens to hundreds of milliseconds, most of a cold start; bench/RESULTS.md).
 *
 * A spare is unreferenced (it never keeps the process alive) and costs one idle thread per
 * runtime in use. `GODWIT_SPARE_WORKERS=0` turns spares off.
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { startWorker } from '../../core/worker-thread.js';
import type { WorkerBoot } from './worker-protocol.js';

const spares = new Map<string, Worker>();

function sparesEnabled(): boolean {
  return process.env.GODWIT_SPARE_WORKERS !== '0';
}

/**
 * A worker for `runtime`, booted (`worker-entry.ts`'s `WorkerBoot`) and waiting for its `start`
 * message: the spare if there is one, else a new one. Either way a spare for next time is started
 * when this one has answered its start.
 */
export function takeWorker(entry: URL, runtime: string, limits: ResourceLimits | undefined): Worker {
  const key = `${entry.href}\n${runtime}\n${limits?.maxOldGenerationSizeMb ?? ''}`;
  const spare = spares.get(key);
  spares.delete(key);
  spare?.removeAllListeners('exit');
  spare?.ref();
  const worker = spare ?? boot(entry, runtime, limits);
  // The next spare boots once this worker has answered its start, so it never competes with the
  // model load a caller is waiting for.
  if (sparesEnabled()) worker.once('message', () => keepSpare(key, entry, runtime, limits));
  return worker;
}

/** The thread ids of the spares waiting now (what a diagnosis, or a test, can check). */
export function spareThreadIds(): number[] {
  return [...spares.values()].map((worker) => worker.threadId);
}

/** Ends every spare (a closing server's host calls this; a process that just exits need not). */
export async function closeSpares(): Promise<void> {
  const all = [...spares.values()];
  spares.clear();
  await Promise.all(all.map((worker) => worker.terminate()));
}

function boot(entry: URL, runtime: string, limits: ResourceLimits | undefined): Worker {
  return startWorker(entry, { runtime } satisfies WorkerBoot, limits);
}

function keepSpare(key: string, entry: URL, runtime: string, limits: ResourceLimits | undefined): void {
  if (spares.has(key)) return;
  const worker = boot(entry, runtime, limits);
  worker.unref();
  // A spare that dies idle (an error loading its runtime) is dropped; the next start boots anew
  // and reports the error then.
  worker.once('exit', () => {
    if (spares.get(key) === worker) spares.delete(key);
  });
  worker.on('error', () => {});
  spares.set(key, worker);
}
