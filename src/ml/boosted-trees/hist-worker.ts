/**
 * A histogram worker thread: builds its share of the features for the nodes it is sent and
 * answers with the message's `id` once they are in shared memory.
 */
import { parentPort } from 'node:worker_threads';
import { buildHistograms, type HistTask } from './histogram.js';

parentPort?.on('message', (message: { id: number; task: HistTask }) => {
  const { task } = message;
  buildHistograms(task);
  parentPort?.postMessage(message.id);
});
