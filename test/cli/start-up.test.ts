import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { godwitProcess } from './process.js';

const RECORDER = new URL('./fixtures/record-loads.mjs', import.meta.url).href;

/** The Godwit sources (paths under src/) and packages a command loads, recorded by a loader hook. */
async function loads(args: string[]): Promise<{ sources: string[]; packages: string[] }> {
  const dir = scratchDir('godwit-loads-');
  const file = join(dir, 'loads.txt');
  const r = await godwitProcess(
    args,
    { GODWIT_HOME: join(dir, 'home'), GODWIT_LOADS_FILE: file },
    { nodeArgs: ['--import', RECORDER] },
  ).done;
  assert.equal(r.code, 0, r.stderr);
  const urls = [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))];
  return {
    sources: urls.flatMap((u) => /\/src\/(.*)$/.exec(u)?.[1] ?? []),
    packages: urls
      .flatMap((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1] ?? []) // tsx and its esbuild are how the sources run in a checkout; a built install does without them.
      .filter((p) => p !== 'tsx' && p !== 'esbuild'),
  };
}

describe('start-up: a command loads only what it uses', () => {
  test("godwit --help and a noun's --help read the command table and load no command", async () => {
    for (const args of [['--help'], ['runs', '--help'], ['models', 'history', '--help']]) {
      const { sources, packages } = await loads(args);
      assert.deepEqual(
        sources.filter((s) => !/^(cli\/(bin|main|help|output|closed-output)\.ts|cli\/spec\/|core\/errors\.ts)/.test(s)),
        [],
        args.join(' '),
      );
      assert.deepEqual(packages, [], `${args.join(' ')} loads no package`);
    }
  });

  test('godwit runs list loads the metadata database and nothing of the runtime, pipelines, compilers or ML', async () => {
    const { sources } = await loads(['runs', 'list']);
    assert.ok(sources.includes('runs/run-summaries.ts'));
    assert.deepEqual(
      sources.filter((s) => /^(runtime|pipeline|compile|submit|migrate|ml|serving|store)\//.test(s)),
      [],
    );
    assert.ok(sources.length <= 50, `${sources.length} sources: ${sources.join(', ')}`);
  });
});
