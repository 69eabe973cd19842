import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toFileUri } from '../../src/core/uri.js';
import { FileArtifactStore } from '../../src/store/file-artifact-store.js';
import { storeForUri } from '../../src/store/index.js';

test('a file:// URI opens a file store rooted there', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-store-for-uri-'));
  try {
    const root = join(dir, 'artifacts root');
    const store = await storeForUri(toFileUri(root));
    assert.ok(store instanceof FileArtifactStore);
    assert.equal(store.uri('runs/1/x.json'), toFileUri(join(root, 'runs', '1', 'x.json')));
    await store.put('runs/1/x.json', '{}');
    assert.equal(await readFile(join(root, 'runs', '1', 'x.json'), 'utf8'), '{}');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a plain path opens a file store; a relative one against baseDir', async () => {
  const store = await storeForUri('artifacts', { baseDir: '/srv/godwit' });
  assert.equal(store.uri('k'), 'file:///srv/godwit/artifacts/k');
  const absolute = await storeForUri('/srv/other');
  assert.equal(absolute.uri('a b'), 'file:///srv/other/a%20b');
});

test('s3:// opens the S3 store rooted at the URI, doing no I/O (its client is made on first use)', async () => {
  const store = await storeForUri('s3://bucket/prefix', { s3: { endpoint: 'http://127.0.0.1:1' } });
  assert.equal(store.uri('runs/a.json'), 's3://bucket/prefix/runs/a.json');
  assert.equal(store.keyOf('s3://bucket/prefix/runs/'), 'runs/');
  assert.equal(store.keyOf('s3://bucket/other/x'), undefined);
});

test('an unparseable URI is E_URI', async () => {
  await assert.rejects(storeForUri('ftp://host/x'), { code: 'E_URI' });
  await assert.rejects(storeForUri('relative/without/base'), { code: 'E_URI' });
});
