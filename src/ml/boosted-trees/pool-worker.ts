/**
 * A thread pool worker: runs the job it is sent (on shared memory) and answers with the
 * message's `id` and the job's result.
 */
import { parentPort } from 'node:worker_threads';
import { JOBS, type JobKind } from './pool-jobs.js';

parentPort?.on('message', (message: { id: number; kind: JobKind; task: never }) => {
  const result = JOBS[message.kind](message.task);
  parentPort?.postMessage({ id: message.id, result });
});
