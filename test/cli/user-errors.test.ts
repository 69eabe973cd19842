import assert from 'node:assert/strict';
import { cpSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { bodyJson, type FakeCloud, startFakeCloud } from '../submit/fake-cloud.js';
import { fakeSageMaker } from '../submit/fake-sagemaker.js';
import { godwit, godwitProcess, ROOT } from './process.js';

const INTERNAL = /internal error|please report it/i;

describe('errors a user can cause are coded, with a way out', () => {
  test('a bad --interrupt value is a usage error that shows the form', async () => {
    const home = join(scratchDir('godwit-interrupt-'), 'home');
    const r = await godwit(['run', join(ROOT, 'examples/yaml-hello/pipeline.yaml'), '--interrupt', 'nonsense'], {
      GODWIT_HOME: home,
    });
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stderr, INTERNAL);
    assert.match(r.stderr, /^error: --interrupt needs STEP@SECONDS \(e\.g\. train@30\), not "nonsense"\. Usage: godwit run /);
  });

  test('godwit demo from an installation without examples/ says so and how to get them', async () => {
    // An installed copy: the sources and their dependencies, but no examples folder beside them.
    const install = scratchDir('godwit-install-');
    cpSync(join(ROOT, 'src'), join(install, 'src'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(install, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'));
    const r = await godwitProcess(
      ['demo'],
      { GODWIT_HOME: join(install, 'home') },
      { cwd: install, bin: join(install, 'src/cli/bin.ts') },
    ).done;
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stderr, INTERNAL);
    assert.match(
      r.stderr,
      /^error: The abalone example is missing from this Godwit installation \(looked for .*examples\/abalone\/pipeline\.ts\)/,
    );
    assert.match(r.stderr, /godwit run examples\/abalone\/pipeline\.ts/);
  });
});

describe('the AWS SDK says nothing about Node versions', () => {
  let cloud: FakeCloud;
  before(async () => {
    cloud = await startFakeCloud(fakeSageMaker());
  });
  after(() => cloud.close());

  test('godwit submit --target sagemaker loads the SDK client and prints no NodeVersionSupportWarning', async () => {
    const dir = scratchDir('godwit-aws-');
    const env = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', GODWIT_HOME: join(dir, 'home') };
    const r = await godwit(
      ['submit', join(ROOT, 'examples/abalone/pipeline.ts'), '--target', 'sagemaker', '--endpoint', cloud.url],
      env,
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(bodyJson(cloud.requests[1]).PipelineName, 'abalone', 'the SDK client really sent the requests');
    assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning|will require node/);
  });
});

describe('a reader that closes the output early', () => {
  let home: string;
  let dir: string;
  let runId: string;
  before(async () => {
    dir = scratchDir('godwit-pipe-');
    home = join(dir, 'home');
    const pipeline = {
      apiVersion: 'godwit/v1',
      kind: 'Pipeline',
      name: 'chatty',
      parameters: [],
      steps: [{ name: 'talk', type: 'processing', process: { command: ['seq', '1', '300000'] }, inputs: [], outputs: [] }],
    };
    writeFileSync(join(dir, 'chatty.json'), JSON.stringify(pipeline));
    const r = await godwit(['run', join(dir, 'chatty.json'), '--json'], { GODWIT_HOME: home });
    assert.equal(r.code, 0, r.stderr);
    runId = JSON.parse(r.stdout).id;
  });

  /** Runs the command and closes our end of its stdout after the first chunk (or at once). */
  async function closedEarly(args: string[], atOnce = false) {
    const { child, done } = godwitProcess(args, { GODWIT_HOME: home });
    if (atOnce) child.stdout?.destroy();
    else child.stdout?.once('data', () => child.stdout?.destroy());
    return done;
  }

  test('godwit runs logs … | head ends quietly with exit 0', async () => {
    const r = await closedEarly(['runs', 'logs', runId, 'talk']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  test('godwit runs show --json | head -c 10 ends quietly with exit 0', async () => {
    const r = await closedEarly(['runs', 'show', runId, '--json'], true);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  test('a run whose output is closed finishes and is recorded as succeeded', async () => {
    const flag = join(dir, 'go.flag');
    const waiting = {
      apiVersion: 'godwit/v1',
      kind: 'Pipeline',
      name: 'waiting',
      parameters: [],
      steps: [
        {
          name: 'wait',
          type: 'processing',
          process: { command: ['sh', '-c', `i=0; while [ ! -f ${flag} ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done`] },
          inputs: [],
          outputs: [],
        },
        { name: 'after', type: 'processing', dependsOn: ['wait'], process: { command: ['true'] }, inputs: [], outputs: [] },
      ],
    };
    writeFileSync(join(dir, 'waiting.json'), JSON.stringify(waiting));
    const { child, done } = godwitProcess(['run', join(dir, 'waiting.json')], { GODWIT_HOME: home });
    let seen = '';
    await new Promise<void>((resolve) =>
      child.stdout?.on('data', (d) => {
        seen += d;
        if (/wait: started/.test(seen)) resolve();
      }),
    );
    child.stdout?.destroy();
    writeFileSync(flag, '');
    const r = await done;
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    const id = /as (run-[0-9a-f-]+)/.exec(seen)?.[1];
    const list = JSON.parse((await godwit(['runs', 'list', '--json'], { GODWIT_HOME: home })).stdout);
    assert.equal(list.find((run: { id: string }) => run.id === id)?.status, 'succeeded');
  });

  test('godwit demo | head -2 prints two lines and the demo run still succeeds', async () => {
    const demoHome = join(dir, 'demo-home');
    const tsx = import.meta.resolve('tsx');
    const command = `set -o pipefail; '${process.execPath}' --conditions=godwit-source --import '${tsx}' '${join(ROOT, 'src/cli/bin.ts')}' demo | head -2`;
    const { spawn } = await import('node:child_process');
    const shell = spawn('bash', ['-c', command], { cwd: dir, env: { ...process.env, GODWIT_HOME: demoHome, CI: '1' } });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (d) => (stdout += d));
    shell.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => shell.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0, 'godwit exits 0 (pipefail)');
    assert.equal(stdout.trimEnd().split('\n').length, 2);
    const [run] = JSON.parse((await godwit(['runs', 'list', '--json'], { GODWIT_HOME: demoHome })).stdout);
    assert.equal(run.pipeline, 'abalone');
    assert.equal(run.status, 'succeeded');
  });
});
