import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { godwitHome } from '../../src/core/home.js';
import { readDescriptor } from '../../src/registry/read-descriptor.js';
import { writeTarGz } from '../../src/runtime/contracts/tar.js';
import { cli } from '../cli/capture.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir, xgboostDocument, xgboostModelDir } from '../serving/model-fixtures.js';

const TREES = [
  { feature: 0, threshold: 0.5, left: 0, right: 1, group: 0 },
  { feature: 1, threshold: 0.5, left: 1, right: 0, group: 1 },
  { feature: 2, threshold: 0.5, left: 0, right: 2, group: 2 },
];

test('godwit models register records what the model files say: XGBoost (folder and model.tar.gz), linear learner, unknown', async () => {
  const root = scratchDir('godwit-regdesc-');
  const env = { GODWIT_HOME: join(root, 'home') };
  const doc = xgboostDocument({ objective: 'multi:softprob', baseScore: 0.5, numFeature: 3, numClass: 3, trees: TREES });
  const xgb = xgboostModelDir(root, doc);
  await writeTarGz(xgb, join(root, 'model.tar.gz'));
  const linear = linearModelDir(root, [1, 2, 3, 4], 0.5);
  const sklearn = join(root, 'sklearn');
  mkdirSync(sklearn);
  writeFileSync(join(sklearn, 'model.joblib'), Buffer.from([0x80, 0x04, 0x95, 0x00]));

  const registered = [];
  for (const model of [xgb, `file://${join(root, 'model.tar.gz')}`, `file://${linear}`, sklearn, join(root, 'missing')]) {
    const r = await cli(['models', 'register', 'Described', '--model', model, '--json'], env, root);
    assert.equal(r.code, 0, r.stderr);
    registered.push(JSON.parse(r.stdout).descriptor);
  }
  const [folder, archive, ll, unknown, missing] = registered;
  assert.deepEqual(
    [folder.framework, folder.format, folder.version, folder.file, folder.properties.numClass],
    ['xgboost', 'xgboost-json', '1.7.4', 'xgboost-model.json', 3],
  );
  assert.deepEqual(folder.signature, {
    inputs: [{ name: 'features', type: 'float32', shape: [null, 3] }],
    outputs: [{ name: 'predictions', type: 'float32', shape: [null, 3] }],
  });
  assert.deepEqual(archive, folder, 'the archive is unpacked and read the same');
  assert.deepEqual(
    [ll.framework, ll.format, ll.version, ll.signature.inputs[0].shape, ll.properties],
    ['linear-learner', 'godwit.linear-learner', '1', [null, 4], { predictorType: 'regressor' }],
  );
  assert.deepEqual([unknown, missing], [undefined, undefined], 'registered, with no descriptor');

  const list = await cli(['models', 'list', 'Described'], env, root);
  const rows = list.stdout.split('\n').filter((l) => /^\d/.test(l));
  assert.deepEqual(
    rows.map((l) => l.split(/\s{2,}/)[4]),
    ['xgboost 1.7.4', 'xgboost 1.7.4', 'linear-learner 1', '-', '-'],
  );
});

test('readDescriptor unpacks a gs:// model.tar.gz to read it, and reads a damaged model as none', async () => {
  const root = scratchDir('godwit-regdesc-');
  const home = godwitHome(join(root, 'home'));
  const doc = xgboostDocument({
    objective: 'reg:squarederror',
    baseScore: 0.5,
    numFeature: 2,
    trees: [TREES[0]],
    spelling: '2.x',
  });
  const bucket = join(home.root, 'gcs', 'models', 'xgb');
  mkdirSync(bucket, { recursive: true });
  await writeTarGz(xgboostModelDir(root, doc), join(bucket, 'model.tar.gz'));
  const staged = await readDescriptor('gs://models/xgb/model.tar.gz', { home });
  assert.deepEqual([staged?.framework, staged?.version, staged?.signature.inputs[0].shape], ['xgboost', '2.1.0', [null, 2]]);
  // A damaged model is no reason to refuse a registration: no descriptor.
  const broken = join(root, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'xgboost-model.json'), '{"learner": ');
  assert.equal(await readDescriptor(broken, { home }), undefined);
});

// A model the real XGBoost saved (Debian's python3-xgboost), packed by tar as SageMaker's XGBoost
// container leaves it: the descriptor carries XGBoost's version and the feature names it recorded.
const TRAIN = `
import sys, numpy as np, xgboost as xgb
rng = np.random.default_rng(1)
X = rng.random((64, 3)); y = X[:, 0] * 2 + X[:, 2]
d = xgb.DMatrix(X, label=y, feature_names=["length", "diameter", "height"])
xgb.train({"objective": "reg:squarederror", "max_depth": 2}, d, 3).save_model(sys.argv[1])
print(xgb.__version__)
`;

test('a model.tar.gz of a real XGBoost UBJSON model registers with its version and feature names', async (t) => {
  const root = scratchDir('godwit-regdesc-');
  const model = join(root, 'model');
  mkdirSync(model);
  let version: string;
  try {
    version = execFileSync('/usr/bin/python3', ['-c', TRAIN, join(model, 'xgboost-model.ubj')], { encoding: 'utf8' }).trim();
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    return t.skip(`/usr/bin/python3 cannot train with xgboost: ${(err as Error).message.split('\n')[0]}`);
  }
  execFileSync('tar', ['-czf', join(root, 'model.tar.gz'), '-C', model, '.']);
  const r = await cli(
    ['models', 'register', 'Real', '--model', join(root, 'model.tar.gz'), '--json'],
    { GODWIT_HOME: join(root, 'home') },
    root,
  );
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout).descriptor;
  assert.deepEqual(
    [d.framework, d.format, d.version, d.file, d.properties.objective],
    ['xgboost', 'xgboost-ubjson', version, 'xgboost-model.ubj', 'reg:squarederror'],
  );
  assert.deepEqual(d.signature.inputs, [
    { name: 'features', type: 'float32', shape: [null, 3], names: ['length', 'diameter', 'height'] },
  ]);
});
