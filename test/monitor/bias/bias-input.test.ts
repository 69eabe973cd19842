// Bad input: every problem a user can cause is a coded error naming the column or the line.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { biasAnalysis, biasConfigFromClarify, readBiasDataset } from '../../../src/monitor/bias/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { workedExample } from './worked-example.js';

const config = {
  label: 'target',
  labelValuesOrThreshold: [1],
  facets: [{ name: 'sex', valueOrThreshold: [0] }],
  predictedLabel: 'pred',
};
const dir = scratchDir('godwit-bias-input-');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('bias analysis: bad input', () => {
  test('a facet column that is not there names it and the columns there are', () => {
    assert.throws(
      () => biasAnalysis(workedExample(), { ...config, facets: [{ name: 'gender', valueOrThreshold: [0] }] }, 'data.csv'),
      {
        code: 'E_BIAS_COLUMN_MISSING',
        message: 'The facet column "gender" is not in data.csv. Its columns: sex, age, target, pred.',
      },
    );
    assert.throws(() => biasAnalysis(workedExample(), { ...config, label: 'income' }, 'data.csv'), {
      code: 'E_BIAS_COLUMN_MISSING',
      message: /The label column "income"/,
    });
    assert.throws(() => biasAnalysis(workedExample(), { ...config, predictedLabel: 'score' }, 'data.csv'), {
      code: 'E_BIAS_COLUMN_MISSING',
      message: /The predicted label column "score"/,
    });
    assert.throws(() => biasAnalysis(workedExample(), { ...config, groupVariable: 'zip' }, 'data.csv'), {
      code: 'E_BIAS_COLUMN_MISSING',
      message: /The group variable column "zip"/,
    });
  });

  test('a facet value absent from the data, or one that is every row', () => {
    assert.throws(
      () => biasAnalysis(workedExample(), { ...config, facets: [{ name: 'sex', valueOrThreshold: ['female'] }] }, 'data.csv'),
      {
        code: 'E_BIAS_FACET_EMPTY',
        message: 'Facet value "female" of column "sex" selects no row in data.csv. Values there: 0, 1.',
      },
    );
    assert.throws(
      () => biasAnalysis(workedExample(), { ...config, facets: [{ name: 'sex', valueOrThreshold: [0, 1] }] }, 'data.csv'),
      {
        code: 'E_BIAS_FACET_EMPTY',
        message: /"0,1" of column "sex" selects every row, so facet a is empty/,
      },
    );
    // A threshold above every value: (60, 90] holds no age.
    assert.throws(
      () => biasAnalysis(workedExample(), { ...config, facets: [{ name: 'age', valueOrThreshold: [90] }] }, 'data.csv'),
      {
        code: 'E_BIAS_FACET_EMPTY',
        message: /column "age" selects no row/,
      },
    );
    assert.throws(
      () => biasAnalysis(workedExample(), { ...config, facets: [{ name: 'age', valueOrThreshold: ['old'] }] }, 'data.csv'),
      {
        code: 'E_BIAS_CONFIG',
        message: /"old" is not a number, but column "age" is continuous/,
      },
    );
  });

  test('labels of one class only, and no positive prediction, name the column', () => {
    assert.throws(() => biasAnalysis(workedExample(), { ...config, labelValuesOrThreshold: [7] }, 'data.csv'), {
      code: 'E_BIAS_ONE_CLASS',
      message: 'The label column "target" of data.csv has one class only: none is positive (7).',
    });
    assert.throws(() => biasAnalysis(workedExample(), { ...config, labelValuesOrThreshold: [0, 1] }, 'data.csv'), {
      code: 'E_BIAS_ONE_CLASS',
      message: /"target" of data\.csv has one class only: every one is positive \(0,1\)/,
    });
    assert.throws(() => biasAnalysis(workedExample(), { ...config, predictedLabel: 'age' }, 'data.csv'), {
      code: 'E_BIAS_ONE_CLASS',
      message: 'No prediction in column "age" of data.csv is a positive label (1).',
    });
  });

  test("Clarify's analysis config is read, and one without label values is E_BIAS_CONFIG", () => {
    const c = biasConfigFromClarify({
      label: 'Target',
      label_values_or_threshold: [1],
      facet: [{ name_or_index: 'Sex', value_or_threshold: [0] }],
      group_variable: 'Age',
      headers: ['Sex', 'Age', 'Target'],
      ProbabilityAttribute: 'score',
      ProbabilityThresholdAttribute: 0.6,
      methods: { post_training_bias: { methods: 'all' } },
    });
    assert.deepEqual(c, {
      label: 'Target',
      labelValuesOrThreshold: [1],
      facets: [{ name: 'Sex', valueOrThreshold: [0] }],
      groupVariable: 'Age',
      probability: 'score',
      probabilityThreshold: 0.6,
      headers: ['Sex', 'Age', 'Target'],
      stages: { pre: false, post: true },
    });
    assert.throws(() => biasConfigFromClarify({ label: 'Target', facet: [{ name_or_index: 'Sex' }] }), {
      code: 'E_BIAS_CONFIG',
      message: /label_values_or_threshold is missing/,
    });
    assert.throws(() => biasConfigFromClarify({ label: 'Target', label_values_or_threshold: [1] }), {
      code: 'E_BIAS_CONFIG',
      message: /facet is missing/,
    });
  });
});

describe('bias data sets', () => {
  test('CSV with a header row, quoted fields and empty cells', async () => {
    const t = await readBiasDataset(file('q.csv', 'sex,name,target\n0,"Doe, Jane ""JD""",1\n\n1,,0\n'), { format: 'csv' });
    assert.deepEqual(t.columns, ['sex', 'name', 'target']);
    assert.equal(t.rowCount, 2);
    assert.deepEqual(t.column('name'), ['Doe, Jane "JD"', null]);
    assert.deepEqual(t.column('sex'), [0, 1]);
    // Without a header row, --headers names the columns.
    const h = await readBiasDataset(file('h.csv', '0,1\n1,0\n'), { format: 'csv', headers: ['sex', 'target'] });
    assert.deepEqual(
      [h.column('sex'), h.column('target')],
      [
        [0, 1],
        [1, 0],
      ],
    );
  });

  test('a CSV row with the wrong number of fields names the file and line', async () => {
    const path = file('bad.csv', 'sex,target\n0,1\n1,0,5\n');
    await assert.rejects(readBiasDataset(path, { format: 'csv' }), {
      code: 'E_BIAS_DATASET',
      message: /bad\.csv:3 has 3 fields, the header 2/,
    });
  });

  test('a JSON Lines line that is not JSON names the file and line; an empty file has no rows', async () => {
    await assert.rejects(readBiasDataset(file('bad.jsonl', '{"a":1}\n{oops\n'), { format: 'jsonl' }), {
      code: 'E_BIAS_DATASET',
      message: /bad\.jsonl:2 is not JSON/,
    });
    await assert.rejects(readBiasDataset(file('empty.jsonl', '\n'), { format: 'jsonl' }), {
      code: 'E_BIAS_DATASET',
      message: /holds no rows/,
    });
  });
});
