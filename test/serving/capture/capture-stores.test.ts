import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { openCaptureSink } from '../../../src/serving/capture/capture-writer.js';
import { type StoreOptions, storeForUri } from '../../../src/store/index.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { startS3rver } from '../../helpers/s3-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { capturedObjects, captureSpec, csvRecord } from './capture-fixtures.js';

const at = (s: number) => new Date(Date.parse('2026-12-05T19:00:00Z') + s * 1000);

let server: RunningServer | undefined;
after(() => server?.stop());

/** The S3 door of a `godwit server` over `home`, on `port` (0: any), with the bucket `capture`. */
async function door(home: string, port = 0): Promise<{ server: RunningServer; storeOptions: StoreOptions }> {
  const started = await startServer(godwitHome(home), { host: '127.0.0.1', port, log: () => {} });
  const storeOptions: StoreOptions = {
    s3: { endpoint: started.url, region: 'us-east-1', forcePathStyle: true },
    env: { AWS_ACCESS_KEY_ID: OPEN_S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: OPEN_S3_CREDENTIALS.secretAccessKey },
  };
  return { server: started, storeOptions };
}

async function createBucket(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  const admin = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await admin.send(new CreateBucketCommand({ Bucket: 'capture' })).catch((err) => {
    if (err?.name !== 'BucketAlreadyOwnedByYou') throw err;
  });
  admin.destroy();
}

describe('capture to object stores', () => {
  test('s3:// through the S3 door of godwit server, surviving the server going down and coming back', async () => {
    const home = scratchDir('godwit-capture-door-');
    let opened = await door(home);
    server = opened.server;
    const { port } = server;
    await createBucket(server.url, OPEN_S3_CREDENTIALS);
    const uri = 's3://capture/datacapture';
    const errors: unknown[] = [];
    const sink = await openCaptureSink({
      spec: captureSpec(uri),
      storeOptions: opened.storeOptions,
      flushIntervalMs: 10,
      retryDelayMs: 50,
      maxRetryDelayMs: 200,
      onWriteError: (err) => errors.push(err),
    });
    sink.offer(csvRecord(1, at(0)));
    await sink.flush();
    assert.equal(sink.stats().objects, 1);

    await server.stop();
    server = undefined;
    for (let n = 2; n <= 5; n++) sink.offer(csvRecord(n, at(n)));
    for (let i = 0; i < 500 && errors.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(errors.length >= 2, 'writes failed while the server was down');
    assert.equal(sink.stats().pending, 4);
    assert.match(sink.stats().lastError ?? '', /s3:\/\/capture\/datacapture\/churn\/AllTraffic\/2026\/12\/05\/19\//);

    opened = await door(home, port);
    server = opened.server;
    await sink.close();
    const stats = sink.stats();
    assert.deepEqual([stats.written, stats.dropped, stats.pending, stats.lastError], [5, 0, 0, undefined]);
    const store = await storeForUri(uri, opened.storeOptions);
    const lines = (await capturedObjects(store)).flatMap((o) => o.lines);
    assert.deepEqual(
      lines.map((l) => l.eventMetadata.eventId),
      ['ev-1', 'ev-2', 'ev-3', 'ev-4', 'ev-5'],
    );
    for (const info of await store.list(''))
      assert.match(info.key, /^churn\/AllTraffic\/2026\/12\/05\/19\/\d\d-\d\d-\d{3}-[0-9a-f-]{36}\.jsonl$/);
  });

  test('s3:// on a standalone S3 server (s3rver)', async () => {
    const s3 = await startS3rver(['capture']);
    const storeOptions: StoreOptions = { s3: { endpoint: s3.endpoint }, env: { ...s3.env } };
    const sink = await openCaptureSink({ spec: captureSpec('s3://capture/team/capture'), storeOptions });
    sink.offer(csvRecord(1, at(0)));
    sink.offer(csvRecord(2, at(1), 'Shadow'));
    await sink.close();
    const objects = await capturedObjects(await storeForUri('s3://capture/team/capture', storeOptions));
    assert.deepEqual(
      objects.map((o) => [o.key.split('/').slice(0, 6).join('/'), o.lines[0]!.eventMetadata.eventId]),
      [
        ['churn/AllTraffic/2026/12/05/19', 'ev-1'],
        ['churn/Shadow/2026/12/05/19', 'ev-2'],
      ],
    );
  });

  test('gs:// to the offline GCS folders of a home', async () => {
    const home = scratchDir('godwit-capture-gcs-');
    const sink = await openCaptureSink({ spec: captureSpec('gs://monitoring/capture'), storeOptions: { home } });
    sink.offer(csvRecord(1, at(0)));
    await sink.close();
    const store = await storeForUri('gs://monitoring/capture', { home });
    const [object] = await capturedObjects(store);
    assert.match(store.uri(object!.key), /^gs:\/\/monitoring\/capture\/churn\/AllTraffic\/2026\/12\/05\/19\/00-00-000-/);
    assert.equal(object!.lines[0]!.captureData.endpointInput.data, '1,1.5,2\n');
  });
});
