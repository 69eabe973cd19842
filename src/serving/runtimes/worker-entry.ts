/**
 * The worker side of a worker-thread instance: loads the modules of the runtime named in
 * `workerData` at once, then waits to be told which model to start (`start`), starts one instance
 * of it, and answers invoke messages until told to close. Loading first and starting on demand is
 * what lets a spare worker (`worker-spares.ts`) be started ahead of the instance that takes it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GodwitError } from '../../core/errors.js';
import type { ModelInstance, ModelRuntime } from '../model-runtime.js';
import { RUNTIMES } from './index.js';
import {
  type FromWorker,
  ownBuffer,
  serializeError,
  type ToWorker,
  type WorkerBoot,
  type WorkerStartOptions,
} from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts runs only as a worker thread');
const { runtime } = workerData as WorkerBoot;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

function loadRuntime(): Promise<ModelRuntime> {
  const load = RUNTIMES[runtime];
  if (!load)
    return Promise.reject(
      new GodwitError('E_RUNTIME_UNKNOWN', `There is no runtime "${runtime}" (there are ${Object.keys(RUNTIMES).join(', ')}).`),
    );
  return load();
}

// Started now, awaited on `start`: a spare has its modules loaded before it is needed. A failure
// is reported when the instance starts, never as an unhandled rejection of an idle spare.
const loaded = loadRuntime();
loaded.catch(() => {});
let instance: ModelInstance | undefined;

async function start(options: WorkerStartOptions): Promise<void> {
  try {
    instance = await (await loaded).start(options);
    send({ type: 'ready' });
  } catch (err) {
    send({ type: 'start-failed', error: serializeError(err) });
    port?.close();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    void start(message.options);
    return;
  }
  if (!instance) return;
  if (message.type === 'close') {
    void instance.close().finally(() => {
      send({ type: 'closed' });
      port.close();
    });
    return;
  }
  const { id } = message;
  instance
    .invoke({
      body: Buffer.from(message.body),
      contentType: message.contentType,
      accept: message.accept,
      customAttributes: message.customAttributes,
    })
    .then(
      (response) => {
        const body = ownBuffer(response.body);
        send({ type: 'reply', id, body, contentType: response.contentType, customAttributes: response.customAttributes }, [body]);
      },
      (err) => send({ type: 'reply', id, error: serializeError(err) }),
    );
});
