import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDataSets, compareMetrics, compareRecords } from '../../../src/registry/views/diff-view.js';

const node = (uri: string, digest?: string) => ({
  arn: uri,
  kind: 'Artifact',
  type: 'DataSet',
  name: uri,
  uri,
  digest,
  depth: 1,
});

test('data sets meet by URI, run ids aside: same, changed digest, only in A, only in B', () => {
  const a = [
    node('s3://b/raw.csv', 'sha256:1'),
    node('file:///h/artifacts/runs/run-20261101-101010-aaaaaa/prep/train/', 'sha256:2'),
    node('s3://b/old.csv', 'sha256:3'),
  ];
  const b = [
    node('s3://b/raw.csv', 'sha256:9'),
    node('file:///h/artifacts/runs/run-20261102-101010-bbbbbb/prep/train/', 'sha256:2'),
    node('s3://b/new.csv', 'sha256:4'),
  ];
  assert.deepEqual(
    compareDataSets(a, b).map((r) => [r.key, r.change]),
    [
      ['s3://b/raw.csv', 'changed'],
      ['file:///h/artifacts/runs/{run}/prep/train/', 'same'],
      ['s3://b/old.csv', 'only-a'],
      ['s3://b/new.csv', 'only-b'],
    ],
  );
});

test('metrics: deltas B − A and which side is better by direction', () => {
  assert.deepEqual(
    compareMetrics({ 'validation:mse': 5, accuracy: 0.9, rows: 3 }, { 'validation:mse': 4, accuracy: 0.9, extra: 1 }),
    [
      { name: 'validation:mse', a: 5, b: 4, delta: -1, direction: 'lower', better: 'b' },
      { name: 'accuracy', a: 0.9, b: 0.9, delta: 0, direction: 'higher', better: 'same' },
      { name: 'rows', a: 3 },
      { name: 'extra', b: 1 },
    ],
  );
});

test('records: every key of either side, compared by value', () => {
  assert.deepEqual(compareRecords({ x: [1, 2], y: 'a' }, { x: [1, 2], z: true }), [
    { name: 'x', a: [1, 2], b: [1, 2], change: 'same' },
    { name: 'y', a: 'a', change: 'only-a' },
    { name: 'z', b: true, change: 'only-b' },
  ]);
});
