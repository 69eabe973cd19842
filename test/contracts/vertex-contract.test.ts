import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pipeline, training } from '../../src/pipeline/dsl/index.js';
import { type ContractHarness, contractHarness, hasPython, MODES } from './helpers.js';

// Written as for Vertex AI: paths from AIP_* variables, Cloud Storage through the /gcs mount.
const script = `import glob, json, os, sys
def local(uri):
    return uri.replace('gs://', '/gcs/')
files = sorted(glob.glob(local(os.environ['AIP_TRAINING_DATA_URI'])))
rows = sum(len(open(f).read().splitlines()) for f in files)
model_dir = local(os.environ['AIP_MODEL_DIR'])
os.makedirs(model_dir, exist_ok=True)
with open(os.path.join(model_dir, 'model.json'), 'w') as f:
    json.dump({'rows': rows, 'argv': sys.argv[1:], 'files': [os.path.basename(x) for x in files],
               'env': {k: v for k, v in os.environ.items() if k.startswith(('AIP_', 'CLOUD_ML_', 'CLUSTER_SPEC'))}}, f)
os.makedirs(local(os.environ['AIP_TENSORBOARD_LOG_DIR']), exist_ok=True)
`;

describe('Vertex AI custom training contract', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  let h: ContractHarness;
  before(async () => {
    h = await contractHarness();
    await h.file('train_vertex.py', script);
    await h.file('data/train/training-0.csv', '1,2\n3,4\n');
    await h.file('data/train/training-1.csv', '5,6\n');
    await h.file('data/validation/validation-0.csv', '7,8\n');
  });
  after(async () => h.close());

  const train = training('train', {
    process: { command: ['python3'], code: 'train_vertex.py', contract: 'vertex' },
    hyperparameters: { epochs: 3, learning_rate: 0.1 },
    inputs: { train: 'data/train', validation: 'data/validation' },
  });
  const p = pipeline('vx', { steps: [train] });

  for (const { mode, skip } of MODES) {
    test(`gives AIP_* and CLOUD_ML_* variables and keeps the model folder as it is (${mode})`, { skip }, async () => {
      const outcome = await h.run(p, {}, mode, { GOOGLE_CLOUD_PROJECT: 'my-project' });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const dir = await h.artifactDir(outcome.runId, 'train', 'model');
      assert.equal(existsSync(join(dir, 'model.tar.gz')), false, 'Vertex keeps the model directory as is');
      const model = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      assert.equal(model.rows, 3);
      assert.deepEqual(model.files, ['training-0.csv', 'training-1.csv']);
      assert.deepEqual(model.argv, ['--epochs=3', '--learning_rate=0.1']);
      const env = model.env;
      assert.equal(env.CLOUD_ML_PROJECT_ID, 'my-project');
      assert.match(env.CLOUD_ML_JOB_ID, /^vx-train-/);
      assert.deepEqual(JSON.parse(env.CLUSTER_SPEC).task, { type: 'workerpool0', index: 0 });
      assert.equal(env.AIP_DATA_FORMAT, 'csv');
      assert.equal(env.AIP_TEST_DATA_URI, undefined);
      if (mode === 'bwrap') {
        const base = `gs://godwit-local/vx/${outcome.runId}/train`;
        assert.equal(env.AIP_MODEL_DIR, `${base}/model/`);
        assert.equal(env.AIP_CHECKPOINT_DIR, `${base}/checkpoints/`);
        assert.equal(env.AIP_TENSORBOARD_LOG_DIR, `${base}/logs/`);
        assert.equal(env.AIP_TRAINING_DATA_URI, `${base}/input/data/train/*`);
        assert.equal(env.AIP_VALIDATION_DATA_URI, `${base}/input/data/validation/*`);
      } else {
        const ws = join(h.home.runsDir, outcome.runId, 'steps', 'train', 'attempt-1');
        assert.equal(env.AIP_MODEL_DIR, `${ws}/model/`);
        assert.equal(env.AIP_TRAINING_DATA_URI, `${ws}/input/data/train/*`);
      }
    });
  }
});
