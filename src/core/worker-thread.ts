/**
 * Starts Godwit's own worker threads (model instances, the data capture writer) the way their
 * parent was loaded: a built Godwit starts the `.js` entry beside the calling module; a Godwit
 * loaded from its TypeScript sources (tests, `--conditions=godwit-source`) starts the `.ts` entry
 * through tsx. Node 20 does not apply `--import tsx` from a worker's `execArgv` to its entry file,
 * so a TypeScript entry is started by a one-line script that registers tsx's loader in the worker
 * first; the parent's `execArgv` (`--conditions=godwit-source`) carries over as is.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

/** The entry `name` (without extension) beside the module at `moduleUrl`, in that module's own language. */
export function workerEntry(moduleUrl: string, name: string): URL {
  return new URL(`./${name}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl);
}

export function startWorker(entry: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData, resourceLimits });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
