import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ABALONE = join(ROOT, 'examples/abalone/pipeline.ts');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source, as a user's shell would (no TTY, so plain progress lines). */
function godwit(args: string[], env: Record<string, string>, cwd = ROOT): { child: ChildProcess; done: Promise<Result> } {
  // tsx by absolute URL: the command may run in a folder with no node_modules.
  const tsx = import.meta.resolve('tsx');
  const child = spawn(process.execPath, ['--conditions=godwit-source', '--import', tsx, join(ROOT, 'src/cli/bin.ts'), ...args], {
    cwd,
    env: { ...process.env, ...env, CI: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<Result>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const run = (args: string[], env: Record<string, string>, cwd?: string) => godwit(args, env, cwd).done;

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A JSON-IR pipeline with one process step that waits for a flag file (or 30 s). */
function waitingPipeline(flag: string) {
  return {
    apiVersion: 'godwit/v1',
    kind: 'Pipeline',
    name: 'waiting',
    parameters: [],
    steps: [
      {
        name: 'wait',
        type: 'processing',
        process: {
          command: ['sh', '-c', `echo waiting; i=0; while [ ! -f ${flag} ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done`],
        },
        inputs: [],
        outputs: [],
      },
      { name: 'after', type: 'processing', dependsOn: ['wait'], process: { command: ['true'] }, inputs: [], outputs: [] },
    ],
  };
}

describe('godwit demo and runs', () => {
  let env: Record<string, string>;
  let demo: Result;
  let runId: string;
  let root: string;
  before(async () => {
    root = await tempDir();
    env = { GODWIT_HOME: join(root, 'home') };
    demo = await run(['demo'], env);
    runId = /Run (run-[0-9a-f-]+)/.exec(demo.stdout)?.[1] ?? '';
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('runs the abalone pipeline end to end and ends with a summary', () => {
    assert.equal(demo.code, 0, demo.stderr + demo.stdout);
    assert.match(demo.stdout, /Running pipeline abalone as run-/);
    for (const step of ['preprocess', 'train', 'evaluate', 'check-mse', 'register', 'batch-transform']) {
      assert.match(demo.stdout, new RegExp(`${step}\\s+\\S+\\s+succeeded`), `step ${step} in the summary`);
    }
    assert.match(demo.stdout, /mse-too-high\s+fail\s+skipped/);
    assert.match(demo.stdout, /validation:mse = \d/);
    assert.match(demo.stdout, /regression_metrics\.mse\.value = \d/);
    assert.match(demo.stdout, /AbaloneModelPackageGroup version 1\s+PendingManualApproval/);
    assert.match(demo.stdout, /Artifacts: .*runs\/run-/);
    assert.match(demo.stdout, new RegExp(`godwit runs show ${runId}`));
  });

  test('ends by serving the registered model in-process once, then says how to keep it serving', () => {
    const served =
      /Served AbaloneModelPackageGroup version 1 in-process \(linear-learner, started and answered in [\d.]+ ms\):\n {2}one held-out abalone → ([\d.]+) rings predicted \((\d+) counted\); stopped again\./.exec(
        demo.stdout,
      );
    assert.ok(served, demo.stdout);
    // The model's MSE is about 5 rings²: one prediction lands within a few rings of the count.
    assert.ok(Math.abs(Number(served[1]) - Number(served[2])) < 10, served[0]);
    assert.match(
      demo.stdout,
      /godwit server --detach\n {2}godwit endpoint create abalone --model AbaloneModelPackageGroup\/latest-approved/,
    );
  });

  test('writes a data-quality baseline of the training features and says how to watch the endpoint with it', async () => {
    const baseline = join(root, 'home', 'demo', 'abalone', 'baseline');
    const statistics = JSON.parse(await readFile(join(baseline, 'statistics.json'), 'utf8'));
    const constraints = JSON.parse(await readFile(join(baseline, 'constraints.json'), 'utf8'));
    // The label is left out: the columns are the request's features, named as headerless CSV capture names them.
    const served = /godwit endpoint invoke abalone --body "([^"]+)"/.exec(demo.stdout)?.[1] ?? '';
    const width = served.split(',').length;
    assert.deepEqual(
      statistics.features.map((f: { name: string }) => f.name),
      Array.from({ length: width }, (_, i) => `_c${i}`),
    );
    assert.equal(constraints.features.length, width);
    assert.match(statistics.dataset.item_count.toString(), /^\d{4}$/, 'about 70% of 4176 abalones');
    assert.match(demo.stdout, /godwit endpoint create abalone --model \S+ --capture-uri file:\/\/\S+\/demo\/abalone\/capture\//);
    assert.match(
      demo.stdout,
      /godwit monitor schedule create abalone-hourly --endpoint abalone --output file:\S+ --statistics file:\S+\/baseline\/statistics\.json --constraints file:\S+\/baseline\/constraints\.json/,
    );
  });

  test('the test MSE is under the default threshold of 6.0', async () => {
    const mse = Number(/regression_metrics\.mse\.value = ([\d.]+)/.exec(demo.stdout)?.[1]);
    assert.ok(mse > 0 && mse <= 6.0, `MSE ${mse}`);
  });

  test('runs list and runs show --json describe the run', async () => {
    const list = await run(['runs', 'list', '--json'], env);
    assert.equal(list.code, 0);
    const runs = JSON.parse(list.stdout);
    assert.equal(runs[0].id, runId);
    assert.equal(runs[0].status, 'succeeded');

    const show = await run(['runs', 'show', runId, '--json'], env);
    assert.equal(show.code, 0, show.stderr);
    const report = JSON.parse(show.stdout);
    assert.equal(report.steps.length, 7);
    const model = report.artifacts.find((a: { step: string; name: string }) => a.step === 'train' && a.name === 'model');
    assert.match(model.sha256, /^[0-9a-f]{64}$/);
    assert.ok(model.size > 0);
    assert.ok(report.metrics.some((m: { name: string }) => m.name === 'validation:mse'));
    assert.equal(report.modelVersions[0].version, 1);

    const human = await run(['runs', 'show', runId], env);
    assert.match(human.stdout, /Artifacts:[\s\S]*train\s+model\s+model/);
    assert.match(human.stdout, /Logs:[\s\S]*preprocess attempt 1: .*attempt-1\.log/);
  });

  test('runs logs prints a step log', async () => {
    const logs = await run(['runs', 'logs', runId, 'preprocess'], env);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /preprocess\.mjs/);
    const unknown = await run(['runs', 'logs', runId, 'nope'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /has no step "nope"\. Its steps: preprocess, train/);
  });

  test('a second demo run reuses the cached training step and registers version 2', async () => {
    const second = await run(['demo'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`train: cached \\(cache hit: reused run ${runId}\\)`));
    assert.match(second.stdout, /AbaloneModelPackageGroup version 2/);
  });

  test('a threshold below the MSE takes the fail branch and exits 1', async () => {
    const failed = await run(['demo', '--param', 'mse_threshold=3.0'], env);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /Execution failed due to MSE > 3/);
    assert.match(failed.stdout, /register\s+register-model\s+skipped/);
    assert.match(failed.stdout, /godwit run --resume run-/);
  });

  test('models list shows the registered versions; approve changes the status', async () => {
    const list = await run(['models', 'list', 'AbaloneModelPackageGroup', '--json'], env);
    const versions = JSON.parse(list.stdout);
    assert.ok(versions.length >= 2);
    // The register step read the trained model's folder: its descriptor is recorded with the version.
    const { framework, format, signature } = versions[0].descriptor;
    assert.deepEqual([framework, format, signature.inputs[0].name], ['linear-learner', 'godwit.linear-learner', 'features']);
    assert.ok(signature.inputs[0].shape[1] > 0);
    const table = await run(['models', 'list', 'AbaloneModelPackageGroup'], env);
    assert.match(table.stdout, /FRAMEWORK\s+MODEL/);
    assert.match(table.stdout, /linear-learner 1\s+file:\/\//);
    const approve = await run(['models', 'approve', 'AbaloneModelPackageGroup', '1', '--note', 'looked fine'], env);
    assert.equal(approve.code, 0, approve.stderr);
    assert.match(approve.stdout, /version 1 is now Approved/);
  });
});

describe('bad input', () => {
  let env: Record<string, string>;
  let dir: string;
  before(async () => {
    dir = await tempDir();
    env = { GODWIT_HOME: join(dir, 'home') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a mistyped parameter names the parameter, its type and the value', async () => {
    const r = await run(['run', ABALONE, '--param', 'mse_threshold=abc'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /mse_threshold/);
    assert.match(r.stderr, /float/);
    assert.match(r.stderr, /abc/);
  });

  test('an unknown parameter lists the known ones', async () => {
    const r = await run(['run', ABALONE, '--param', 'nope=1'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nope/);
    assert.match(r.stderr, /mse_threshold/);
  });

  test('a missing pipeline file says where it looked', async () => {
    const r = await run(['run', 'no-such-pipeline.ts'], env, dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no-such-pipeline\.ts/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
  });

  test('validate lists every problem with its step and field', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(
      file,
      JSON.stringify({
        apiVersion: 'godwit/v1',
        kind: 'Pipeline',
        name: 'broken',
        parameters: [],
        steps: [
          {
            name: 'a',
            type: 'processing',
            process: { command: ['true'] },
            inputs: [{ name: 'x', source: { kind: 'StepOutput', step: 'ghost', output: 'o' } }],
            outputs: [],
          },
          { name: 'a', type: 'fail', message: { kind: 'Parameter', name: 'missing' } },
        ],
      }),
    );
    const r = await run(['validate', file], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ghost/);
    assert.match(r.stderr, /missing/);
    assert.match(r.stderr, /step names must be unique/);
  });

  test('resuming an unknown run names it', async () => {
    const r = await run(['run', '--resume', 'run-nope'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /No run "run-nope"/);
  });

  test('every command has --help with an example', async () => {
    for (const cmd of ['demo', 'run', 'validate', 'compile', 'runs', 'models']) {
      const r = await run([cmd, '--help'], env);
      assert.equal(r.code, 0, cmd);
      assert.match(r.stdout, /Usage: godwit/);
      assert.match(r.stdout, /Example/);
    }
    const top = await run(['--help'], env);
    assert.match(top.stdout, /godwit demo/);
    const unknown = await run(['frobnicate'], env);
    assert.equal(unknown.code, 2);
  });
});

describe('YAML pipelines and compile', () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = await tempDir();
    env = { GODWIT_HOME: join(dir, 'home') };
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const HELLO = join(ROOT, 'examples/yaml-hello/pipeline.yaml');

  test('a pipeline written as YAML IR runs, and its condition reads the property file', async () => {
    const ok = await run(['run', HELLO], env);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /hello\s+processing\s+succeeded/);
    assert.match(ok.stdout, /too-short\s+fail\s+skipped/);
    const short = await run(['run', HELLO, '--param', 'greeting=Hi', '--param', 'min_words=3'], env);
    assert.equal(short.code, 1);
    assert.match(short.stdout, /check-length\s+condition\s+succeeded\s+\S+ ms\s+1\s+took the else branch/);
  });

  test('compile --target ir prints the validated IR', async () => {
    const r = await run(['compile', ABALONE, '--target', 'ir'], env);
    assert.equal(r.code, 0, r.stderr);
    const ir = JSON.parse(r.stdout);
    assert.equal(ir.apiVersion, 'godwit/v1');
    assert.deepEqual(
      ir.steps.map((s: { name: string }) => s.name),
      ['preprocess', 'train', 'evaluate', 'check-mse', 'register', 'batch-transform', 'mse-too-high'],
    );
  });

  test('compile -o writes exactly the golden file and lists the uploads', async () => {
    const out = join(dir, 'abalone.sagemaker.json');
    const r = await run(['compile', ABALONE, '--target', 'sagemaker', '-o', out], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await readFile(out, 'utf8'), await readFile(join(ROOT, 'examples/abalone/abalone.sagemaker.json'), 'utf8'));
    assert.match(r.stderr, /steps\/preprocess\.mjs → s3:\/\/.*\/code\/preprocess\/preprocess\.mjs/);
  });

  test('compile --target kfp says what it weakened', async () => {
    const r = await run(['compile', ABALONE, '--target', 'kfp'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, await readFile(join(ROOT, 'examples/abalone/abalone.kfp.yaml'), 'utf8'));
    assert.match(r.stderr, /warning: step "train": cache expiry P30D cannot be expressed/);
  });

  test('a feature a target cannot express is an error naming the step, the feature and the target', async () => {
    const file = join(dir, 'fn.mts');
    await writeFile(
      file,
      `import { fn, pipeline } from 'godwit';\nexport default pipeline('local-only', { steps: [fn('inline', { run: () => {} })] });\n`,
    );
    const r = await run(['compile', file, '--target', 'sagemaker'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Step "inline" uses .*function.*sagemaker target cannot express/i);
  });
});

describe('stopping and resuming from the command line', () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = await tempDir();
    env = { GODWIT_HOME: join(dir, 'home') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Starts a run whose first step waits for `flag`, and returns once that step has started. */
  async function startWaitingRun(name: string) {
    const flag = join(dir, `${name}.flag`);
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(waitingPipeline(flag)));
    const { child, done } = godwit(['run', file], env);
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    await until(() => /wait: started/.test(out));
    return { child, done, flag, output: () => out };
  }

  test('Ctrl-C stops the run cleanly and --resume finishes it', async () => {
    const { child, done, flag } = await startWaitingRun('sigint');
    child.kill('SIGINT');
    const stopped = await done;
    assert.equal(stopped.code, 1);
    assert.match(stopped.stdout, /wait\s+processing\s+stopped/);
    assert.match(stopped.stdout, /after\s+processing\s+not-run/);
    const runId = /Run (run-[0-9a-f-]+)/.exec(stopped.stdout)?.[1] as string;

    await writeFile(flag, '');
    const resumed = await run(['run', '--resume', runId], env);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    assert.match(resumed.stdout, /Resuming pipeline waiting/);
    assert.match(resumed.stdout, /after\s+processing\s+succeeded/);
  });

  test('a killed run shows as interrupted and resumes', async () => {
    const { child, done, flag, output } = await startWaitingRun('kill');
    child.kill('SIGKILL');
    await done;
    const runId = /as (run-[0-9a-f-]+)/.exec(output())?.[1] as string;
    const list = JSON.parse((await run(['runs', 'list', '--json'], env)).stdout);
    assert.equal(list.find((r: { id: string }) => r.id === runId).status, 'interrupted');

    await writeFile(flag, '');
    const resumed = await run(['run', '--resume', runId], env);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    const attempts = JSON.parse((await run(['runs', 'show', runId, '--json'], env)).stdout).steps.find(
      (s: { name: string }) => s.name === 'wait',
    ).attemptsDetail;
    assert.deepEqual(
      attempts.map((a: { attempt: number }) => a.attempt),
      [1, 2],
    );
  });

  test('a corrupt metadata database is a clear error, exit 2', async () => {
    const home = join(dir, 'corrupt-home');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'metadata.sqlite'), 'garbage'.repeat(1000));
    const r = await run(['runs', 'list'], { GODWIT_HOME: home });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /metadata database .* cannot be read/);
    assert.match(r.stderr, /mv /);
  });
});
