import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { pipeline, training } from '../../src/pipeline/dsl/index.js';
import { checkpointSync } from '../../src/runtime/contracts/checkpoints.js';
import { parseInterruptFlags } from '../../src/runtime/contracts/contract-options.js';
import { tempDir } from '../helpers/harness.js';
import { type ContractHarness, contractHarness, hasPython, MODES } from './helpers.js';

const script = await readFile(new URL('./scripts/epochs.py', import.meta.url), 'utf8');

describe('checkpoint sync', () => {
  test('restores before, copies new and changed files while running, and once more at the end', async () => {
    const root = await tempDir();
    const local = join(root, 'local');
    const remote = join(root, 'remote');
    await mkdir(join(remote, 'nested'), { recursive: true });
    await writeFile(join(remote, 'nested', 'old.ckpt'), 'old');
    const sync = checkpointSync(local, remote);
    assert.equal(await sync.restore(), 1);
    assert.equal(await readFile(join(local, 'nested', 'old.ckpt'), 'utf8'), 'old');

    sync.start(20, systemClock);
    await writeFile(join(local, 'a.ckpt'), 'one');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await readFile(join(remote, 'a.ckpt'), 'utf8'), 'one', 'copied while running');
    await writeFile(join(local, 'a.ckpt'), 'two, longer');
    await writeFile(join(local, 'b.ckpt'), 'b');
    await sync.stop();
    assert.equal(await readFile(join(remote, 'a.ckpt'), 'utf8'), 'two, longer');
    assert.deepEqual((await readdir(remote)).sort(), ['a.ckpt', 'b.ckpt', 'nested'], 'no temporaries left behind');
    assert.equal(await sync.sync(), 0, 'nothing changed since the last copy');
    await rm(root, { recursive: true, force: true });
  });
});

describe('--interrupt STEP@SECONDS', () => {
  test('parses into interruptions per step, in order', () => {
    assert.deepEqual(
      [...parseInterruptFlags(['train@2', 'train@1.5', 'prep@0'])],
      [
        ['train', [2, 1.5]],
        ['prep', [0]],
      ],
    );
    assert.throws(() => parseInterruptFlags(['train']), /STEP@SECONDS/);
    assert.throws(() => parseInterruptFlags(['train@soon']), /"train@soon"/);
    assert.throws(() => parseInterruptFlags(['@3']), /STEP@SECONDS/);
  });
});

function epochsDone(log: string): number[] {
  return [...log.matchAll(/^epoch (\d+) done/gm)].map((m) => Number(m[1]));
}

describe('managed spot training, simulated', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  let h: ContractHarness;
  before(async () => {
    h = await contractHarness({ checkpointSyncMs: 100 });
    await h.file('epochs.py', script);
  });
  after(async () => h.close());

  const spotTraining = (name: string, extra: Partial<Parameters<typeof training>[1]>) =>
    training(name, {
      process: { command: ['python3'], code: 'epochs.py', contract: 'sagemaker' },
      hyperparameters: { epochs: 6, 'epoch-seconds': 0.25, 'checkpoint-dir': '/opt/ml/checkpoints' },
      checkpoint: { uri: `checkpoints/${name}` },
      ...extra,
    });

  for (const { mode, skip } of MODES) {
    test(`an interrupted training resumes from its checkpoint without redoing epochs (${mode})`, { skip }, async () => {
      const name = `spot-${mode}`;
      const outcome = await h.run(
        pipeline(name, { steps: [spotTraining(name, { spot: { maxWaitSeconds: 60, interruptions: [0.9] } })] }),
        {},
        mode,
      );
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const log = await h.log(outcome.runId, name);
      const starts = [...log.matchAll(/^starting at epoch (\d+)/gm)].map((m) => Number(m[1]));
      assert.equal(starts.length, 2, log);
      assert.equal(starts[0], 0);
      assert.ok(starts[1] > 0, `the second launch started over:\n${log}`);
      // An epoch is done once its checkpoint is saved. The reclaim can land between that save and
      // the script's "done" line, so the first launch may have finished one epoch more than it
      // printed; the second launch must start right after its last saved one and redo nothing.
      const secondStart = log.search(/^starting at epoch [1-9]/m);
      const first = epochsDone(log.slice(0, secondStart));
      const second = epochsDone(log.slice(secondStart));
      assert.deepEqual(first, [...first.keys()], `the first launch:\n${log}`);
      const cut = starts[1] - first.length; // 0, or 1 when the reclaim cut the last line
      assert.ok(cut === 0 || cut === 1, `the second launch redid or skipped epochs:\n${log}`);
      assert.deepEqual(
        second,
        [...Array(6 - starts[1]).keys()].map((i) => starts[1] + i),
        `the second launch redid or skipped epochs:\n${log}`,
      );
      assert.match(
        log,
        /interrupted 0\.9 s into launch 1 \(simulated spot reclaim\); restarting it on a fresh instance from its checkpoints/,
      );

      const model = await h.artifactDir(outcome.runId, name, 'model');
      assert.ok((await readdir(model)).includes('model.tar.gz'));
      const metrics = await h.metrics(outcome.runId, name);
      assert.equal(metrics.SpotInterruptions, 1);
      assert.ok(
        metrics.BillableTimeInSeconds > 1.2 && metrics.BillableTimeInSeconds <= metrics.TrainingTimeInSeconds,
        JSON.stringify(metrics),
      );
      const events = (await h.services.metadata.store.listEvents(outcome.runId)).filter((e) => e.type === 'step-interrupted');
      assert.equal(events.length, 1);
      const remote = join(h.base, 'checkpoints', name);
      assert.deepEqual(JSON.parse(await readFile(join(remote, 'state.json'), 'utf8')), { epoch: 5 });
      assert.ok((await readdir(remote)).includes('epoch-0.txt'));
    });
  }

  test('a later run restores the checkpoint URI first: nothing is left to redo', async () => {
    const name = 'spot-none';
    const outcome = await h.run(pipeline('again', { steps: [spotTraining(name, {})] }));
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const log = await h.log(outcome.runId, name);
    assert.match(log, /Restored \d+ checkpoint file\(s\)/);
    assert.match(log, /^starting at epoch 6/m);
    assert.deepEqual(epochsDone(log), []);
  });

  test('without spot, an interruption fails the attempt as "interrupted" and the retry policy restarts it from the checkpoints', async () => {
    const interrupted = await contractHarness({ interruptions: new Map([['plain', [0.6]]]), checkpointSyncMs: 100 });
    try {
      await interrupted.file('epochs.py', script);
      const step = training('plain', {
        process: { command: ['python3'], code: 'epochs.py', contract: 'sagemaker' },
        hyperparameters: { epochs: 4, 'epoch-seconds': 0.25, 'checkpoint-dir': '/opt/ml/checkpoints' },
        checkpoint: { uri: 'ckpt' },
        retry: { maxAttempts: 2, on: ['interrupted'] },
      });
      const outcome = await interrupted.run(pipeline('plain', { steps: [step] }));
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const attempts = await interrupted.services.metadata.store.listAttempts(outcome.runId, 'plain');
      assert.deepEqual(
        attempts.map((a) => [a.status, a.failureKind]),
        [
          ['failed', 'interrupted'],
          ['succeeded', undefined],
        ],
      );
      assert.match(attempts[0].error ?? '', /it was interrupted 0\.6 s into launch 1/);
      const second = await interrupted.log(outcome.runId, 'plain', 2);
      assert.match(second, /^starting at epoch [12]/m);
    } finally {
      await interrupted.close();
    }
  });

  test('spot.maxWaitSeconds bounds the whole, restarts included', async () => {
    const name = 'impatient';
    const step = spotTraining(name, {
      spot: { maxWaitSeconds: 1.2, interruptions: [0.4, 0.4, 0.4, 0.4, 0.4] },
      hyperparameters: { epochs: 20, 'epoch-seconds': 1, 'checkpoint-dir': '/opt/ml/checkpoints' },
    });
    const outcome = await h.run(pipeline(name, { steps: [step] }));
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /did not finish within spot\.maxWaitSeconds \(1\.2 s\), restarts included/);
    const [attempt] = await h.services.metadata.store.listAttempts(outcome.runId, name);
    assert.equal(attempt.failureKind, 'timeout');
  });
});
