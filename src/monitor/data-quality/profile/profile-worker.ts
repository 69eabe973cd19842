/** Worker thread entry: profiles the byte range it is given and posts the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import { profileRange, type RangeTask } from './range-profile.js';

parentPort?.postMessage(profileRange(workerData as RangeTask));
