import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { godwitHome } from '../../src/core/home.js';
import type { InferenceRequest, ModelInstance, StartOptions } from '../../src/serving/model-runtime.js';
import { startInstance } from '../../src/serving/runtimes/choose-runtime.js';
import { RUNTIMES } from '../../src/serving/runtimes/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { xgboostDocument, xgboostModelDir } from './model-fixtures.js';

// Two stumps on a 3-feature regression: margin = 0.5 + (x0 < 1 ? -1 : 2) + (x2 < 0 ? 0.25 : 4),
// missing values going left at both splits.
const root = scratchDir('godwit-xgb-runtime-');
const trees = [
  { feature: 0, threshold: 1, left: -1, right: 2 },
  { feature: 2, threshold: 0, left: 0.25, right: 4 },
];
const regression = xgboostModelDir(
  root,
  xgboostDocument({ objective: 'reg:squarederror', baseScore: 0.5, numFeature: 3, trees }),
);
const multi = xgboostModelDir(
  root,
  xgboostDocument({
    objective: 'multi:softprob',
    baseScore: 0.5,
    numFeature: 1,
    numClass: 2,
    trees: [
      { feature: 0, threshold: 0, left: 1, right: -1, group: 0 },
      { feature: 0, threshold: 0, left: -1, right: 1, group: 1 },
    ],
  }),
  'xgboost-model.json',
  'multi',
);

const options = (modelDir: string, environment?: Record<string, string>): StartOptions => ({
  container: { image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', environment },
  modelDir,
  home: godwitHome(join(root, 'home')),
  workDir: join(root, 'work'),
});

async function both(
  modelDir: string,
  run: (instance: ModelInstance) => Promise<void>,
  environment?: Record<string, string>,
): Promise<void> {
  const inProcess = await (await RUNTIMES.xgboost()).start(options(modelDir, environment));
  const inWorker = await startInstance(options(modelDir, environment));
  assert.equal(inWorker.runtime, 'xgboost');
  try {
    await run(inProcess);
    await run(inWorker);
  } finally {
    await inWorker.close();
    await inProcess.close();
  }
}

const ask = async (
  instance: ModelInstance,
  request: Omit<Partial<InferenceRequest>, 'body'> & { body: string },
): Promise<[string, string]> => {
  const answer = await instance.invoke({ contentType: 'text/csv', ...request, body: Buffer.from(request.body) });
  return [answer.body.toString(), answer.contentType];
};

test('CSV rows in, one comma-separated CSV line out; missing values go left', () =>
  both(regression, async (instance) => {
    assert.deepEqual(await ask(instance, { body: '0,0,-1' }), ['-0.25', 'text/csv']);
    assert.deepEqual(await ask(instance, { body: '2,0,1\n0,9,\n,0,5\n' }), ['6.5,-0.25,3.5', 'text/csv']);
  }));

test('JSON, JSON lines and libsvm in; JSON and JSON lines out', () =>
  both(regression, async (instance) => {
    const json = { body: '{"instances": [[2, 0, 1], [0, 0, null]]}', contentType: 'application/json' };
    assert.deepEqual(await ask(instance, { ...json, accept: 'application/json' }), ['[6.5, -0.25]', 'application/json']);
    assert.deepEqual(
      await ask(instance, {
        body: '[2, 0, 1]\n[0, 0, -3]\n',
        contentType: 'application/jsonlines',
        accept: 'application/jsonlines',
      }),
      ['6.5\n-0.25\n', 'application/jsonlines'],
    );
    assert.deepEqual(await ask(instance, { body: '0 0:2 2:1', contentType: 'text/libsvm' }), ['6.5', 'text/csv']);
  }));

test('a multi-class model answers a probability list per row', () =>
  both(multi, async (instance) => {
    const [body] = await ask(instance, { body: '-1\n1', accept: 'application/json' });
    const rows = JSON.parse(body) as number[][];
    assert.equal(rows.length, 2);
    const e = Math.exp(2);
    assert.ok(Math.abs(rows[0][0] - e / (1 + e)) < 1e-6 && Math.abs(rows[1][1] - e / (1 + e)) < 1e-6, body);
  }));

test('SAGEMAKER_BATCH answers one prediction per line, as the container does in batch transform', () =>
  both(
    regression,
    async (instance) => assert.deepEqual(await ask(instance, { body: '2,0,1\n0,0,-1' }), ['6.5\n-0.25\n', 'text/csv']),
    {
      SAGEMAKER_BATCH: 'true',
    },
  ));

test('bad payloads are E_DATA_FORMAT naming the row and the problem; bad types E_CONTENT_TYPE', () =>
  both(regression, async (instance) => {
    await assert.rejects(ask(instance, { body: '1,2,3\n1,2' }), (err: GodwitError) => {
      assert.equal(err.code, 'E_DATA_FORMAT');
      assert.match(err.message, /Line 2 has 2 features, but the model expects 3/);
      return true;
    });
    await assert.rejects(ask(instance, { body: '1,2,3\n1,abc,3' }), /Line 2, column 2: "abc" is not a number/);
    await assert.rejects(ask(instance, { body: '9,1,2,3' }), (err: GodwitError) => /without the label/.test(err.hint ?? ''));
    await assert.rejects(ask(instance, { body: '1,2,3', contentType: 'image/png' }), { code: 'E_CONTENT_TYPE' });
    await assert.rejects(ask(instance, { body: '1,2,3', accept: 'application/xml' }), { code: 'E_CONTENT_TYPE' });
  }));

test("SAGEMAKER_INFERENCE_OUTPUT selects the container's keys, in its JSON, JSON lines and CSV", async () => {
  const binary = xgboostModelDir(
    root,
    xgboostDocument({
      objective: 'binary:logistic',
      baseScore: 0.5,
      numFeature: 1,
      trees: [{ feature: 0, threshold: 0, left: -2, right: 2 }],
    }),
    'xgboost-model.json',
    'binary',
  );
  // XGBoost's float32 sigmoid of the margins 2 and -2.
  const f = Math.fround;
  const pf = f(1 / f(1 + f(Math.exp(-2))));
  const qf = f(1 / f(1 + f(Math.exp(2))));
  await both(
    binary,
    async (instance) => {
      const [json] = await ask(instance, { body: '1', accept: 'application/json' });
      assert.equal(
        json,
        `{"predictions": [{"predicted_label": 1, "probabilities": [${1 - pf}, ${pf}], "predicted_score": NaN}]}`,
      );
      const [lines] = await ask(instance, { body: '1\n-1', accept: 'application/jsonlines' });
      assert.equal(lines.split('\n').length, 3);
      assert.match(lines, /^\{"predicted_label": 1, /);
      const [csv] = await ask(instance, { body: '1\n-1' });
      assert.equal(csv, `1,"[${1 - pf}, ${pf}]",nan\n0,"[${1 - qf}, ${qf}]",nan`);
    },
    { SAGEMAKER_INFERENCE_OUTPUT: 'predicted_label, probabilities,PREDICTED_SCORE' },
  );
});
