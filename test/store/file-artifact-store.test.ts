import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { artifactStoreContract } from '../../src/store/artifact-store.contract.js';
import { FileArtifactStore, STATE_FOLDER } from '../../src/store/file-artifact-store.js';

const hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

artifactStoreContract('file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-file-store-'));
  return { store: new FileArtifactStore(join(dir, 'root')), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('FileArtifactStore', () => {
  let dir: string;
  let root: string;
  let store: FileArtifactStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'godwit-file-store-'));
    root = join(dir, 'root');
    store = new FileArtifactStore(root);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('the constructor does no I/O; reads of a missing root are empty; the first write creates it', async () => {
    await assert.rejects(stat(root), { code: 'ENOENT' });
    assert.equal(await store.head('a'), undefined);
    assert.deepEqual(await store.list(''), []);
    await store.delete('a');
    await assert.rejects(stat(root), { code: 'ENOENT' });
    await store.put('a', 'x');
    assert.ok((await stat(root)).isDirectory());
  });

  test('a key is a plain file under the root, and uri() is its file:// URL', async () => {
    await store.put('runs/42/model 1.json', '{"ok":true}');
    assert.equal(await readFile(join(root, 'runs', '42', 'model 1.json'), 'utf8'), '{"ok":true}');
    const uri = store.uri('runs/42/model 1.json');
    assert.ok(uri.startsWith('file:///') && uri.includes('model%201.json'), uri);
    assert.equal(fileURLToPath(uri), join(root, 'runs', '42', 'model 1.json'));
    assert.equal(store.keyOf(join(root, 'runs', '42', 'model 1.json')), 'runs/42/model 1.json', 'a plain path works too');
    assert.equal(store.keyOf(`file://${root}`), '');
    assert.equal(store.keyOf(`file://${dir}/root-sibling/x`), undefined);
  });

  test('keys under the state folder are reserved, and list never shows the state folder', async () => {
    await store.put('x', 'x');
    await assert.rejects(store.put(`${STATE_FOLDER}/tmp/evil`, 'x'), code('E_KEY_RESERVED'));
    await assert.rejects(store.get(`${STATE_FOLDER}/sha256/x`), code('E_KEY_RESERVED'));
    assert.ok((await readdir(join(root, STATE_FOLDER))).length > 0, 'the store keeps state');
    assert.deepEqual(
      (await store.list('')).map((o) => o.key),
      ['x'],
    );
    assert.deepEqual(await store.list('.godwit'), []);
  });

  test('a symlink to a file outside the root is refused for every operation', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret'), 'secret');
    await store.put('keep', 'keep');
    await symlink(join(outside, 'secret'), join(root, 'link'));
    await assert.rejects(store.get('link'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.head('link'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.verify('link'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.getToFile('link', join(dir, 'copy')), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.put('link', 'overwrite'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.list(''), code('E_KEY_ESCAPES_ROOT'));
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'secret');
    // A prefix that does not reach the link still lists.
    assert.deepEqual(
      (await store.list('k')).map((o) => o.key),
      ['keep'],
    );
  });

  test('a symlinked folder pointing outside the root is refused for reads and writes', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret'), 'secret');
    await mkdir(root, { recursive: true });
    await symlink(outside, join(root, 'dirlink'));
    await assert.rejects(store.get('dirlink/secret'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.head('dirlink/missing'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.put('dirlink/new', 'x'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.put('dirlink/deep/new', 'x'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.delete('dirlink/secret'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.list('dirlink/'), code('E_KEY_ESCAPES_ROOT'));
    assert.deepEqual((await readdir(outside)).sort(), ['secret']);
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'secret');
  });

  test('a dangling symlink is refused: its target cannot be shown to stay inside the root', async () => {
    await mkdir(root, { recursive: true });
    await symlink(join(dir, 'not-yet'), join(root, 'dangling'));
    await assert.rejects(store.put('dangling', 'x'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(store.get('dangling'), code('E_KEY_ESCAPES_ROOT'));
    await assert.rejects(stat(join(dir, 'not-yet')), { code: 'ENOENT' });
  });

  test('symlinks that stay inside the root are followed for reads; a write replaces the link, not its target', async () => {
    await store.put('real/data.csv', 'a,b\n1,2\n');
    await symlink(join(root, 'real'), join(root, 'alias'));
    await symlink(join(root, 'real', 'data.csv'), join(root, 'file-alias'));
    assert.equal((await store.get('alias/data.csv')).toString(), 'a,b\n1,2\n');
    assert.equal((await store.head('file-alias'))?.sha256, hex('a,b\n1,2\n'));
    assert.deepEqual(
      (await store.list('')).map((o) => o.key),
      ['alias/data.csv', 'file-alias', 'real/data.csv'],
    );
    await store.put('file-alias', 'replaced');
    assert.equal((await store.get('file-alias')).toString(), 'replaced');
    assert.equal((await store.get('real/data.csv')).toString(), 'a,b\n1,2\n');
  });

  test('a symlink cycle inside the root is reported, not followed forever', async () => {
    await store.put('loop/a', 'a');
    await symlink(join(root, 'loop'), join(root, 'loop', 'back'));
    await assert.rejects(store.list(''), code('E_SYMLINK_CYCLE'));
  });

  test('a failed stream put leaves no temp file and no object', async () => {
    await store.put('other', 'other');
    async function* failing() {
      yield Buffer.alloc(64 * 1024, 1);
      throw new Error('network dropped');
    }
    await assert.rejects(store.put('a/b/c', Readable.from(failing())), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_STORE_IO');
      assert.ok(err.message.includes('network dropped') && err.message.includes(store.uri('a/b/c')), err.message);
      return true;
    });
    assert.deepEqual(await readdir(join(root, STATE_FOLDER, 'tmp')), []);
    await assert.rejects(stat(join(root, 'a', 'b', 'c')), { code: 'ENOENT' });
  });

  test('putFile of a missing local file is E_NOT_FOUND naming the path', async () => {
    const missing = join(dir, 'no-such-file');
    await assert.rejects(store.putFile('k', missing), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_NOT_FOUND');
      assert.ok(err.message.includes(missing));
      return true;
    });
    assert.deepEqual(await readdir(join(root, STATE_FOLDER, 'tmp')), []);
  });

  test('a file corrupted in place behind the store is caught by verify, get, getToFile and head', async () => {
    await store.put('m/model.bin', 'the real model bytes');
    const path = join(root, 'm', 'model.bin');
    await writeFile(path, 'the fake model bytes'); // same length, same inode, new mtime
    await assert.rejects(store.verify('m/model.bin'), code('E_CHECKSUM'));
    await assert.rejects(store.get('m/model.bin'), code('E_CHECKSUM'));
    await assert.rejects(store.head('m/model.bin'), code('E_CHECKSUM'));
    await assert.rejects(store.getToFile('m/model.bin', join(dir, 'copy')), code('E_CHECKSUM'));
    await assert.rejects(stat(join(dir, 'copy')), { code: 'ENOENT' });
    assert.deepEqual(await readdir(dir), ['root'], 'no partial copy is left beside the destination');

    // Writing it again through the store is the way out.
    await store.put('m/model.bin', 'the real model bytes');
    assert.equal((await store.verify('m/model.bin')).sha256, hex('the real model bytes'));
  });

  test('bit rot that keeps the mtime passes head (no re-read) but not verify or get', async () => {
    await store.put('rot', 'the real model bytes');
    const path = join(root, 'rot');
    // A whole-second mtime can be restored exactly after the corruption below.
    const when = new Date(Math.floor(Date.now() / 1000) * 1000 - 5000);
    await utimes(path, when, when);
    assert.equal((await store.head('rot'))?.sha256, hex('the real model bytes'));
    await writeFile(path, 'the fake model bytes');
    await utimes(path, when, when);
    assert.equal((await store.head('rot'))?.sha256, hex('the real model bytes'));
    await assert.rejects(store.verify('rot'), code('E_CHECKSUM'));
    await assert.rejects(store.get('rot'), code('E_CHECKSUM'));
  });

  test('a file that only had its mtime touched still verifies', async () => {
    await store.put('t', 'same bytes');
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, 't'), later, later);
    assert.equal((await store.head('t'))?.sha256, hex('same bytes'));
    assert.equal((await store.verify('t')).sha256, hex('same bytes'));
  });

  test('files placed in the root by other tools are objects, hashed on first sight', async () => {
    await mkdir(join(root, 'external'), { recursive: true });
    await writeFile(join(root, 'external', 'data.csv'), 'x,y\n');
    assert.deepEqual(
      (await store.list('external/')).map((o) => [o.key, o.sha256]),
      [['external/data.csv', hex('x,y\n')]],
    );
    // Replaced by another tool (new file, new inode): the new content is taken as is.
    await rm(join(root, 'external', 'data.csv'));
    await writeFile(join(root, 'external', 'data.csv'), 'x,y\n1,2\n');
    assert.equal((await store.head('external/data.csv'))?.sha256, hex('x,y\n1,2\n'));
    assert.equal((await store.get('external/data.csv')).toString(), 'x,y\n1,2\n');
  });

  test('an object and a folder cannot share a name: E_KEY_CONFLICT', async () => {
    await store.put('a', 'object');
    await assert.rejects(store.put('a/b', 'x'), code('E_KEY_CONFLICT'));
    await store.put('c/d', 'x');
    await assert.rejects(store.put('c', 'x'), code('E_KEY_CONFLICT'));
    assert.equal((await store.get('a')).toString(), 'object');
    assert.deepEqual(await readdir(join(root, STATE_FOLDER, 'tmp')), []);
  });

  test('delete removes folders it leaves empty, and only those', async () => {
    await store.put('x/y/z', 'z');
    await store.put('x/keep', 'k');
    await store.delete('x/y/z');
    await assert.rejects(stat(join(root, 'x', 'y')), { code: 'ENOENT' });
    assert.ok((await stat(join(root, 'x'))).isDirectory());
    await store.delete('x/keep');
    await assert.rejects(stat(join(root, 'x')), { code: 'ENOENT' });
    assert.ok((await stat(root)).isDirectory(), 'the root stays');
  });

  test('deleting a symlink key removes the link, not its target; a link to a folder is a folder', async () => {
    await store.put('target', 'data');
    await symlink(join(root, 'target'), join(root, 'alias'));
    await store.delete('alias');
    assert.equal((await store.get('target')).toString(), 'data');
    assert.equal(await store.head('alias'), undefined);

    await store.put('folder/x', 'x');
    await symlink(join(root, 'folder'), join(root, 'folder-alias'));
    await store.delete('folder-alias');
    assert.equal((await store.get('folder-alias/x')).toString(), 'x');
  });
});
