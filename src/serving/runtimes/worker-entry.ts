/**
 * The worker side of a worker-thread instance: loads the runtime named in `workerData` from
 * `RUNTIMES`, starts one instance of it, and answers invoke messages until told to close.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelInstance } from '../model-runtime.js';
import { RUNTIMES } from './index.js';
import { type FromWorker, ownBuffer, serializeError, type ToWorker, type WorkerStart } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts runs only as a worker thread');
const { runtime, options } = workerData as WorkerStart;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

let instance: ModelInstance | undefined;
try {
  instance = await (await RUNTIMES[runtime]()).start(options);
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'start-failed', error: serializeError(err) });
  port.close();
}

port.on('message', (message: ToWorker) => {
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
