import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { renderRunReport } from '../../src/cli/run-report.js';
import { condition, fn, lte, pipeline, processing, training } from '../../src/pipeline/dsl/index.js';
import { loadRunReport } from '../../src/runs/index.js';
import { metricCollector } from '../../src/runtime/contracts/metric-definitions.js';
import { type ContractHarness, contractHarness, hasPython } from './helpers.js';

describe('metric definitions', () => {
  test('keep the last value each regex captured from the log, as FinalMetricDataList does', () => {
    const c = metricCollector([
      { name: 'train:rmse', regex: 'train-rmse:([0-9.]+)' },
      { name: 'validation:rmse', regex: 'validation-rmse:([0-9.]+)' },
      { name: 'never', regex: 'absent=([0-9]+)' },
    ]);
    c.line('[0]\ttrain-rmse:3.1\tvalidation-rmse:3.4');
    c.line('[1]\ttrain-rmse:2.5\tvalidation-rmse:2.9');
    c.line('validation-rmse:nan');
    assert.deepEqual(c.values(), { 'train:rmse': 2.5, 'validation:rmse': 2.9 });
    assert.deepEqual(c.counts(), { 'train:rmse': 2, 'validation:rmse': 2 });
  });

  test('a regex that does not compile, or has no group, fails before the step runs', () => {
    assert.throws(() => metricCollector([{ name: 'bad', regex: 'loss=([0-9' }]), {
      code: 'E_METRIC_REGEX',
      message: /metric definition "bad" has a regex that does not compile/,
    });
    assert.throws(() => metricCollector([{ name: 'flat', regex: 'loss=[0-9.]+' }]), {
      code: 'E_METRIC_REGEX',
      message: /no capture group/,
    });
    assert.doesNotThrow(() => metricCollector([{ name: 'ok', regex: '(?:loss)=([0-9.]+)' }]));
  });
});

describe("metrics from a script step's log", { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  let h: ContractHarness;
  before(async () => {
    h = await contractHarness();
    await h.file(
      'train.py',
      `import os
for epoch, (tr, va) in enumerate([(3.0, 3.5), (2.0, 2.6), (1.5, 2.25)]):
    print('[%d]#011train-rmse:%s#011validation-rmse:%s' % (epoch, tr, va), flush=True)
open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write('m')
`,
    );
    await h.file('eval.py', "import sys\nprint('accuracy: 0.875', file=sys.stderr)\n");
  });
  after(async () => h.close());

  test('become step metrics that runs show lists and conditions read', async () => {
    const train = training('train', {
      process: { command: ['python3'], code: 'train.py', contract: 'sagemaker' },
      metricDefinitions: [
        { name: 'train:rmse', regex: 'train-rmse:([0-9\\.]+)' },
        { name: 'validation:rmse', regex: 'validation-rmse:([0-9\\.]+)' },
      ],
    });
    const evaluate = processing('evaluate', {
      command: ['python3'],
      code: 'eval.py',
      contract: 'sagemaker',
      metricDefinitions: [{ name: 'accuracy', regex: 'accuracy: ([0-9.]+)' }],
      dependsOn: [train],
    });
    const taken: string[] = [];
    const good = fn('good', { run: () => void taken.push('good') });
    const bad = fn('bad', { run: () => void taken.push('bad') });
    const check = condition('check', { if: lte(train.metric('validation:rmse'), 2.5), then: [good], else: [bad] });
    const outcome = await h.run(pipeline('metrics', { steps: [evaluate, check] }));
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.deepEqual(await h.metrics(outcome.runId, 'train'), { 'train:rmse': 1.5, 'validation:rmse': 2.25 });
    assert.deepEqual(await h.metrics(outcome.runId, 'evaluate'), { accuracy: 0.875 });
    assert.deepEqual(taken, ['good']);
    const shown = renderRunReport(await loadRunReport(h.services, outcome.runId), { detail: true, color: false });
    assert.match(shown, /train {2}validation:rmse = 2\.25/);
    assert.match(shown, /evaluate {2}accuracy = 0\.875/);
  });
});
