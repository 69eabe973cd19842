import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { artifactStoreContract } from '../../src/store/artifact-store.contract.js';
import { GcsClientStore } from '../../src/store/gcs/gcs-client-store.js';
import { GcsFolderBucket } from '../../src/store/gcs/gcs-folder-store.js';
import { storeForUri } from '../../src/store/index.js';
import { PrefixedStore } from '../../src/store/prefixed-store.js';
import { GcsStandIn } from '../helpers/gcs-stand-in.js';
import { scratchDir } from '../helpers/scratch.js';

const hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

artifactStoreContract('gs:// offline folder', async () => {
  const home = scratchDir('godwit-gcs-home-');
  return { store: await storeForUri('gs://offline-bucket', { home }), cleanup: async () => {} };
});

artifactStoreContract('gs:// offline folder, under a prefix', async () => {
  const home = scratchDir('godwit-gcs-home-');
  return { store: await storeForUri('gs://offline-bucket/team/runs/', { home }), cleanup: async () => {} };
});

// The official client against the request-level stand-in (no GCS server exists here). A small
// page size and resumable threshold make the contract exercise pagination and resumable uploads.
let shared: GcsStandIn;
let sharedEndpoint: string;
let bucketCount = 0;
before(async () => {
  shared = new GcsStandIn({ buckets: [], pageSize: 3 });
  sharedEndpoint = await shared.start();
});
after(() => shared.stop());

artifactStoreContract('gs:// through @google-cloud/storage', async () => {
  const bucket = `contract-${++bucketCount}`;
  shared.objects.set(bucket, new Map());
  const store = new GcsClientStore(bucket, { endpoint: sharedEndpoint, resumableThreshold: 64 * 1024 });
  return { store, cleanup: async () => void shared.objects.delete(bucket) };
});

artifactStoreContract('gs:// through @google-cloud/storage, under a prefix', async () => {
  const bucket = `contract-${++bucketCount}`;
  shared.objects.set(bucket, new Map());
  const store = await storeForUri(`gs://${bucket}/a/prefix`, { gcs: { endpoint: sharedEndpoint } });
  return { store, cleanup: async () => void shared.objects.delete(bucket) };
});

describe('gs:// offline folders', () => {
  test('bucket b is the folder <home>/gcs/b, and URIs and errors speak gs://', async () => {
    const home = scratchDir('godwit-gcs-home-');
    const store = await storeForUri('gs://data-bucket/raw', { home });
    assert.ok(store instanceof PrefixedStore);
    await store.put('x/y.csv', 'a,b\n');
    assert.deepEqual(await readdir(join(home, 'gcs', 'data-bucket', 'raw', 'x')), ['y.csv']);
    assert.equal(store.uri('x/y.csv'), 'gs://data-bucket/raw/x/y.csv');
    assert.equal(store.keyOf('gs://data-bucket/raw/x/y.csv'), 'x/y.csv');
    assert.equal(store.keyOf('gs://data-bucket/rawer/x'), undefined);
    assert.equal(store.keyOf('gs://data-bucket/raw'), '');
    await assert.rejects(
      store.get('missing'),
      (err: Error) => code('E_NOT_FOUND')(err) && err.message.includes('gs://data-bucket/raw/missing'),
    );
    // The bucket's root store sees the prefixed object, and no state folder of the prefix.
    const bucket = await storeForUri('gs://data-bucket', { home });
    assert.ok(bucket instanceof GcsFolderBucket);
    assert.deepEqual(
      (await bucket.list('')).map((o) => o.key),
      ['raw/x/y.csv'],
    );
    assert.equal((await bucket.head('raw/x/y.csv'))?.sha256, hex('a,b\n'));
  });

  test('without a home option the folder is under GODWIT_HOME', async () => {
    const home = scratchDir('godwit-gcs-env-home-');
    const store = await storeForUri('gs://b', { env: { GODWIT_HOME: home } });
    await store.put('k', 'v');
    assert.deepEqual(await readdir(join(home, 'gcs', 'b')), ['.godwit-store', 'k']);
  });
});

describe('gs:// through @google-cloud/storage, at the request level', () => {
  let standIn: GcsStandIn;
  let endpoint: string;
  before(async () => {
    standIn = new GcsStandIn({ buckets: ['bkt'] });
    endpoint = await standIn.start();
  });
  after(() => standIn.stop());
  const store = (options = {}) => new GcsClientStore('bkt', { endpoint, maxRetries: 0, ...options });

  test('a configured endpoint opens the client store; the SHA-256 is sent as object metadata', async () => {
    const opened = await storeForUri('gs://bkt', { gcs: { endpoint } });
    assert.ok(opened instanceof GcsClientStore);
    standIn.requests.length = 0;
    await opened.put('small.txt', 'hello');
    const [insert] = standIn.requests;
    assert.equal(insert?.method, 'POST');
    assert.equal(insert?.path, '/upload/storage/v1/b/bkt/o');
    assert.equal(insert?.query.get('uploadType'), 'multipart');
    assert.ok(insert?.body.includes(`"sha256":"${hex('hello')}"`), 'the metadata part holds the digest');
    assert.equal(standIn.objects.get('bkt')?.get('small.txt')?.metadata.sha256, hex('hello'));
  });

  test('large objects go through a resumable session, streamed, with the CRC32C checked by the server', async () => {
    standIn.requests.length = 0;
    const data = Buffer.alloc(200_000, 7);
    await store({ resumableThreshold: 100_000 }).put('big.bin', data);
    const [start, put] = standIn.requests;
    assert.equal(start?.query.get('uploadType'), 'resumable');
    assert.equal(start?.query.get('name'), 'big.bin');
    assert.deepEqual(JSON.parse(start!.body.toString()).metadata, { sha256: hex(data) });
    assert.equal(put?.method, 'PUT');
    assert.equal(put?.query.get('upload_id') !== null, true);
    assert.match(String(put?.headers['content-range']), /^bytes 0-\*\//);
    assert.equal(standIn.objects.get('bkt')?.get('big.bin')?.bytes.length, data.length);
  });

  test('an upload damaged on the way is refused by the server (md5Hash sent): E_CHECKSUM, previous version kept', async () => {
    for (const threshold of [Number.POSITIVE_INFINITY, 1]) {
      await store().put('damaged', 'previous version');
      standIn.requests.length = 0;
      standIn.corruptNextUpload = true;
      await assert.rejects(store({ resumableThreshold: threshold }).put('damaged', 'precious bytes'), code('E_CHECKSUM'));
      const sent = standIn.requests[0]!;
      const resource =
        threshold === 1
          ? JSON.parse(sent.body.toString())
          : JSON.parse(sent.body.toString().split('\r\n\r\n')[1]!.split('\r\n')[0]!);
      assert.equal(resource.md5Hash, createHash('md5').update('precious bytes').digest('base64'));
      assert.equal((await store().get('damaged')).toString(), 'previous version');
    }
  });

  test('reads pin the generation whose metadata they read', async () => {
    await store().put('pinned', 'v1');
    standIn.requests.length = 0;
    await store().get('pinned');
    const media = standIn.requests.find((r) => r.query.get('alt') === 'media');
    assert.equal(media?.query.get('generation'), String(standIn.objects.get('bkt')?.get('pinned')?.generation));
  });

  test('bytes changed behind the store are E_CHECKSUM, whether the CRC32C or only the SHA-256 catches it', async () => {
    await store().put('rot', 'original');
    const obj = standIn.objects.get('bkt')!.get('rot')!;
    obj.bytes = Buffer.from('0riginal'); // the server's hash now describes these bytes: only SHA-256 differs
    await assert.rejects(store().get('rot'), code('E_CHECKSUM'));
    await assert.rejects(store().verify('rot'), code('E_CHECKSUM'));
  });

  test('objects written by other tools (no sha256 metadata) are hashed on read', async () => {
    standIn.objects.get('bkt')!.set('foreign.csv', {
      bytes: Buffer.from('x,y\n'),
      generation: 42,
      contentType: 'text/csv',
      metadata: {},
      updated: new Date(),
    });
    assert.equal((await store().head('foreign.csv'))?.sha256, hex('x,y\n'));
    assert.deepEqual(
      (await store().list('foreign')).map((o) => o.sha256),
      [hex('x,y\n')],
    );
  });

  test('a missing bucket is E_BUCKET_NOT_FOUND naming the bucket and how to create it', async () => {
    const missing = new GcsClientStore('no-such-bucket', { endpoint, maxRetries: 0 });
    for (const call of [() => missing.put('k', 'v'), () => missing.get('k'), () => missing.head('k'), () => missing.list('')]) {
      await assert.rejects(call(), (err: Error & { hint?: string }) => {
        code('E_BUCKET_NOT_FOUND')(err);
        assert.match(err.message, /no-such-bucket/);
        assert.match(err.hint ?? '', /gcloud storage buckets create gs:\/\/no-such-bucket/);
        return true;
      });
    }
  });

  test('refused credentials (401, 403) are E_STORE_AUTH naming the endpoint', async () => {
    for (const status of [401, 403] as const) {
      standIn.deny = status;
      try {
        await assert.rejects(store().get('k'), (err: Error) => code('E_STORE_AUTH')(err) && err.message.includes(endpoint));
        await assert.rejects(store().put('k', 'v'), code('E_STORE_AUTH'));
      } finally {
        standIn.deny = undefined;
      }
    }
  });

  test('an endpoint that does not answer is E_STORE_UNREACHABLE naming it', async () => {
    const closed = new GcsStandIn({ buckets: [] });
    const dead = await closed.start();
    await closed.stop();
    const unreachable = new GcsClientStore('bkt', { endpoint: dead, maxRetries: 0 });
    await assert.rejects(unreachable.head('k'), (err: Error) => code('E_STORE_UNREACHABLE')(err) && err.message.includes(dead));
    // A password in the endpoint URL is refused before any request, and never reaches a message.
    const withSecret = new GcsClientStore('bkt', {
      endpoint: dead.replace('http://', 'http://user:planted-s3cret@'),
      maxRetries: 0,
    });
    await assert.rejects(withSecret.get('k'), (err: Error) => {
      code('E_CONFIG')(err);
      assert.ok(!`${err.message} ${(err as { hint?: string }).hint}`.includes('planted-s3cret'), err.message);
      return err.message.includes('user:***@');
    });
  });

  test('the stand-in answers ranged media reads as the API does (206, Content-Range)', async () => {
    await store().put('ranged', '0123456789');
    const { Storage } = await import('@google-cloud/storage');
    const file = new Storage({ apiEndpoint: endpoint }).bucket('bkt').file('ranged');
    const read = async (options: { start?: number; end?: number }) => {
      const chunks: Buffer[] = [];
      for await (const chunk of file.createReadStream(options)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString();
    };
    assert.equal(await read({ start: 2, end: 5 }), '2345');
    assert.equal(await read({ start: 7 }), '789');
    assert.equal(standIn.requests.at(-1)?.headers.range, 'bytes=7-');
  });
});
