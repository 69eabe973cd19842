/**
 * The capture thread (`capture-thread.ts`): reads the records the endpoint writes into the
 * shared ring every `RING_READ_MS` and offers them to an in-process capture writer, which batches
 * and writes them here, off the thread that answers requests. Reports its counts whenever they
 * change (checked every 100 ms) and after every flush.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RingReader } from './capture-ring.js';
import type { CaptureThreadStart, FromCaptureThread, ToCaptureThread } from './capture-thread.js';
import { openCaptureSink } from './capture-writer.js';
import type { CaptureWriterStats } from './capture-writer-options.js';

const port = parentPort;
if (!port) throw new Error('capture-thread-entry.ts runs only as a worker thread');
const send = (message: FromCaptureThread) => port.postMessage(message);

const { ring, ...options } = workerData as CaptureThreadStart;
const sink = await openCaptureSink({
  ...options,
  onWriteError: (err, attempt) => send({ type: 'write-error', message: (err as Error)?.message ?? String(err), attempt }),
});
const reader = new RingReader(ring);
const read = () => {
  for (const record of reader.read()) sink.offer(record);
};
/**
 * How often the ring is read: a record waits this long at most before the writer has it (it
 * then waits for its batch, up to the flush interval, anyway). Reading an empty ring is two loads.
 */
const RING_READ_MS = 10;
setInterval(read, RING_READ_MS);

let reported: CaptureWriterStats | undefined;
const report = () => {
  const stats = sink.stats();
  if (reported && sameCounts(stats, reported)) return;
  reported = stats;
  send({ type: 'stats', stats });
};
report(); // the first report says the writer is open
setInterval(report, 100).unref();

port.on('message', async (message: ToCaptureThread) => {
  read(); // everything offered before the flush or close is in the ring
  await (message.type === 'flush' ? sink.flush() : sink.close());
  reported = sink.stats();
  send({ type: 'done', id: message.id, stats: reported });
});

function sameCounts(a: CaptureWriterStats, b: CaptureWriterStats): boolean {
  return (
    a.written === b.written &&
    a.dropped === b.dropped &&
    a.objects === b.objects &&
    a.failedWrites === b.failedWrites &&
    a.lastError === b.lastError
  );
}
