import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { godwitProcess } from './process.js';

const RECORDER = new URL('./fixtures/record-loads.mjs', import.meta.url).href;

/** The Godwit sources (paths under src/) and packages a command loads, recorded by a loader hook. */
async function loads(args: string[]): Promise<{ sources: string[]; packages: string[]; urls: string[] }> {
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
    urls,
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
      sources.filter((s) => /^(runtime|pipeline|compile|submit|migrate|ml|serving|store|warehouse|sql|server)\//.test(s)),
      [],
    );
    // By design, the command table (cli/spec/) gains a small file per noun and opening the
    // metadata database loads each capability's migrations (`*-schema.ts`); the rest is the budget
    // (42 since the configuration's `workflows:` section got its checker, config/config-workflows.ts).
    const beyond = sources.filter((s) => !s.startsWith('cli/spec/') && !s.endsWith('-schema.ts'));
    assert.ok(beyond.length <= 42, `${beyond.length} sources: ${beyond.join(', ')}`);
  });

  test("godwit demo runs the example's IR file, not its TypeScript (which would load tsx)", async () => {
    const { urls, sources } = await loads(['demo']);
    assert.deepEqual(
      urls.filter((u) => /examples\/abalone\/.*\.ts$/.test(u)),
      [],
    );
    assert.ok(sources.includes('cli/commands/demo.ts'));
  });

  test('godwit run of a 1-step YAML pipeline loads the runner of its step kind only: no ML, contract or DSL code', async () => {
    const dir = scratchDir('godwit-one-step-');
    const file = join(dir, 'pipeline.yaml');
    writeFileSync(
      file,
      'apiVersion: godwit/v1\nkind: Pipeline\nname: one-step\nparameters: []\nsteps:\n' +
        '  - name: only\n    type: processing\n    process:\n      command: ["true"]\n    inputs: []\n    outputs: []\n',
    );
    const { sources } = await loads(['run', file]);
    assert.ok(sources.includes('runtime/runners/processing-runner.ts'));
    const unused = /^(ml\/|pipeline\/dsl\/|runtime\/runners\/(training|transform|register-model|function)-runner)/;
    assert.deepEqual(
      sources.filter(
        (s) => unused.test(s) || (s.startsWith('runtime/contracts/') && !/(interpreter|contract-options)\.ts$/.test(s)),
      ),
      [],
    );
  });
});
