import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { condition, fail, fn, gt, join as joinValues, param, pipeline, processing } from '../../src/pipeline/dsl/index.js';
import { harness } from '../helpers/harness.js';

type Harness = Awaited<ReturnType<typeof harness>>;

describe('executor', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => h.close());

  test('passes artifacts between steps and records them with digests', async () => {
    const make = fn('make', {
      outputs: { data: 'dataset' },
      run: async (ctx) => writeFile(join(ctx.outputs.data, 'numbers.txt'), '1\n2\n3\n'),
    });
    const sum = fn('sum', {
      inputs: { data: make.output('data') },
      outputs: { total: 'metrics' },
      run: async (ctx) => {
        const text = await readFile(join(ctx.inputs.data, 'numbers.txt'), 'utf8');
        const total = text
          .trim()
          .split('\n')
          .map(Number)
          .reduce((a, b) => a + b, 0);
        await writeFile(join(ctx.outputs.total, 'total.json'), JSON.stringify({ total }));
        return { metrics: { total } };
      },
    });
    const outcome = await h.run(pipeline('chain', { steps: [sum] }));
    assert.equal(outcome.status, 'succeeded');
    const steps = await h.steps(outcome.runId);
    assert.equal(steps.make.status, 'succeeded');
    assert.equal(steps.sum.status, 'succeeded');
    const artifacts = await h.services.metadata.store.listArtifacts(outcome.runId);
    const data = artifacts.find((a) => a.name === 'data');
    assert.ok(data?.uri.startsWith('file://'));
    assert.equal(data?.files[0].path, 'numbers.txt');
    assert.equal(data?.files[0].sha256, createHash('sha256').update('1\n2\n3\n').digest('hex'));
    assert.match(data?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(data?.size, 6);
    const metrics = await h.services.metadata.store.listMetrics(outcome.runId, 'sum');
    assert.deepEqual(
      metrics.map((m) => [m.name, m.value]),
      [['total', 6]],
    );
  });

  test('runs the then branch and skips the else branch of a condition', async () => {
    const threshold = param.integer('threshold', 5);
    const ran: string[] = [];
    const yes = fn('yes', { run: () => void ran.push('yes') });
    const no = fn('no', { run: () => void ran.push('no') });
    const check = condition('check', { if: gt(10, threshold), then: [yes], else: [no] });
    const p = pipeline('branches', { parameters: [threshold], steps: [check] });

    const first = await h.run(p);
    assert.equal(first.status, 'succeeded');
    let steps = await h.steps(first.runId);
    assert.equal(steps.check.outcome, 'then');
    assert.equal(steps.no.status, 'skipped');
    assert.match(steps.no.reason ?? '', /condition "check" held/);
    assert.deepEqual(ran, ['yes']);

    const second = await h.run(p, { threshold: 20 });
    steps = await h.steps(second.runId);
    assert.equal(steps.check.outcome, 'else');
    assert.equal(steps.yes.status, 'skipped');
    assert.deepEqual(ran, ['yes', 'no']);
  });

  test('a fail step fails the run with its joined message', async () => {
    const limit = param.float('limit', 6);
    const stop = fail('stop', { message: joinValues(['MSE above', limit], ' ') });
    const outcome = await h.run(pipeline('failing', { parameters: [limit], steps: [stop] }));
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error, 'MSE above 6');
    const steps = await h.steps(outcome.runId);
    assert.equal(steps.stop.status, 'failed');
  });

  test('retries a failing step per its policy and records every attempt', async () => {
    let calls = 0;
    const flaky = fn('flaky', {
      run: () => {
        calls++;
        if (calls < 3) throw new Error(`boom ${calls}`);
      },
      retry: { maxAttempts: 3, backoff: { initialSeconds: 0.01, rate: 2 } },
    });
    const outcome = await h.run(pipeline('retry', { steps: [flaky] }));
    assert.equal(outcome.status, 'succeeded');
    const attempts = await h.services.metadata.store.listAttempts(outcome.runId, 'flaky');
    assert.deepEqual(
      attempts.map((a) => a.status),
      ['failed', 'failed', 'succeeded'],
    );
    assert.match(attempts[0].error ?? '', /boom 1/);
    assert.ok(h.events.some((e) => e.type === 'step-retrying' && e.step === 'flaky'));
  });

  test('does not retry failure kinds the policy does not name', async () => {
    let calls = 0;
    const flaky = fn('once', {
      run: () => {
        calls++;
        throw new Error('always');
      },
      retry: { maxAttempts: 3, on: ['timeout'] },
    });
    const outcome = await h.run(pipeline('no-retry', { steps: [flaky] }));
    assert.equal(outcome.status, 'failed');
    assert.equal(calls, 1);
    assert.match(outcome.error ?? '', /Step "once" failed: its function threw: always/);
  });

  test('runs independent steps concurrently up to the limit', async () => {
    const limited = await harness({ concurrency: 2 });
    try {
      let active = 0;
      let peak = 0;
      const steps = Array.from({ length: 6 }, (_, i) =>
        fn(`s${i}`, {
          run: async () => {
            active++;
            peak = Math.max(peak, active);
            await new Promise((r) => setTimeout(r, 20));
            active--;
          },
        }),
      );
      const outcome = await limited.run(pipeline('fan', { steps }));
      assert.equal(outcome.status, 'succeeded');
      assert.equal(peak, 2);
    } finally {
      await limited.close();
    }
  });

  test('a failure stops new steps from starting; downstream steps are marked not-run', async () => {
    const bad = fn('bad', { outputs: { x: 'dataset' }, run: () => Promise.reject(new Error('nope')) });
    const later = fn('later', { inputs: { x: bad.output('x') }, run: () => {} });
    const outcome = await h.run(pipeline('halt', { steps: [later] }));
    assert.equal(outcome.status, 'failed');
    const steps = await h.steps(outcome.runId);
    assert.equal(steps.later.status, 'not-run');
  });

  test('a step that writes nothing to a declared output fails and says which output', async () => {
    const lazy = fn('lazy', { outputs: { model: 'model' }, run: () => {} });
    const outcome = await h.run(pipeline('no-output', { steps: [lazy] }));
    assert.equal(outcome.status, 'failed');
    // Named once each: the step by the failure, the folder by the output.
    const error = outcome.error ?? '';
    assert.match(
      error,
      /^Step "lazy" failed: it wrote nothing to its output "model" \(\/[^ ]+\/attempt-1\/outputs\/model\)\. A step must write/,
    );
    assert.equal(error.split('"lazy"').length, 2, error);
    assert.equal(error.split('attempt-1/outputs/model').length, 2, error);
  });

  test('a process step that writes no output names its container path and, once, the folder on this machine', async () => {
    const lazy = processing('lazy-process', {
      command: ['true'],
      outputs: { out: { type: 'dataset', source: '/opt/ml/processing/output/out' } },
    });
    const outcome = await h.run(pipeline('no-process-output', { steps: [lazy] }));
    const error = outcome.error ?? '';
    assert.match(
      error,
      /^Step "lazy-process" failed: it wrote nothing to its output "out" \(\/opt\/ml\/processing\/output\/out, on this machine \/[^ ]+\/attempt-1\/processing\/output\/out\)\./,
    );
    assert.equal(error.split('"lazy-process"').length, 2, error);
  });

  test('a missing input file names the path and how to fix it', async () => {
    const data = param.string('data', 'does/not/exist.csv');
    const use = fn('use', { inputs: { raw: data }, run: () => {} });
    const outcome = await h.run(pipeline('missing-input', { parameters: [data], steps: [use] }));
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /input "raw": does\/not\/exist.csv does not exist/);
    assert.match(outcome.error ?? '', /relative to the pipeline file/);
  });
});

describe('process steps', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => h.close());

  const node = (name: string, script: string, extra: Partial<Parameters<typeof processing>[1]> = {}) =>
    processing(name, { command: [process.execPath, '-e', script], ...extra });

  test('stages inputs, passes paths through the environment and collects outputs', async () => {
    await writeFile(join(h.root, 'in.csv'), 'a,b\n1,2\n');
    const copy = node(
      'copy',
      `const fs=require('fs');const p=require('path');
       const src=fs.readFileSync(p.join(process.env.GODWIT_INPUT_RAW,'in.csv'),'utf8');
       fs.writeFileSync(p.join(process.env.GODWIT_OUTPUT_OUT,'copy.csv'),src.toUpperCase());
       console.log('copied', src.length, 'bytes');`,
      { inputs: { raw: 'in.csv' }, outputs: { out: 'dataset' } },
    );
    const outcome = await h.run(pipeline('copy', { steps: [copy] }));
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const [artifact] = await h.services.metadata.store.listArtifacts(outcome.runId, 'copy');
    assert.equal(artifact.files[0].path, 'copy.csv');
    const [attempt] = await h.services.metadata.store.listAttempts(outcome.runId, 'copy');
    assert.match(await readFile(attempt.logPath as string, 'utf8'), /copied 8 bytes/);
  });

  test('a non-zero exit fails the step with the last lines of its log', async () => {
    const crash = node('crash', `console.error('Traceback: something broke'); process.exit(3)`);
    const outcome = await h.run(pipeline('crash', { steps: [crash] }));
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /exited with code 3/);
    assert.match(outcome.error ?? '', /Traceback: something broke/);
    assert.match(outcome.error ?? '', /Full log: .*attempt-1\.log/);
  });

  test('a command that does not exist is reported by name and not retried', async () => {
    const missing = processing('missing', { command: ['definitely-not-a-command-xyz'], retry: { maxAttempts: 3 } });
    const outcome = await h.run(pipeline('missing-command', { steps: [missing] }));
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /Command "definitely-not-a-command-xyz" was not found/);
    const attempts = await h.services.metadata.store.listAttempts(outcome.runId, 'missing');
    assert.equal(attempts.length, 1);
  });

  test('a timeout kills the whole process tree', async () => {
    const pidFile = join(h.root, 'grandchild.pid');
    const slow = processing('slow', {
      command: ['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`],
      timeoutSeconds: 0.5,
    });
    const started = Date.now();
    const outcome = await h.run(pipeline('timeout', { steps: [slow] }));
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /longer than its timeout of 0.5 s/);
    assert.ok(Date.now() - started < 10_000);
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(isRunning(pid), false, `process ${pid} outlived the step's timeout`);
    const [attempt] = await h.services.metadata.store.listAttempts(outcome.runId, 'slow');
    assert.equal(attempt.failureKind, 'timeout');
  });

  test('a 1 MB parameter given as an argument is a coded error naming the step, the size and the way out', async () => {
    const big = param.string('big', 'x');
    const echo = processing('echo-big', { command: ['echo'], args: [big], retry: { maxAttempts: 3 } });
    const outcome = await h.run(pipeline('huge-arg', { parameters: [big], steps: [echo] }), { big: 'y'.repeat(1 << 20) });
    assert.equal(outcome.status, 'failed');
    assert.match(
      outcome.error ?? '',
      /^Step "echo-big" failed: its command line is too long to start: argument 1 \("y{24}"…\) is 1,048,576 bytes, over the 131,072 bytes one argument may hold\. Pass a large value as a file instead/,
    );
    assert.doesNotMatch(outcome.error ?? '', /E2BIG/);
    const attempts = await h.services.metadata.store.listAttempts(outcome.runId, 'echo-big');
    assert.deepEqual(
      attempts.map((a) => [a.status, a.error?.slice(0, 40)]),
      [['failed', 'its command line is too long to start: a']],
      'not retried: the same value fails the same way',
    );
  });

  test('the /opt/ml/output/failure file becomes the failure reason', async () => {
    const reasoned = node(
      'reasoned',
      `const fs=require('fs');fs.mkdirSync('output',{recursive:true});fs.writeFileSync('output/failure','Label column is missing');process.exit(1)`,
    );
    const outcome = await h.run(pipeline('failure-file', { steps: [reasoned] }));
    assert.match(outcome.error ?? '', /Label column is missing/);
  });
});

/** Alive and not a zombie (a container's PID 1 may never reap orphans, so kill(pid, 0) is not enough). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
