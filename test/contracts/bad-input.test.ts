import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ArtifactRecord } from '../../src/meta/metadata-store.js';
import { param, pipeline, processing, training } from '../../src/pipeline/dsl/index.js';
import { assertValidPipeline } from '../../src/pipeline/validate.js';
import { type ContractHarness, contractHarness, hasPython, MODES, PYTHON } from './helpers.js';

describe('bad input to a contract step', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  let h: ContractHarness;
  before(async () => {
    h = await contractHarness();
    await h.file(
      'make.py',
      // Only through the path Godwit gives it: without the sandbox, /opt/ml is the host's own.
      "import os\nopen(os.environ['GODWIT_OUTPUT_TRAIN'] + '/train.csv', 'w').write('1,2\\n')\n",
    );
    await h.file('crash.py', 'def fit(rows):\n    return 1 / len(rows)\n\nfit([])\n');
    await h.file('ok.py', 'print("fine")\n');
    await h.file('not-an-interpreter', 'just text\n', 0o644);
  });
  after(async () => h.close());

  // The earlier step every case depends on; its artifact must come through each failure intact.
  const make = processing('make', {
    command: [PYTHON],
    code: 'make.py',
    contract: 'sagemaker',
    outputs: { train: { type: 'dataset', source: '/opt/ml/processing/train' } },
  });
  const trainOn = (
    name: string,
    process: { code: string; command?: string[] },
    extra: Partial<Parameters<typeof training>[1]> = {},
  ) =>
    training(name, {
      process: { command: process.command ?? ['python3'], code: process.code, contract: 'sagemaker' },
      inputs: { train: make.output('train') },
      ...extra,
    });

  /** Runs `step` after `make`, expects failure with `message`, and checks make's artifact is untouched. */
  async function failsWith(step: ReturnType<typeof training>, message: RegExp, mode: 'none' | 'bwrap' = 'none', code?: string) {
    const outcome = await h.run(pipeline(`bad-${step.ir.name}`, { steps: [make, step] }), {}, mode);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', message);
    const steps = await h.steps(outcome.runId);
    assert.equal(steps.make.status, 'succeeded');
    assert.equal(steps[step.ir.name].status, 'failed');
    const [artifact] = await h.services.metadata.store.listArtifacts(outcome.runId, 'make');
    await assertIntact(artifact);
    if (code) {
      const attempts = await h.services.metadata.store.listAttempts(outcome.runId, step.ir.name);
      assert.equal(attempts.length, 1, 'bad input is not retried');
    }
    return outcome;
  }

  async function assertIntact(a: ArtifactRecord) {
    const dir = new URL(a.uri).pathname;
    for (const f of a.files) {
      const digest = createHash('sha256')
        .update(await readFile(join(dir, f.path)))
        .digest('hex');
      assert.equal(digest, f.sha256, `${f.path} of ${a.step}.${a.name} changed`);
    }
  }

  test('a missing script names the path it looked at', async () => {
    await failsWith(
      trainOn('missing', { code: 'no-such-train.py' }, { retry: { maxAttempts: 3 } }),
      /Step "missing" failed: its code no-such-train\.py does not exist \(looked at .*no-such-train\.py\)\. Paths in process\.code are relative to the pipeline file\./,
      'none',
      'E_CODE_MISSING',
    );
  });

  test('an interpreter that is not executable is named, with where it came from', async () => {
    const step = trainOn('noexec', { code: 'ok.py' });
    const outcome = await h.run(pipeline('bad-noexec', { steps: [make, step] }), {}, 'none', {
      GODWIT_PYTHON: join(h.base, 'not-an-interpreter'),
    });
    assert.equal(outcome.status, 'failed');
    assert.match(
      outcome.error ?? '',
      /Step "noexec" failed: its program .*not-an-interpreter \(from GODWIT_PYTHON\) is not an executable file\./,
    );
    assert.match(outcome.error ?? '', /GODWIT_PYTHON=\/usr\/bin\/python3/);
  });

  test('a per-step GODWIT_PYTHON overrides the environment, and a missing one is reported', async () => {
    const step = training('perstep', {
      process: { command: ['python3'], code: 'ok.py', contract: 'sagemaker', env: { GODWIT_PYTHON: '/nonexistent/python3.99' } },
      inputs: { train: make.output('train') },
    });
    await failsWith(
      step,
      /its program "\/nonexistent\/python3\.99" \(from the step's process\.env\.GODWIT_PYTHON\) was not found/,
    );
  });

  for (const { mode, skip } of MODES) {
    test(`a script that crashes fails the step with its traceback's last lines (${mode})`, { skip }, async () => {
      const outcome = await failsWith(
        trainOn(`crash-${mode}`, { code: 'crash.py' }),
        /its command exited with code 1\. Last lines of its log:/,
        mode,
      );
      assert.match(outcome.error ?? '', /File ".*crash\.py", line 2, in fit/);
      assert.match(outcome.error ?? '', /ZeroDivisionError: division by zero/);
    });
  }

  test('a hyperparameter that JSON cannot hold is refused before anything runs', async () => {
    // A literal NaN never gets this far: pipeline validation refuses it.
    const literal = pipeline('lit', {
      steps: [make, trainOn('lit', { code: 'ok.py' }, { hyperparameters: { lr: Number.NaN } })],
    });
    assert.throws(() => assertValidPipeline(literal.ir, 'pipeline lit'), /hyperparameters\.lr/);
    // A run-time value can: a parameter given by code rather than by --param.
    const lr = param.float('lr', 0.1);
    const step = trainOn('nan', { code: 'ok.py' }, { hyperparameters: { lr, depth: 3 } });
    const outcome = await h.run(pipeline('bad-nan', { parameters: [lr], steps: [make, step] }), { lr: Number.NaN });
    assert.equal(outcome.status, 'failed');
    assert.match(
      outcome.error ?? '',
      /Step "nan" failed: hyperparameter "lr" is NaN, which JSON cannot hold, so it cannot be written to hyperparameters\.json\. Give a finite number/,
    );
    assert.doesNotMatch(await h.log(outcome.runId, 'nan'), /^\$ /m, 'the script never started');
    assert.equal((await h.steps(outcome.runId)).make.status, 'succeeded');
    await assertIntact((await h.services.metadata.store.listArtifacts(outcome.runId, 'make'))[0]);
    const inf = await h.run(pipeline('bad-inf', { parameters: [lr], steps: [make, step] }), { lr: Number.POSITIVE_INFINITY });
    assert.match(inf.error ?? '', /hyperparameter "lr" is Infinity/);
  });

  test('an input channel whose source does not exist names the channel and the path', async () => {
    const step = training('nodata', {
      process: { command: ['python3'], code: 'ok.py', contract: 'sagemaker' },
      inputs: { train: make.output('train'), extra: 'data/not-there.csv' },
    });
    await failsWith(
      step,
      /Step "nodata" failed: .*channel "extra": data\/not-there\.csv does not exist \(looked at .*data\/not-there\.csv\)/,
    );
  });

  test('the failure file a script writes becomes the reason, in both modes', async () => {
    await h.file(
      'fails.py',
      "import os, sys\nopen(os.path.join(os.environ.get('SM_OUTPUT_DIR', '/opt/ml/output'), 'failure'), 'w').write('Label column has 3 missing values')\nsys.exit(2)\n",
    );
    for (const { mode, skip } of MODES) {
      if (skip) continue;
      await failsWith(
        trainOn(`reported-${mode}`, { code: 'fails.py' }),
        /Label column has 3 missing values \(the process exited with code 2\)/,
        mode,
      );
    }
  });
});
