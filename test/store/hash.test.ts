import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { compareUtf8, digestTree, Sha256Tap, sha256, sha256File, sha256Stream } from '../../src/core/hash.js';

test('sha256 of bytes and strings matches the standard test vectors', () => {
  assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256(new Uint8Array()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256('é'), sha256(Buffer.from([0xc3, 0xa9])));
});

test('sha256File streams a file and reports its size; sha256Stream and Sha256Tap agree', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-hash-'));
  try {
    const data = Buffer.alloc(3 * 1024 * 1024 + 7, 0x5a);
    await writeFile(join(dir, 'f'), data);
    const expected = createHash('sha256').update(data).digest('hex');
    assert.deepEqual(await sha256File(join(dir, 'f')), { sha256: expected, size: data.length });
    assert.deepEqual(await sha256Stream(Readable.from([data.subarray(0, 10), 'x'])), {
      sha256: sha256(Buffer.concat([data.subarray(0, 10), Buffer.from('x')])),
      size: 11,
    });
    const tap = new Sha256Tap();
    const passed: Buffer[] = [];
    for await (const chunk of Readable.from([Buffer.from('ab'), Buffer.from('c')]).pipe(tap)) passed.push(chunk);
    assert.equal(Buffer.concat(passed).toString(), 'abc', 'the tap passes bytes through unchanged');
    assert.deepEqual(tap.result(), { sha256: sha256('abc'), size: 3 });
    await writeFile(join(dir, 'empty'), '');
    assert.deepEqual(await sha256File(join(dir, 'empty')), { sha256: sha256(''), size: 0 });
    await writeFile(join(dir, 'exact'), Buffer.alloc(1024 * 1024, 1)); // exactly one read buffer
    assert.deepEqual(await sha256File(join(dir, 'exact')), { sha256: sha256(Buffer.alloc(1024 * 1024, 1)), size: 1024 * 1024 });
    await assert.rejects(sha256File(join(dir, 'missing')), { code: 'ENOENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('digestTree does not depend on the order entries are listed in', () => {
  const a = { path: 'a.csv', size: 1, sha256: sha256('a') };
  const b = { path: 'sub/b.csv', size: 2, sha256: sha256('bb') };
  const c = { path: 'Z', size: 0, sha256: sha256('') };
  assert.equal(digestTree([a, b, c]), digestTree([c, b, a]));
  assert.match(digestTree([a]), /^[0-9a-f]{64}$/);
});

test('digestTree changes with any path, size or content, and tells entries apart', () => {
  const base = [{ path: 'a', size: 1, sha256: sha256('a') }];
  const d = digestTree(base);
  assert.notEqual(digestTree([{ ...base[0], path: 'b' }]), d);
  assert.notEqual(digestTree([{ ...base[0], size: 2 }]), d);
  assert.notEqual(digestTree([{ ...base[0], sha256: sha256('x') }]), d);
  assert.notEqual(digestTree([]), d);
  // A path holding a newline and what looks like another entry cannot forge two entries.
  const forged = [{ path: `a",1,"${sha256('a')}"]\n["b`, size: 1, sha256: sha256('b') }];
  const two = [base[0], { path: 'b', size: 1, sha256: sha256('b') }];
  assert.notEqual(digestTree(forged), digestTree(two));
});

test('digestTree refuses duplicate paths', () => {
  const e = { path: 'x', size: 1, sha256: sha256('x') };
  assert.throws(() => digestTree([e, { ...e }]), { code: 'E_DUPLICATE_PATH' });
});

test('compareUtf8 orders like UTF-8 bytes (and S3), unlike the default string sort', () => {
  const words = ['\u{1F642}', '\uFF21', 'é', 'z', 'Z', 'a', 'ab', '', '\uD7FF', '\uE000', '\u{10000}', '日'];
  const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  assert.deepEqual([...words].sort(compareUtf8), byBytes);
  assert.notDeepEqual([...words].sort(), byBytes, 'the default sort differs, which is why compareUtf8 exists');
});
