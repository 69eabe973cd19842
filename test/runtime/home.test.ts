/**
 * A home Godwit cannot write to. Tests run as root, where permission bits stop nothing, so the
 * homes here fail for reasons root cannot override: a path under a file, a read-only bind mount,
 * and kernel file systems that take no new files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureWritableHome, godwitHome } from '../../src/core/home.js';
import { runGodwit } from '../helpers/godwit-process.js';
import { scratchDir } from '../helpers/scratch.js';

const BIN = fileURLToPath(new URL('../../bin/godwit.js', import.meta.url));
const PIPELINE = {
  apiVersion: 'godwit/v1',
  kind: 'Pipeline',
  name: 'tiny',
  parameters: [],
  steps: [{ name: 's', type: 'processing', process: { command: ['true'] }, inputs: [], outputs: [] }],
};

function pipelineFile(dir: string): string {
  writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(PIPELINE));
  return join(dir, 'pipeline.json');
}

function assertNotWritable(stderr: string, home: string, why: RegExp): void {
  assert.match(stderr, new RegExp(`Godwit cannot write to its home ${home}: `));
  assert.match(stderr, why);
  assert.match(stderr, /GODWIT_HOME=\/path\/to\/folder/);
  assert.doesNotMatch(stderr, /internal error|please report/);
}

const bwrapFails = spawnSync('bwrap', ['--bind', '/', '/', '--dev', '/dev', '--proc', '/proc', 'true']).status !== 0;

describe("Godwit's home", () => {
  test('under a file: godwit run says the home is not writable, names the file, and how to choose another', async () => {
    const dir = scratchDir('godwit-home-');
    writeFileSync(join(dir, 'a-file'), '');
    const home = join(dir, 'a-file', 'home');
    const r = await runGodwit(['run', pipelineFile(dir)], { GODWIT_HOME: home });
    assert.equal(r.code, 2, r.stderr);
    assertNotWritable(r.stderr, home, new RegExp(`${join(dir, 'a-file')} is a file, not a folder`));
  });

  test('on a read-only mount (EROFS): godwit run and runs list say so', {
    skip: bwrapFails && 'bubblewrap cannot run here',
  }, () => {
    const dir = scratchDir('godwit-home-');
    const home = join(dir, 'home');
    mkdirSync(home);
    const file = pipelineFile(dir);
    for (const args of [
      ['run', file],
      ['runs', 'list'],
    ]) {
      const r = spawnSync(
        'bwrap',
        ['--bind', '/', '/', '--ro-bind', home, home, '--dev', '/dev', '--proc', '/proc', '--', process.execPath, BIN, ...args],
        { encoding: 'utf8', env: { ...process.env, GODWIT_HOME: home, CI: '1' } },
      );
      assert.equal(r.status, 2, r.stderr);
      assertNotWritable(r.stderr, home, new RegExp(`${home} is on a read-only file system`));
    }
    assert.deepEqual(readdirSync(home), [], 'nothing was written');
  });

  test('in kernel file systems that take no new files: a coded error, at once', { skip: process.platform !== 'linux' }, () => {
    // Node's recursive mkdir never returns for a path under /proc; the home is made a level at a time.
    for (const [root, why] of [
      [`/proc/godwit-test-${process.pid}/home`, /\/proc does not allow new files/],
      [`/sys/godwit-test-${process.pid}`, /\/sys does not allow writing/],
      ['/proc/self', /\/proc\/self does not allow writing/],
    ] as const) {
      assert.throws(
        () => ensureWritableHome(godwitHome(root)),
        (err: Error & { code?: string }) => err.code === 'E_HOME_NOT_WRITABLE' && why.test(err.message),
        root,
      );
    }
  });

  test('a new home is created with its missing parents, and the write check leaves nothing behind', () => {
    const root = join(scratchDir('godwit-home-'), 'deep', 'er', 'home');
    ensureWritableHome(godwitHome(root));
    assert.deepEqual(readdirSync(root), []);
  });
});
