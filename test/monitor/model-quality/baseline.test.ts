import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import {
  checkConstraints,
  type ModelQualityConstraints,
  type ModelQualityStatistics,
  modelQualityConfig,
  suggestModelQualityBaseline,
} from '../../../src/monitor/model-quality/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';

const clock = new FakeClock(Date.parse('2026-12-05T10:00:00Z'));

describe('a model-quality baseline from a labelled data set', () => {
  test('CSV with a header: statistics.json and constraints.json with thresholds and comparison operators', async () => {
    const dir = scratchDir('godwit-mqb-');
    const rows = ['label,prediction,probability', '1,1,0.9', '0,0,0.2', '1,0,0.4', '0,1,0.6', '1,1,0.8', '"0",0,0.1'];
    writeFileSync(join(dir, 'validation.csv'), `${rows.join('\n')}\n`);
    const config = modelQualityConfig({
      ProblemType: 'BinaryClassification',
      InferenceAttribute: 'prediction',
      ProbabilityAttribute: 'probability',
      GroundTruthAttribute: 'label',
    });
    const result = await suggestModelQualityBaseline({
      dataset: { uri: join(dir, 'validation.csv'), format: 'csv', header: true },
      config,
      outputUri: join(dir, 'baseline'),
      clock,
    });
    const statistics = JSON.parse(readFileSync(join(dir, 'baseline/statistics.json'), 'utf8')) as ModelQualityStatistics;
    assert.deepEqual(statistics.dataset, { item_count: 6, evaluation_time: '2026-12-05T10:00:00.000Z' });
    const binary = statistics.binary_classification_metrics!;
    assert.deepEqual(binary.confusion_matrix, { '0': { '0': 2, '1': 1 }, '1': { '0': 1, '1': 2 } });
    assert.equal(binary.auc.standard_deviation, 'NaN');
    assert.ok(Math.abs((binary.auc.value as number) - 8 / 9) < 1e-15);
    const constraints = JSON.parse(readFileSync(join(dir, 'baseline/constraints.json'), 'utf8')) as ModelQualityConstraints;
    assert.deepEqual(constraints, result.constraints);
    assert.equal(constraints.version, 0);
    const binaryConstraints = constraints.binary_classification_constraints!;
    assert.deepEqual(Object.keys(binaryConstraints), [
      'recall',
      'precision',
      'accuracy',
      'true_positive_rate',
      'true_negative_rate',
      'false_positive_rate',
      'false_negative_rate',
      'auc',
      'f0_5',
      'f1',
      'f2',
    ]);
    assert.deepEqual(binaryConstraints.accuracy, { threshold: 2 / 3, comparison_operator: 'LessThanThreshold' });
    assert.deepEqual(binaryConstraints.false_positive_rate, {
      threshold: 1 / 3,
      comparison_operator: 'GreaterThanThreshold',
    });
    // The baseline checked against itself: nothing crosses a threshold equal to its own value.
    assert.deepEqual(checkConstraints(statistics, constraints), []);
  });

  test('JSON Lines by field name, multiclass; unusable rows skipped with <uri>:<line>', async () => {
    const dir = scratchDir('godwit-mqb-');
    const lines = [
      { y: 'cat', out: { label: 'cat' } },
      { y: 'dog', out: { label: 'cat' } },
      { y: 'dog', out: { label: 'dog' } },
      { y: 'bird', out: {} },
    ].map((r) => JSON.stringify(r));
    writeFileSync(join(dir, 'part-1.jsonl'), `${lines.join('\n')}\nnot json\n`);
    const result = await suggestModelQualityBaseline({
      dataset: { uri: `${dir}/`, format: 'jsonl' },
      config: modelQualityConfig({
        ProblemType: 'MulticlassClassification',
        InferenceAttribute: '$.out.label',
        GroundTruthAttribute: 'y',
      }),
      outputUri: join(dir, 'out'),
      clock,
    });
    assert.equal(result.rows, 5);
    assert.deepEqual(result.skipped, [
      { where: `file://${dir}/part-1.jsonl:4`, reason: 'output has no $.out.label' },
      { where: `file://${dir}/part-1.jsonl:5`, reason: 'not a JSON line' },
    ]);
    const multi = result.statistics.multiclass_classification_metrics!;
    assert.deepEqual(multi.confusion_matrix, { cat: { cat: 1, dog: 0 }, dog: { cat: 1, dog: 1 } });
    assert.equal(multi.accuracy.value, 2 / 3);
    assert.deepEqual(Object.keys(result.constraints.multiclass_classification_constraints!), [
      'accuracy',
      'weighted_recall',
      'weighted_precision',
      'weighted_f0_5',
      'weighted_f1',
      'weighted_f2',
    ]);
  });

  test('a column the header lacks, no usable row, and missing attributes are coded errors', async () => {
    const dir = scratchDir('godwit-mqb-');
    writeFileSync(join(dir, 'd.csv'), 'label,score\n1.5,2\n');
    const run = (config: Record<string, unknown>, file = 'd.csv') =>
      suggestModelQualityBaseline({
        dataset: { uri: join(dir, file), format: 'csv', header: true },
        config: modelQualityConfig(config),
        outputUri: join(dir, 'out'),
        clock,
      });
    const code = (c: string) => (e: unknown) => e instanceof GodwitError && e.code === c;
    await assert.rejects(
      run({ ProblemType: 'Regression', GroundTruthAttribute: 'label', InferenceAttribute: 'prediction' }),
      (e) => {
        assert.ok(code('E_MODEL_QUALITY_DATASET')(e));
        assert.match((e as Error).message, /no column "prediction"/);
        return true;
      },
    );
    await assert.rejects(
      run({ ProblemType: 'BinaryClassification', GroundTruthAttribute: 'label', InferenceAttribute: 'score' }),
      (e) => {
        assert.ok(code('E_MODEL_QUALITY_NO_DATA')(e));
        assert.match((e as Error).message, /d\.csv:2: ground truth "1\.5" is not a binary label/);
        return true;
      },
    );
    await assert.rejects(run({ ProblemType: 'Regression', InferenceAttribute: 'score' }), code('E_MODEL_QUALITY_CONFIG'));
    await assert.rejects(
      run({ ProblemType: 'Regression', GroundTruthAttribute: 'label', InferenceAttribute: 'score' }, 'nowhere/'),
      code('E_MODEL_QUALITY_DATASET'),
    );
    const regression = await run({ ProblemType: 'Regression', GroundTruthAttribute: 'label', InferenceAttribute: 'score' });
    // One record: r2 has no spread of labels to explain and is written as SageMaker's "NaN".
    assert.deepEqual(regression.statistics.regression_metrics!.r2, { value: 'NaN', standard_deviation: 'NaN' });
    assert.equal('r2' in regression.constraints.regression_constraints!, false);
  });
});
