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

test('s3:// is E_STORE_UNSUPPORTED until its backend arrives', async () => {
  for (const [uri, name] of [['s3://bucket/prefix', 'S3']]) {
    await assert.rejects(storeForUri(uri), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'E_STORE_UNSUPPORTED');
      assert.ok(err.hint?.includes(name), err.hint);
      return true;
    });
  }
});

test('an unparseable URI is E_URI', async () => {
  await assert.rejects(storeForUri('ftp://host/x'), { code: 'E_URI' });
  await assert.rejects(storeForUri('relative/without/base'), { code: 'E_URI' });
});
