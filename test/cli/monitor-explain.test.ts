/**
 * `godwit monitor explain`: a model folder and an endpoint from the catalog, KernelSHAP and TreeSHAP,
 * a baseline run then a drifted one (exit 1, constraint_violations.json), and bad input as coded
 * errors with exit 2.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { boostedTrees } from '../../src/ml/boosted-trees/index.js';
import { seededRandom } from '../../src/ml/random.js';
import { stringifyXgboostJson } from '../../src/ml/xgboost/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { OPTIONS } from '../ml/boosted-trees/fixtures.js';
import { cli } from './capture.js';

describe('godwit monitor explain', () => {
  const root = scratchDir('godwit-explain-cli-');
  const env = { GODWIT_HOME: join(root, 'home') };
  const explain = (...args: string[]) => cli(['monitor', 'explain', ...args], env, root);
  const model = join(root, 'model');
  const rows = (n: number, seed: number, zeroFirst = false) => {
    const random = seededRandom(seed);
    return Array.from({ length: n }, () => {
      const v = [0, 1, 2].map(() => random() * 2 - 1);
      if (zeroFirst) v[0] = 0;
      return v;
    });
  };
  const csvFile = (name: string, data: number[][]) => {
    writeFileSync(join(root, name), `a,b,c\n${data.map((v) => v.join(',')).join('\n')}\n`);
    return join(root, name);
  };

  before(async () => {
    const train = rows(300, 1);
    const x = { rows: 300, cols: 3, data: Float64Array.from(train.flat()) };
    const y = Float64Array.from(train.map((v) => 4 * v[0] + v[1] + 0.2 * v[2]));
    const trained = await boostedTrees.train({
      task: { kind: 'regression' },
      x,
      y,
      options: { ...OPTIONS, rounds: 15 },
      seed: 1,
    });
    mkdirSync(model, { recursive: true });
    writeFileSync(join(model, 'xgboost-model.json'), stringifyXgboostJson(trained.model));
    const metadata = await openMetadata(godwitHome(env.GODWIT_HOME), systemClock, {});
    await metadata.endpoints.createModel({
      name: 'm',
      containers: [{ modelDataUrl: `${pathToFileURL(model).href}/` }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await metadata.endpoints.createEndpointConfig({
      name: 'cfg',
      productionVariants: [{ variantName: 'AllTraffic', modelName: 'm', initialInstanceCount: 1, initialVariantWeight: 1 }],
      shadowVariants: [],
      tags: [],
    });
    await metadata.endpoints.createEndpoint('ep', 'cfg');
    await metadata.close();
  });

  test('a baseline from a model folder, then a drifted data set through the endpoint: NDCG below 0.9 exits 1', async () => {
    const base = await explain(
      '--model',
      model,
      '--dataset',
      csvFile('base.csv', rows(40, 2)),
      '--header',
      '--output',
      join(root, 'base'),
    );
    assert.equal(base.code, 0, base.stderr);
    assert.match(base.stdout, /kernel_shap label0/);
    assert.match(base.stdout, /FEATURE\s+GLOBAL SHAP\n\s*a\s/, 'the dominant feature first');
    const drifted = csvFile('drift.csv', rows(40, 3, true));
    const run = await explain(
      '--endpoint',
      'ep',
      '--dataset',
      drifted,
      '--header',
      '--baseline',
      join(root, 'base', 'analysis.json'),
      '--output',
      join(root, 'now'),
      '--json',
    );
    assert.equal(run.code, 1, run.stderr);
    const printed = JSON.parse(run.stdout);
    assert.equal(printed.status, 'CompletedWithViolations');
    assert.ok(printed.drift[0].ndcg < 0.9);
    const violations = JSON.parse(readFileSync(join(root, 'now', 'constraint_violations.json'), 'utf8'));
    assert.equal(violations.violations[0].constraint_check_type, 'feature_attribution_drift_check');
  });

  test('--method tree writes exact TreeSHAP values under tree_shap', async () => {
    const r = await explain(
      '--model',
      model,
      '--dataset',
      csvFile('t.csv', rows(10, 4)),
      '--header',
      '--method',
      'tree',
      '--json',
      '--output',
      join(root, 'tree'),
    );
    assert.equal(r.code, 0, r.stderr);
    const analysis = JSON.parse(readFileSync(join(root, 'tree', 'analysis.json'), 'utf8'));
    assert.deepEqual(Object.keys(analysis.explanations.tree_shap.label0.global_shap_values), ['a', 'b', 'c']);
  });

  test('bad input: both or neither model flag, an unknown endpoint, a data set missing a feature', async () => {
    const data = csvFile('ok.csv', rows(5, 5));
    const neither = await explain('--dataset', data);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /exactly one of --model URI or --endpoint NAME/);
    const unknown = await explain('--endpoint', 'nope', '--dataset', data);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /E_EXPLAIN_MODEL|no endpoint "nope"/);
    writeFileSync(join(root, 'two.csv'), 'a,b\n1,2\n');
    const short = await explain('--model', model, '--dataset', join(root, 'two.csv'), '--header');
    assert.equal(short.code, 2);
    assert.match(short.stderr, /2 feature columns \(a, b\), but the model reads 3/);
  });
});
