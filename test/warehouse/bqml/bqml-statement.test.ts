import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMlCalls } from '../../../src/sql/bigquery/bigquery-ml-functions.js';
import { BIGQUERY, classifyStatements, tokenize } from '../../../src/sql/index.js';
import { DEFAULT_HIDDEN_UNITS, defaultClusters } from '../../../src/warehouse/bqml/bqml-algorithms.js';
import { resolveOptions } from '../../../src/warehouse/bqml/bqml-options.js';
import { autoEvalRows } from '../../../src/warehouse/bqml/bqml-split.js';

describe('BigQuery ML statements', () => {
  it('reads CREATE OR REPLACE MODEL with typed options, TRANSFORM and a parenthesised query', () => {
    const [s] = classifyStatements(
      `CREATE OR REPLACE MODEL \`proj.penguins.m\`
       TRANSFORM (ML.STANDARD_SCALER(culmen_length_mm) OVER () AS culmen, species)
       OPTIONS (model_type = 'DNN_CLASSIFIER', input_label_cols = ['species'], hidden_units = [64, 32],
                early_stop = FALSE, l2_reg = 0.5, class_weights = [('Adelie', 2.0), ('Gentoo', 1)])
       AS (SELECT * FROM penguins.penguins)`,
      'bigquery',
    );
    assert.equal(s.kind, 'create-model');
    if (s.kind !== 'create-model') return;
    assert.deepEqual(s.model, { project: 'proj', schema: 'penguins', name: 'm' });
    assert.equal(s.replace, true);
    assert.equal(s.ifNotExists, false);
    assert.deepEqual(s.options.get('input_label_cols'), ['species']);
    assert.deepEqual(s.options.get('hidden_units'), [64, 32]);
    assert.equal(s.options.get('early_stop'), false);
    assert.equal(s.options.get('l2_reg'), 0.5);
    assert.deepEqual(s.options.get('class_weights'), [
      ['Adelie', 2],
      ['Gentoo', 1],
    ]);
    assert.deepEqual(s.transform, ['ML.STANDARD_SCALER(culmen_length_mm) OVER () AS culmen', 'species']);
    assert.equal(s.select, 'SELECT * FROM penguins.penguins');
  });

  it('reads CREATE MODEL IF NOT EXISTS and DROP MODEL [IF EXISTS]', () => {
    const [create, drop, dropIf] = classifyStatements(
      "CREATE MODEL IF NOT EXISTS d.m OPTIONS (model_type = 'KMEANS') AS SELECT 1 AS x; DROP MODEL d.m; DROP MODEL IF EXISTS d.m",
      'bigquery',
    );
    assert.equal(create.kind === 'create-model' && create.ifNotExists, true);
    assert.deepEqual(drop.kind === 'drop-model' && [drop.model, drop.ifExists], [{ schema: 'd', name: 'm' }, false]);
    assert.equal(dropIf.kind === 'drop-model' && dropIf.ifExists, true);
  });

  it('calls a CREATE MODEL without OPTIONS unreadable, naming what is missing', () => {
    const [s] = classifyStatements('CREATE MODEL d.m AS SELECT 1', 'bigquery');
    assert.equal(s.kind, 'unreadable');
    assert.match(s.kind === 'unreadable' ? s.reason : '', /OPTIONS \(model_type/);
  });

  it('finds ML.* calls with MODEL, TABLE, a query and STRUCT settings', () => {
    const sql = `SELECT * FROM ML.PREDICT(MODEL d.m, (SELECT a, b FROM d.t WHERE a > 1), STRUCT(0.7 AS threshold)) p
                 JOIN ML.EVALUATE(MODEL \`d.m\`, TABLE d.t) e ON TRUE`;
    const tokens = tokenize(sql, BIGQUERY);
    const [predict, evaluate] = findMlCalls(tokens);
    assert.equal(predict.name, 'PREDICT');
    assert.deepEqual(predict.input, { query: 'SELECT a, b FROM d.t WHERE a > 1' });
    assert.equal(predict.settings.get('threshold'), 0.7);
    assert.equal(tokens[predict.start].text, 'ML');
    assert.equal(tokens[predict.end].text, ')');
    assert.deepEqual(evaluate.model, { schema: 'd', name: 'm' });
    assert.deepEqual(evaluate.input, { table: { schema: 'd', name: 't' } });
  });
});

describe('BigQuery ML options', () => {
  it("fills in BigQuery ML's defaults per model type", () => {
    const { options } = resolveOptions(new Map([['model_type', 'logistic_reg']]));
    assert.equal(options.model_type, 'LOGISTIC_REG');
    assert.equal(options.l2_reg, 0);
    assert.equal(options.max_iterations, 20);
    assert.equal(options.learn_rate_strategy, 'LINE_SEARCH');
    assert.equal(options.early_stop, true);
    assert.equal(options.min_rel_progress, 0.01);
    assert.equal(options.data_split_method, 'AUTO_SPLIT');
    assert.equal(options.auto_class_weights, false);
    const trees = resolveOptions(new Map([['model_type', 'BOOSTED_TREE_REGRESSOR']])).options;
    assert.deepEqual([trees.l2_reg, trees.learn_rate, trees.max_tree_depth, trees.subsample], [1, 0.3, 6, 1]);
    assert.equal('auto_class_weights' in trees, false, 'a regressor has no class weights');
  });

  it('refuses an unknown option, one the model type does not take, and a bad value, naming them', () => {
    const err = (entries: [string, unknown][]) => {
      try {
        resolveOptions(new Map(entries as [string, never][]));
      } catch (e) {
        return e as { code: string; message: string; hint: string };
      }
      assert.fail('no error');
    };
    const unknown = err([
      ['model_type', 'LINEAR_REG'],
      ['max_iteration', 5],
    ]);
    assert.equal(unknown.code, 'E_BQML_OPTION');
    assert.match(unknown.message, /max_iteration is not an option Godwit knows/);
    assert.match(unknown.hint, /max_iterations/);
    assert.match(
      err([
        ['model_type', 'KMEANS'],
        ['hidden_units', [8]],
      ]).message,
      /hidden_units is not an option of model_type KMEANS/,
    );
    assert.match(
      err([
        ['model_type', 'DNN_REGRESSOR'],
        ['activation_fn', 'SWISH'],
      ]).hint,
      /RELU/,
    );
    assert.match(err([['model_type', 'ARIMA_PLUS']]).hint, /LINEAR_REG/);
    assert.match(
      err([
        ['model_type', 'LINEAR_REG'],
        ['max_iterations', 2.5],
      ]).message,
      /integer/,
    );
  });

  it("applies BigQuery's data-driven defaults: AUTO_SPLIT sizes, k-means clusters (and the DNN's one layer of 128)", () => {
    assert.deepEqual(
      [autoEvalRows(499), autoEvalRows(500), autoEvalRows(50_000), autoEvalRows(200_000)],
      [0, 100, 10_000, 10_000],
    );
    assert.deepEqual(DEFAULT_HIDDEN_UNITS, [128]);
    assert.deepEqual([defaultClusters(10), defaultClusters(1000), defaultClusters(1_000_000)], [2, 3, 6]);
  });
});
