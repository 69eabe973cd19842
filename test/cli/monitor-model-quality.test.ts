import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openCaptureSink } from '../../src/serving/capture/capture-writer.js';
import { scratchDir } from '../helpers/scratch.js';
import { captureSpec } from '../serving/capture/capture-fixtures.js';
import { cli } from './capture.js';

const envFor = (dir: string) => ({ GODWIT_HOME: join(dir, 'home'), HOME: dir, XDG_CONFIG_HOME: dir });

describe('godwit monitor model-quality and ground-truth', () => {
  test('baseline from a labelled CSV, labels uploaded, a run over captured requests finds the drop in accuracy', async () => {
    const dir = scratchDir('godwit-mq-cli-');
    const env = envFor(dir);
    // Baseline: a model right 9 times in 10.
    const baselineRows = ['label,prediction', ...Array.from({ length: 10 }, (_, i) => `${i % 2},${i === 0 ? 1 : i % 2}`)];
    writeFileSync(join(dir, 'validation.csv'), `${baselineRows.join('\n')}\n`);
    const base = await cli(
      [
        'monitor',
        'model-quality',
        'baseline',
        '--problem-type',
        'BinaryClassification',
        '--dataset',
        'validation.csv',
        '--header',
        '--ground-truth-attribute',
        'label',
        '--inference-attribute',
        'prediction',
        '--output',
        'baseline',
      ],
      env,
      dir,
    );
    assert.equal(base.code, 0, base.stderr);
    assert.match(base.stdout, /accuracy\s+0\.9\b/);
    assert.match(base.stdout, /10 rows, 10 measured, 0 skipped/);
    const constraints = JSON.parse(readFileSync(join(dir, 'baseline/constraints.json'), 'utf8'));
    assert.deepEqual(constraints.binary_classification_constraints.accuracy, {
      threshold: 0.9,
      comparison_operator: 'LessThanThreshold',
    });

    // Traffic: 6 requests with InferenceIds, the model now right 4 times in 6.
    const sink = await openCaptureSink({ spec: captureSpec(join(dir, 'capture')) });
    const answers = [1, 0, 1, 1, 0, 0];
    const truth = [1, 0, 0, 1, 1, 0];
    for (const [n, answer] of answers.entries()) {
      sink.offer({
        endpointName: 'churn',
        variantName: 'AllTraffic',
        eventId: `ev-${n}`,
        inferenceId: `order-${n}`,
        inferenceTime: new Date(Date.parse('2026-12-05T10:05:00Z') + n * 1000),
        input: { contentType: 'text/csv', body: Buffer.from(`${n},2`) },
        output: { contentType: 'text/csv', body: Buffer.from(String(answer)) },
      });
    }
    await sink.close();
    writeFileSync(join(dir, 'labels.csv'), `id,label\n${truth.map((y, n) => `order-${n},${y}`).join('\n')}\n`);
    const upload = await cli(
      [
        'monitor',
        'ground-truth',
        'upload',
        '--labels',
        'labels.csv',
        '--header',
        '--uri',
        'ground-truth',
        '--at',
        '2026-12-05T11:30:00Z',
      ],
      env,
      dir,
    );
    assert.equal(upload.code, 0, upload.stderr);
    assert.match(
      upload.stdout,
      /^Uploaded 6 labels to file:\/\/.*\/ground-truth\/2026\/12\/05\/11\/30-00-000-[0-9a-f-]+\.jsonl$/m,
    );
    const [labelFile] = readdirSync(join(dir, 'ground-truth/2026/12/05/11'));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'ground-truth/2026/12/05/11', labelFile!), 'utf8').split('\n')[0]!), {
      groundTruthData: { data: '1', encoding: 'CSV' },
      eventMetadata: { eventId: 'order-0' },
      eventVersion: '0',
    });

    const run = await cli(
      [
        'monitor',
        'model-quality',
        'run',
        '--problem-type',
        'BinaryClassification',
        '--endpoint',
        'churn',
        '--capture',
        'capture',
        '--ground-truth',
        'ground-truth',
        '--start',
        '2026-12-05T10:00:00Z',
        '--end',
        '2026-12-05T11:00:00Z',
        '--constraints',
        'baseline/constraints.json',
        '--output',
        'run-1',
        '--json',
      ],
      env,
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.status, 'CompletedWithViolations');
    const accuracy = result.metrics.find((m: { name: string }) => m.name === 'accuracy');
    assert.equal(accuracy.value, 4 / 6);
    const violations = JSON.parse(readFileSync(join(dir, 'run-1/constraint_violations.json'), 'utf8')).violations;
    assert.ok(violations.some((v: { metric_name: string }) => v.metric_name === 'accuracy'));
    assert.deepEqual(
      violations.find((v: { metric_name: string }) => v.metric_name === 'accuracy'),
      {
        constraint_check_type: 'LessThanThreshold',
        description: `Metric accuracy with ${4 / 6} was LessThanThreshold '0.9'`,
        metric_name: 'accuracy',
      },
    );

    const empty = await cli(
      [
        'monitor',
        'model-quality',
        'run',
        '--problem-type',
        'BinaryClassification',
        '--endpoint',
        'churn',
        '--capture',
        'capture',
        '--ground-truth',
        'ground-truth',
        '--start',
        '2026-12-04T10:00:00Z',
        '--end',
        '2026-12-04T11:00:00Z',
        '--output',
        'run-2',
      ],
      env,
      dir,
    );
    assert.equal(empty.code, 1);
    assert.match(empty.stdout, /Status: Failed \(E_MODEL_QUALITY_NO_DATA: No record with both a prediction and a label/);
  });
});
