/**
 * A histogram worker thread: builds its share of the features for the nodes it is sent and
 * answers with the message's `id` once they are in shared memory.
 */
import { parentPort } from 'node:worker_threads';
import { buildHistograms, type HistTask } from './histogram.js';

let scratch = new Float32Array(0);

parentPort?.on('message', (message: { id: number; task: HistTask }) => {
  const { task } = message;
  if (scratch.length < task.rows * 2) scratch = new Float32Array(task.rows * 2);
  buildHistograms(task, scratch);
  parentPort?.postMessage(message.id);
});
