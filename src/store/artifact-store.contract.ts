/**
 * The contract every `ArtifactStore` passes: one node:test suite per backend, run against a real
 * backend (a temp folder, a real S3-compatible server, a real GCS emulator). Each test gets a
 * fresh, empty store from `makeStore` and calls `cleanup` after itself.
 *
 * ```ts
 * artifactStoreContract('file', async () => {
 *   const dir = await mkdtemp(join(tmpdir(), 'store-'));
 *   return { store: new FileArtifactStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
 * });
 * ```
 *
 * Expected digests are computed here with node:crypto directly, not with Godwit's hash helpers,
 * so the suite checks the store rather than agreeing with itself.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ArtifactStore } from './artifact-store.js';

export interface StoreUnderTest {
  readonly store: ArtifactStore;
  readonly cleanup: () => Promise<void>;
}

const hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Deterministic pseudo-random bytes (xorshift), so large payloads need no fixture files. */
function bytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function expectCode(code: string): (err: unknown) => boolean {
  return (err) => {
    assert.equal((err as { code?: unknown }).code, code, `expected ${code}, got ${String(err)}`);
    return true;
  };
}

/**
 * A backend's known departure from the contract, with the reason, shown as a skipped test: only
 * for a defect of the server under test (not of the store), never to make a store pass.
 */
export interface KnownServerDefects {
  /** The server replaces objects in place, so a reader racing a writer can see a torn object. */
  readonly nonAtomicOverwrite?: string;
}

export function artifactStoreContract(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
  defects: KnownServerDefects = {},
): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let store: ArtifactStore;
    let cleanup: () => Promise<void>;
    let local: string;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
      local = await mkdtemp(join(tmpdir(), 'godwit-contract-local-'));
    });
    afterEach(async () => {
      await cleanup();
      await rm(local, { recursive: true, force: true });
    });

    test('put and get round-trip bytes, strings and streams, returning size and sha256', async () => {
      const data = bytes(4096, 1);
      const info = await store.put('a/data.bin', data);
      assert.deepEqual(
        { key: info.key, size: info.size, sha256: info.sha256 },
        { key: 'a/data.bin', size: 4096, sha256: hex(data) },
      );
      assert.ok(info.modified instanceof Date && Math.abs(info.modified.getTime() - Date.now()) < 60_000);
      assert.deepEqual(await store.get('a/data.bin'), data);

      const text = 'naïve — ünïcödé\n';
      assert.equal((await store.put('text.txt', text)).sha256, hex(Buffer.from(text, 'utf8')));
      assert.equal((await store.get('text.txt')).toString('utf8'), text);

      const chunks = [bytes(1000, 2), bytes(1, 3), bytes(70_000, 4)];
      const streamed = await store.put('s/streamed.bin', Readable.from(chunks));
      const whole = Buffer.concat(chunks);
      assert.equal(streamed.size, whole.length);
      assert.equal(streamed.sha256, hex(whole));
      assert.deepEqual(await store.get('s/streamed.bin'), whole);

      const view = new Uint8Array([0, 1, 2, 255]);
      assert.equal((await store.put('u8', view)).sha256, hex(view));
      assert.deepEqual([...(await store.get('u8'))], [0, 1, 2, 255]);
    });

    test('an empty object is an object', async () => {
      const info = await store.put('empty', '');
      assert.equal(info.size, 0);
      assert.equal(info.sha256, hex(''));
      assert.equal((await store.get('empty')).length, 0);
      assert.equal((await store.head('empty'))?.size, 0);
    });

    test('putFile and getToFile round-trip through local files', async () => {
      const src = join(local, 'in.bin');
      const data = bytes(300_000, 5);
      await writeFile(src, data);
      const put = await store.putFile('model/model.tar.gz', src);
      assert.equal(put.sha256, hex(data));
      assert.equal(put.size, data.length);

      const dest = join(local, 'out', 'deeper', 'model.tar.gz');
      const got = await store.getToFile('model/model.tar.gz', dest);
      assert.deepEqual(await readFile(dest), data);
      assert.equal(got.sha256, hex(data));

      await writeFile(dest, 'old contents to be replaced');
      await store.getToFile('model/model.tar.gz', dest);
      assert.deepEqual(await readFile(dest), data);
    });

    test('put overwrites: get, head and list see only the new object', async () => {
      await store.put('k', 'first version');
      const second = await store.put('k', 'v2');
      assert.equal((await store.get('k')).toString(), 'v2');
      const head = await store.head('k');
      assert.equal(head?.size, 2);
      assert.equal(head?.sha256, hex('v2'));
      assert.equal(head?.sha256, second.sha256);
      assert.deepEqual(
        (await store.list('')).map((o) => [o.key, o.size]),
        [['k', 2]],
      );
    });

    test('head returns what put returned, and undefined for a missing key or a folder', async () => {
      const info = await store.put('x/y/z.json', '{"a":1}');
      const head = await store.head('x/y/z.json');
      assert.deepEqual(
        { key: head?.key, size: head?.size, sha256: head?.sha256 },
        { key: info.key, size: info.size, sha256: info.sha256 },
      );
      assert.equal(await store.head('x/y/missing.json'), undefined);
      assert.equal(await store.head('nowhere/at/all'), undefined);
      assert.equal(await store.head('x/y'), undefined, 'a folder is not an object');
      assert.equal(await store.head('x'), undefined);
      await assert.rejects(store.get('x/y'), expectCode('E_NOT_FOUND'));
      await assert.rejects(store.verify('x/y'), expectCode('E_NOT_FOUND'));
      await assert.rejects(store.getToFile('x/y', join(local, 'folder')), expectCode('E_NOT_FOUND'));
    });

    test('get, getToFile and verify of a missing key throw E_NOT_FOUND naming the URI', async () => {
      const uri = store.uri('no/such.key');
      for (const call of [() => store.get('no/such.key'), () => store.verify('no/such.key')]) {
        await assert.rejects(call(), (err: Error) => {
          expectCode('E_NOT_FOUND')(err);
          assert.ok(err.message.includes(uri), `message should name ${uri}: ${err.message}`);
          return true;
        });
      }
      const dest = join(local, 'never.bin');
      await assert.rejects(store.getToFile('no/such.key', dest), expectCode('E_NOT_FOUND'));
      await assert.rejects(stat(dest), { code: 'ENOENT' });
    });

    test('list matches keys by string prefix, as S3 does, sorted by key', async () => {
      for (const key of ['a/b/c', 'a/bc', 'a/b2/x', 'a/c', 'ab', 'b', 'a/b/d/e']) await store.put(key, key);
      const keys = async (prefix: string) => (await store.list(prefix)).map((o) => o.key);
      assert.deepEqual(await keys('a/b'), ['a/b/c', 'a/b/d/e', 'a/b2/x', 'a/bc']);
      assert.deepEqual(await keys('a/b/'), ['a/b/c', 'a/b/d/e']);
      assert.deepEqual(await keys('a'), ['a/b/c', 'a/b/d/e', 'a/b2/x', 'a/bc', 'a/c', 'ab']);
      assert.deepEqual(await keys('a/'), ['a/b/c', 'a/b/d/e', 'a/b2/x', 'a/bc', 'a/c']);
      assert.deepEqual(await keys(''), ['a/b/c', 'a/b/d/e', 'a/b2/x', 'a/bc', 'a/c', 'ab', 'b']);
      assert.deepEqual(await keys('a/bc'), ['a/bc']);
      assert.deepEqual(await keys('zzz'), []);
      assert.deepEqual(await keys('a/zzz/'), []);
    });

    test('list returns size and sha256 of each object', async () => {
      await store.put('m/one', 'one');
      await store.put('m/three', 'three');
      assert.deepEqual(
        (await store.list('m/')).map((o) => ({ key: o.key, size: o.size, sha256: o.sha256 })),
        [
          { key: 'm/one', size: 3, sha256: hex('one') },
          { key: 'm/three', size: 5, sha256: hex('three') },
        ],
      );
    });

    test('list sorts by UTF-8 bytes, not by JavaScript string order', async () => {
      // U+FF21 sorts before U+1F642 in UTF-8 (and S3), after it in UTF-16 (JavaScript's `<`).
      const keys = ['\u{1F642}', '\uFF21', 'é', 'z', 'Z', 'a b', 'a-b', 'a_b', '日本'];
      for (const key of keys) await store.put(`sort/${key}`, key);
      const expected = keys.map((k) => `sort/${k}`).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      assert.deepEqual(
        (await store.list('sort/')).map((o) => o.key),
        expected,
      );
      assert.ok(expected.indexOf('sort/\uFF21') < expected.indexOf('sort/\u{1F642}'));
    });

    test('delete removes an object and is idempotent', async () => {
      await store.put('d/x', 'x');
      await store.put('d/y', 'y');
      await store.delete('d/x');
      assert.equal(await store.head('d/x'), undefined);
      await assert.rejects(store.get('d/x'), expectCode('E_NOT_FOUND'));
      await store.delete('d/x');
      await store.delete('never/existed');
      await store.delete('d'); // a folder, not an object: nothing happens
      assert.deepEqual(
        (await store.list('')).map((o) => o.key),
        ['d/y'],
      );
    });

    test('deleting the last key under a folder frees the folder name for an object', async () => {
      await store.put('f/g/h', 'h');
      await store.delete('f/g/h');
      await store.put('f', 'now an object');
      assert.equal((await store.get('f')).toString(), 'now an object');
      assert.deepEqual(
        (await store.list('')).map((o) => o.key),
        ['f'],
      );
    });

    test('keys with spaces and Unicode round-trip, list and have a URI', async () => {
      const key = 'with space/naïve 日本語 🙂/a%20b #1?.txt';
      await store.put(key, 'unicode');
      assert.equal((await store.get(key)).toString(), 'unicode');
      assert.deepEqual(
        (await store.list('with space/')).map((o) => o.key),
        [key],
      );
      const uri = store.uri(key);
      assert.match(uri, /^[a-z0-9]+:\/\//);
      assert.notEqual(uri, store.uri('with space/other'));
    });

    test('keyOf inverts uri, for keys and folder prefixes, and rejects URIs outside the store', () => {
      for (const key of ['a', 'runs/42/model.tar.gz', 'with space/naïve 日本語 🙂/a%20b #1?.txt'])
        assert.equal(store.keyOf(store.uri(key)), key);
      assert.equal(store.keyOf(`${store.uri('runs/42/out')}/`), 'runs/42/out/');
      assert.equal(store.keyOf('file:///godwit-contract-elsewhere/x'), undefined);
      assert.equal(store.keyOf('s3://godwit-contract-elsewhere/x'), undefined);
      assert.equal(store.keyOf('gs://godwit-contract-elsewhere/x'), undefined);
      assert.throws(() => store.keyOf('ftp://host/x'), expectCode('E_URI'));
    });

    test('keys that could leave the root or alias another key are refused before any I/O', async () => {
      for (const key of ['../x', 'a/../../x', 'a/../b', '/abs', '/etc/passwd', 'a//b', 'a/', '', './a', 'a/./b', 'a\0b']) {
        await assert.rejects(store.put(key, 'x'), expectCode('E_KEY_ESCAPES_ROOT'), `put ${JSON.stringify(key)}`);
        await assert.rejects(store.get(key), expectCode('E_KEY_ESCAPES_ROOT'), `get ${JSON.stringify(key)}`);
        await assert.rejects(store.head(key), expectCode('E_KEY_ESCAPES_ROOT'), `head ${JSON.stringify(key)}`);
        await assert.rejects(store.delete(key), expectCode('E_KEY_ESCAPES_ROOT'), `delete ${JSON.stringify(key)}`);
        assert.throws(() => store.uri(key), expectCode('E_KEY_ESCAPES_ROOT'), `uri ${JSON.stringify(key)}`);
      }
      await assert.rejects(store.list('../'), expectCode('E_KEY_ESCAPES_ROOT'));
      await assert.rejects(store.list('/abs'), expectCode('E_KEY_ESCAPES_ROOT'));
      assert.deepEqual(await store.list(''), []);
    });

    test('verify re-hashes an intact object and returns its digest', async () => {
      const data = bytes(50_000, 6);
      await store.put('v/obj', data);
      const info = await store.verify('v/obj');
      assert.equal(info.sha256, hex(data));
      assert.equal(info.size, data.length);
    });

    test('a stream that fails midway leaves the previous version in place', async () => {
      await store.put('atomic', 'old');
      async function* failing() {
        yield bytes(100_000, 7);
        throw new Error('disk on fire');
      }
      await assert.rejects(store.put('atomic', Readable.from(failing())));
      assert.equal((await store.get('atomic')).toString(), 'old');
      assert.equal((await store.head('atomic'))?.sha256, hex('old'));

      await assert.rejects(store.put('never-written', Readable.from(failing())));
      assert.equal(await store.head('never-written'), undefined);
      assert.deepEqual(
        (await store.list('')).map((o) => o.key),
        ['atomic'],
      );
    });

    test('concurrent puts to one key leave one complete version, and readers never see a partial one', {
      skip: defects.nonAtomicOverwrite,
    }, async () => {
      const versions = Array.from({ length: 8 }, (_, i) => bytes(256 * 1024 + i * 1000, 100 + i));
      const digests = new Set(versions.map((v) => hex(v)));
      let writing = true;
      const reads: string[] = [];
      const reader = (async () => {
        while (writing) {
          try {
            reads.push(hex(await store.get('race')));
          } catch (err) {
            expectCode('E_NOT_FOUND')(err);
          }
        }
      })();
      await Promise.all(versions.map((v) => store.put('race', v)));
      writing = false;
      await reader;

      const final = await store.get('race');
      assert.ok(digests.has(hex(final)), 'the stored object is one of the versions, whole');
      assert.equal((await store.head('race'))?.sha256, hex(final));
      assert.equal((await store.verify('race')).sha256, hex(final));
      for (const r of reads) assert.ok(digests.has(r), 'every read saw one whole version');
    });

    test('a 20 MB stream is stored whole without buffering it as one chunk', async () => {
      const chunk = 1024 * 1024;
      const total = 20;
      const expected = createHash('sha256');
      for (let i = 0; i < total; i++) expected.update(bytes(chunk, 1000 + i));
      async function* source() {
        for (let i = 0; i < total; i++) yield bytes(chunk, 1000 + i);
      }
      const info = await store.put('big/blob.bin', Readable.from(source()));
      assert.equal(info.size, total * chunk);
      assert.equal(info.sha256, expected.digest('hex'));
      assert.equal((await store.head('big/blob.bin'))?.size, total * chunk);

      const dest = join(local, 'blob.bin');
      const got = await store.getToFile('big/blob.bin', dest);
      assert.equal(got.sha256, info.sha256);
      assert.equal((await stat(dest)).size, total * chunk);
    });
  });
}
