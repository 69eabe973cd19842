import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pipeline, qualityCheck } from '../../../src/pipeline/dsl/index.js';
import type { PipelineIR } from '../../../src/pipeline/ir.js';
import { validatePipeline } from '../../../src/pipeline/validate.js';

const base = qualityCheck('dq', { dataset: 's3://b/train.csv', format: 'csv', header: true }).ir;
const edited = (edit: Record<string, unknown>): PipelineIR => {
  const { ir } = pipeline('p', { steps: [qualityCheck('dq', { dataset: 's3://b/train.csv', format: 'csv' })] });
  return { ...ir, steps: [{ ...base, ...edit } as never] };
};
const messages = (ir: PipelineIR) => validatePipeline(ir).map((p) => `${p.field}: ${p.message}`);

describe('the quality-check step validated', () => {
  test('the builder declares the outputs SageMaker has: statistics, constraints and, when checking, violations', () => {
    assert.deepEqual(
      base.outputs.map((o) => o.name),
      ['statistics', 'constraints'],
    );
    const checking = qualityCheck('dq', {
      dataset: 's3://b/x.parquet',
      format: 'parquet',
      baseline: { statistics: 's3://b/s.json', constraints: 's3://b/c.json' },
    }).ir;
    assert.deepEqual(
      checking.outputs.map((o) => [o.name, o.optional ?? false]),
      [
        ['statistics', false],
        ['constraints', false],
        ['violations', true],
      ],
    );
    assert.deepEqual(messages(edited({})), []);
  });

  test('a baseline is both files or neither, header is for CSV, outputs are the fixed ones', () => {
    assert.deepEqual(messages(edited({ baselineStatistics: 's3://b/s.json' })), [
      'baselineConstraints: is missing: a check against a baseline needs both its statistics.json and its constraints.json (only baselineStatistics is given).',
    ]);
    assert.deepEqual(messages(edited({ format: 'jsonl' })), [
      "header: applies to CSV only; the data set's format is jsonl. Remove header.",
    ]);
    assert.deepEqual(messages(edited({ outputs: [{ name: 'stats', type: 'dataset' }] })), [
      'outputs: are stats; a quality check writes exactly statistics, constraints (qualityCheck() declares them).',
    ]);
  });

  test('an unknown option is refused by the builder', () => {
    assert.throws(
      () => qualityCheck('dq', { dataset: 'x', format: 'csv', failOnViolations: true } as never),
      /has no option "failOnViolations". Did you mean "failOnViolation"\?/,
    );
  });
});
