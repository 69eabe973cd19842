import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { ModelQuality, type ModelQualityStatistics } from '../../../src/monitor/model-quality/index.js';
import type { MonitoringJobInput } from '../../../src/monitor/monitoring-job.js';
import { openCaptureSink } from '../../../src/serving/capture/capture-writer.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';
import { captureSpec } from '../../serving/capture/capture-fixtures.js';
import { python, skipWithoutSklearn } from './sklearn-oracle.js';

// Genuine SageMaker files (test/fixtures/monitor/sdk/SOURCE.md: aws/sagemaker-python-sdk,
// tests/data/monitor at 8326c232^): 44 captured CSV requests and their 44 ground-truth labels.
const SDK = new URL('../../fixtures/monitor/sdk/', import.meta.url);
const sdkFile = (name: string) => readFileSync(new URL(name, SDK), 'utf8');

const START = new Date('2026-12-05T11:00:00Z');
const END = new Date('2026-12-05T12:00:00Z');

function place(dir: string, key: string, text: string): void {
  mkdirSync(dirname(join(dir, key)), { recursive: true });
  writeFileSync(join(dir, key), text);
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

function input(dir: string, config: Record<string, unknown>, extra: Partial<MonitoringJobInput> = {}): MonitoringJobInput {
  return {
    type: 'ModelQuality',
    dataset: { kind: 'capture', captureUri: join(dir, 'capture'), endpointName: 'xgb', start: START, end: END },
    outputUri: join(dir, 'out'),
    config: { GroundTruthS3Input: { S3Uri: join(dir, 'ground-truth') }, ...config },
    clock: new FakeClock(Date.parse('2026-12-05T13:10:00Z')),
    ...extra,
  };
}

describe('the ModelQuality job', () => {
  test("merges the SDK's genuine capture.jsonl with its actuals.jsonl by eventId; metrics match scikit-learn on the same join", {
    skip: skipWithoutSklearn,
  }, async () => {
    const dir = scratchDir('godwit-mq-');
    const capture = sdkFile('capture.jsonl').replaceAll('{%s}', '2026-12-05T11:30:00Z');
    place(dir, 'capture/xgb/AllTraffic/2026/12/05/11/30-00-000-sdk.jsonl', capture);
    // Labels collected an hour after the requests: in a later hour folder, as SageMaker allows.
    place(dir, 'ground-truth/2026/12/05/12/labels.jsonl', sdkFile('actuals.jsonl'));
    const result = await ModelQuality.run(
      input(dir, { ProblemType: 'BinaryClassification', ProbabilityAttribute: '0', ProbabilityThresholdAttribute: 0.5 }),
    );
    assert.equal(result.status, 'Completed', result.failureReason);
    assert.deepEqual(result.skipped, []);
    const statistics = readJson(join(dir, 'out/statistics.json')) as ModelQualityStatistics;
    assert.equal(statistics.dataset.item_count, 44);
    assert.deepEqual(readJson(join(dir, 'out/ground_truth_merge.json')), {
      captured: 44,
      merged: 44,
      capturedWithoutGroundTruth: 0,
      groundTruthWithoutCapture: 0,
      skipped: 0,
    });
    // The oracle joins the two files itself, by eventId, and scores with scikit-learn.
    const oracle = python(
      `cap = [json.loads(l) for l in data['capture'].splitlines() if l.strip()]
act = {json.loads(l)['eventMetadata']['eventId']: int(json.loads(l)['groundTruthData']['data']) for l in data['actuals'].splitlines() if l.strip()}
s = np.array([float(c['captureData']['endpointOutput']['data']) for c in cap])
y = np.array([act[c['eventMetadata']['eventId']] for c in cap])
p = (s >= 0.5).astype(int)
print(json.dumps({'accuracy': M.accuracy_score(y, p), 'precision': M.precision_score(y, p, zero_division=0),
  'recall': M.recall_score(y, p), 'f1': M.f1_score(y, p, zero_division=0), 'auc': M.roc_auc_score(y, s)}))`,
      { capture, actuals: sdkFile('actuals.jsonl') },
    );
    const binary = statistics.binary_classification_metrics!;
    for (const [name, value] of Object.entries(oracle)) {
      const got = binary[name as 'auc'].value as number;
      assert.ok(Math.abs(got - (value as number)) < 1e-12, `${name}: ${got} vs ${value}`);
    }
    const published = new Map(result.metrics.map((m) => [m.name, m.value]));
    assert.equal(published.get('auc'), binary.auc.value);
    assert.equal(published.has('confusion_matrix'), false);
  });

  test("Godwit's own capture with InferenceIds: merged by inferenceId, unmatched and malformed counted, violations written", async () => {
    const dir = scratchDir('godwit-mq-');
    const sink = await openCaptureSink({ spec: captureSpec(join(dir, 'capture'), { jsonContentTypes: ['application/json'] }) });
    const truth: string[] = [];
    for (let n = 0; n < 10; n++) {
      sink.offer({
        endpointName: 'xgb',
        variantName: 'AllTraffic',
        eventId: `ev-${n}`,
        inferenceId: `order-${n}`,
        inferenceTime: new Date(START.getTime() + n * 60_000),
        input: { contentType: 'text/csv', body: Buffer.from(`${n},1`) },
        output: { contentType: 'application/json', body: Buffer.from(JSON.stringify({ predictions: [{ score: n + 0.5 }] })) },
      });
      // Labels for 8 of the 10 requests, keyed by the caller's InferenceId.
      if (n < 8)
        truth.push(
          JSON.stringify({
            groundTruthData: { data: String(n), encoding: 'CSV' },
            eventMetadata: { eventId: `order-${n}` },
            eventVersion: '0',
          }),
        );
    }
    await sink.close();
    truth.push('{"groundTruthData": {"data": "3", "encoding": "CSV"}, "eventMetadata": {}}'); // no eventId
    truth.push(JSON.stringify({ groundTruthData: { data: '1', encoding: 'CSV' }, eventMetadata: { eventId: 'ev-3' } })); // an eventId no request has as its key
    place(dir, 'ground-truth/2026/12/05/11/labels.jsonl', `${truth.join('\n')}\n`);
    place(dir, 'capture/xgb/AllTraffic/2026/12/05/11/59-00-000-bad.jsonl', 'not json\n');
    place(
      dir,
      'constraints.json',
      JSON.stringify({
        version: 0.0,
        regression_constraints: {
          mae: { threshold: 0.25, comparison_operator: 'GreaterThanThreshold' },
          r2: { threshold: 0.5, comparison_operator: 'LessThanThreshold' },
        },
      }),
    );
    const result = await ModelQuality.run(
      input(
        dir,
        { ProblemType: 'Regression', InferenceAttribute: '$.predictions[0].score' },
        { baseline: { constraintsUri: join(dir, 'constraints.json') } },
      ),
    );
    assert.equal(result.status, 'CompletedWithViolations', result.failureReason);
    assert.equal(result.violationCount, 1);
    const gtUri = `file://${dir}/ground-truth/2026/12/05/11/labels.jsonl`;
    assert.deepEqual(result.skipped, [
      { where: `${gtUri}:9`, reason: 'no eventMetadata.eventId' },
      { where: `file://${dir}/capture/xgb/AllTraffic/2026/12/05/11/59-00-000-bad.jsonl:1`, reason: 'not a JSON object' },
    ]);
    assert.deepEqual(readJson(join(dir, 'out/ground_truth_merge.json')), {
      captured: 10,
      merged: 8,
      capturedWithoutGroundTruth: 2,
      groundTruthWithoutCapture: 1,
      skipped: 2,
    });
    const statistics = readJson(join(dir, 'out/statistics.json')) as ModelQualityStatistics;
    assert.deepEqual(statistics.regression_metrics!.mae, { value: 0.5, standard_deviation: 'NaN' });
    assert.deepEqual(readJson(join(dir, 'out/constraint_violations.json')), {
      violations: [
        {
          constraint_check_type: 'GreaterThanThreshold',
          description: "Metric mae with 0.5 was GreaterThanThreshold '0.25'",
          metric_name: 'mae',
        },
      ],
    });
    assert.deepEqual(
      result.files.map((f) => f.slice(f.lastIndexOf('/') + 1)),
      ['ground_truth_merge.json', 'statistics.json', 'constraint_violations.json'],
    );
    assert.deepEqual(
      result.metrics.map((m) => m.name),
      ['mae', 'mse', 'rmse', 'r2'],
    );
  });

  test('an empty window, a bad configuration and constraints of another problem type fail with a code, never throw', async () => {
    const dir = scratchDir('godwit-mq-');
    const empty = await ModelQuality.run(input(dir, { ProblemType: 'Regression' }));
    assert.equal(empty.status, 'Failed');
    assert.match(
      empty.failureReason!,
      /^E_MODEL_QUALITY_NO_DATA: No record with both a prediction and a label to measure: 0 captured requests of xgb/,
    );
    assert.deepEqual(readJson(join(dir, 'out/ground_truth_merge.json')).captured, 0);

    const noProblem = await ModelQuality.run(input(dir, { ProblemType: 'Ranking' }));
    assert.match(noProblem.failureReason!, /^E_MODEL_QUALITY_CONFIG: ProblemType "Ranking" is not one of/);
    const noTruth = await ModelQuality.run(input(dir, { ProblemType: 'Regression', GroundTruthS3Input: undefined }));
    assert.match(noTruth.failureReason!, /^E_MODEL_QUALITY_CONFIG: .*GroundTruthS3Input/);

    place(
      dir,
      'capture/xgb/AllTraffic/2026/12/05/11/00-00-000-a.jsonl',
      `${sdkFile('capture.jsonl').replaceAll('{%s}', '2026-12-05T11:00:01Z')}\n`,
    );
    place(dir, 'ground-truth/2026/12/05/11/a.jsonl', sdkFile('actuals.jsonl'));
    place(
      dir,
      'constraints.json',
      JSON.stringify({
        version: 0.0,
        regression_constraints: { mae: { threshold: 1, comparison_operator: 'GreaterThanThreshold' } },
      }),
    );
    const wrong = await ModelQuality.run(
      input(
        dir,
        { ProblemType: 'BinaryClassification', ProbabilityAttribute: '0' },
        { baseline: { constraintsUri: join(dir, 'constraints.json') } },
      ),
    );
    assert.equal(wrong.status, 'Failed');
    assert.match(wrong.failureReason!, /^E_MODEL_QUALITY_CONSTRAINTS: The constraints have no binary_classification_constraints/);
  });

  test('a binary job without ProbabilityAttribute skips probabilities that are not 0/1 labels, saying how to fix it', async () => {
    const dir = scratchDir('godwit-mq-');
    place(
      dir,
      'capture/xgb/AllTraffic/2026/12/05/11/00-00-000-a.jsonl',
      sdkFile('capture.jsonl').replaceAll('{%s}', '2026-12-05T11:00:01Z'),
    );
    place(dir, 'ground-truth/2026/12/05/11/a.jsonl', sdkFile('actuals.jsonl'));
    const result = await ModelQuality.run(input(dir, { ModelQualityAppSpecification: { ProblemType: 'BinaryClassification' } }));
    assert.equal(result.status, 'Failed');
    assert.equal(result.skipped.length, 44);
    assert.match(
      result.skipped[0]!.reason,
      /^prediction "0.302709460258" is not a binary label \(0 or 1\); name a ProbabilityAttribute/,
    );
  });
});
