import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ArtifactStore } from '../../src/store/artifact-store.js';
import { FileArtifactStore } from '../../src/store/file-artifact-store.js';
import { digestDir, downloadPrefix, uploadDir } from '../../src/store/transfer.js';

const hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Wraps a store and records the most calls it ever had in flight at once. */
function countingStore(inner: ArtifactStore): { store: ArtifactStore; peak: () => number } {
  let inFlight = 0;
  let peak = 0;
  const track =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      peak = Math.max(peak, ++inFlight);
      try {
        return await fn(...args);
      } finally {
        inFlight--;
      }
    };
  const store: ArtifactStore = {
    put: inner.put.bind(inner),
    putFile: track(inner.putFile.bind(inner)),
    get: inner.get.bind(inner),
    getToFile: track(inner.getToFile.bind(inner)),
    head: inner.head.bind(inner),
    list: inner.list.bind(inner),
    delete: inner.delete.bind(inner),
    verify: inner.verify.bind(inner),
    uri: inner.uri.bind(inner),
    keyOf: inner.keyOf.bind(inner),
  };
  return { store, peak: () => peak };
}

describe('uploadDir and downloadPrefix', () => {
  let dir: string;
  let src: string;
  let store: FileArtifactStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'godwit-transfer-'));
    src = join(dir, 'src');
    store = new FileArtifactStore(join(dir, 'store'));
    await mkdir(join(src, 'sub dir', 'deeper'), { recursive: true });
    await mkdir(join(src, 'empty'), { recursive: true });
    await writeFile(join(src, 'train.csv'), '1,2,3\n');
    await writeFile(join(src, 'sub dir', 'naïve 日本.txt'), 'unicode');
    await writeFile(join(src, 'sub dir', 'deeper', 'model.bin'), Buffer.alloc(5000, 7));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('uploadDir stores every file under the prefix and returns a sorted manifest', async () => {
    const m = await uploadDir(store, src, 'runs/1/prep/train');
    assert.deepEqual(m.files, [
      { path: 'sub dir/deeper/model.bin', size: 5000, sha256: hex(Buffer.alloc(5000, 7)) },
      { path: 'sub dir/naïve 日本.txt', size: 7, sha256: hex('unicode') },
      { path: 'train.csv', size: 6, sha256: hex('1,2,3\n') },
    ]);
    assert.equal(m.size, 5013);
    assert.deepEqual(
      (await store.list('runs/1/prep/train/')).map((o) => o.key),
      ['runs/1/prep/train/sub dir/deeper/model.bin', 'runs/1/prep/train/sub dir/naïve 日本.txt', 'runs/1/prep/train/train.csv'],
    );
    assert.equal((await store.get('runs/1/prep/train/train.csv')).toString(), '1,2,3\n');
    assert.deepEqual(await digestDir(src), m, 'the manifest of the local folder is the same');
  });

  test('downloadPrefix restores the tree with the same manifest', async () => {
    const up = await uploadDir(store, src, 'out/');
    const dest = join(dir, 'dest');
    const down = await downloadPrefix(store, 'out', dest);
    assert.deepEqual(down, up);
    assert.equal(await readFile(join(dest, 'sub dir', 'naïve 日本.txt'), 'utf8'), 'unicode');
    assert.deepEqual(await readFile(join(dest, 'sub dir', 'deeper', 'model.bin')), Buffer.alloc(5000, 7));
    assert.deepEqual(await digestDir(dest), up);
  });

  test('the digest depends on content, not on the prefix or the folder it came from', async () => {
    const a = await uploadDir(store, src, 'a');
    const b = await uploadDir(store, src, 'b/c');
    assert.equal(a.sha256, b.sha256);
    await writeFile(join(src, 'train.csv'), '1,2,4\n');
    assert.notEqual((await uploadDir(store, src, 'd')).sha256, a.sha256);
  });

  test('downloadPrefix treats the prefix as a folder, and fetches an object named exactly by it', async () => {
    await store.put('data/train/a.csv', 'a');
    await store.put('data/train.csv', 'not in the folder');
    await store.put('data/raw.csv', 'raw');
    const folder = await downloadPrefix(store, 'data/train', join(dir, 'f'));
    assert.deepEqual(
      folder.files.map((f) => f.path),
      ['a.csv'],
    );
    const single = await downloadPrefix(store, 'data/raw.csv', join(dir, 'single'));
    assert.deepEqual(
      single.files.map((f) => [f.path, f.sha256]),
      [['raw.csv', hex('raw')]],
    );
    assert.equal(await readFile(join(dir, 'single', 'raw.csv'), 'utf8'), 'raw');
    const everything = await downloadPrefix(store, '', join(dir, 'all'));
    assert.deepEqual(
      everything.files.map((f) => f.path),
      ['data/raw.csv', 'data/train.csv', 'data/train/a.csv'],
    );
    const none = await downloadPrefix(store, 'nothing/here', join(dir, 'none'));
    assert.deepEqual(none.files, []);
  });

  test('a symlink out of the folder is refused before anything is uploaded', async () => {
    await writeFile(join(dir, 'secret'), 'secret');
    await symlink(join(dir, 'secret'), join(src, 'sub dir', 'leak'));
    await assert.rejects(uploadDir(store, src, 'p'), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_KEY_ESCAPES_ROOT');
      assert.ok(err.message.includes('sub dir/leak'), err.message);
      return true;
    });
    assert.deepEqual(await store.list(''), []);
  });

  test('symlinks that stay inside the folder are uploaded as the files they point at', async () => {
    await symlink(join(src, 'train.csv'), join(src, 'alias.csv'));
    await symlink(join(src, 'sub dir'), join(src, 'linked dir'));
    const m = await uploadDir(store, src, 'p');
    assert.deepEqual(
      m.files.map((f) => f.path),
      [
        'alias.csv',
        'linked dir/deeper/model.bin',
        'linked dir/naïve 日本.txt',
        'sub dir/deeper/model.bin',
        'sub dir/naïve 日本.txt',
        'train.csv',
      ],
    );
    assert.equal((await store.get('p/alias.csv')).toString(), '1,2,3\n');
  });

  test('a missing or non-folder source is a clear error', async () => {
    await assert.rejects(uploadDir(store, join(dir, 'nope'), 'p'), { code: 'E_NOT_FOUND' });
    await assert.rejects(uploadDir(store, join(src, 'train.csv'), 'p'), { code: 'E_NOT_A_DIRECTORY' });
    await assert.rejects(uploadDir(store, src, '../p'), { code: 'E_KEY_ESCAPES_ROOT' });
  });

  test('many small files move in parallel, with at most 16 in flight', async () => {
    const many = join(dir, 'many');
    await mkdir(many);
    for (let i = 0; i < 300; i++) {
      const sub = join(many, `d${i % 7}`);
      await mkdir(sub, { recursive: true });
      await writeFile(join(sub, `f${i}.txt`), `file ${i}`);
    }
    const counted = countingStore(store);
    const up = await uploadDir(counted.store, many, 'many');
    assert.equal(up.files.length, 300);
    assert.ok(counted.peak() > 1 && counted.peak() <= 16, `peak ${counted.peak()}`);

    const down = countingStore(store);
    const m = await downloadPrefix(down.store, 'many', join(dir, 'many-copy'));
    assert.equal(m.sha256, up.sha256);
    assert.ok(down.peak() > 1 && down.peak() <= 16, `peak ${down.peak()}`);

    const limited = countingStore(store);
    await uploadDir(limited.store, many, 'many2', { parallelism: 3 });
    assert.ok(limited.peak() <= 3, `peak ${limited.peak()}`);
  });
});
