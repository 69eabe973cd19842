/**
 * The capture thread (`capture-thread.ts`): unpacks the chunks of records the endpoint hands
 * over and offers them to an in-process capture writer, which batches and writes them here, off
 * the thread that answers requests. Reports its counts whenever they change (checked every
 * 100 ms) and after every flush.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CaptureThreadStart, FromCaptureThread, ToCaptureThread } from './capture-thread.js';
import { openCaptureSink } from './capture-writer.js';
import type { CaptureWriterStats } from './capture-writer-options.js';
import { unpackRecords } from './record-packing.js';

const port = parentPort;
if (!port) throw new Error('capture-thread-entry.ts runs only as a worker thread');
const send = (message: FromCaptureThread) => port.postMessage(message);

const sink = await openCaptureSink({
  ...(workerData as CaptureThreadStart),
  onWriteError: (err, attempt) => send({ type: 'write-error', message: (err as Error)?.message ?? String(err), attempt }),
});
const strings: string[] = [];

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
  if (message.type === 'records') {
    strings.push(...message.strings);
    for (const record of unpackRecords(message.buffer, strings)) sink.offer(record);
    return;
  }
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
