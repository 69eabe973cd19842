import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { godwitHome } from '../../src/core/home.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';
import { resolveParameters } from '../../src/pipeline/parameters.js';
import { startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { tempDir } from '../helpers/harness.js';
import { MODES, PYTHON, sklearnMissing, withEnv } from './helpers.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/abalone-sklearn/', import.meta.url));
const missing = sklearnMissing();

describe('examples/abalone-sklearn', { skip: missing ? `skipped: ${missing}` : false }, () => {
  let root: string;
  let services: Awaited<ReturnType<typeof openLocalServices>>;
  before(async () => {
    root = await tempDir('godwit-abalone-sklearn-');
    services = await openLocalServices(godwitHome(join(root, 'home')));
  });
  after(async () => {
    await services.close();
    await rm(root, { recursive: true, force: true });
  });

  async function run(file: string, mode: 'none' | 'bwrap', params: Record<string, string> = {}) {
    const loaded = await loadPipelineFile(join(EXAMPLE, file));
    const parameters = resolveParameters(loaded.ir, params);
    return withEnv({ GODWIT_SANDBOX: mode, GODWIT_PYTHON: PYTHON }, () =>
      startRun(loaded.ir, parameters, { baseDir: loaded.baseDir, pipelineFile: loaded.file }, { services, concurrency: 2 }),
    );
  }

  async function metrics(runId: string) {
    return Object.fromEntries((await services.metadata.store.listMetrics(runId)).map((m) => [`${m.step}.${m.name}`, m.value]));
  }

  async function evaluation(runId: string) {
    const [a] = await services.metadata.store.listArtifacts(runId, 'evaluate');
    return JSON.parse(await readFile(join(new URL(a.uri).pathname, 'evaluation.json'), 'utf8'));
  }

  async function modelFiles(runId: string): Promise<string[]> {
    const [a] = (await services.metadata.store.listArtifacts(runId, 'train')).filter((x) => x.name === 'model');
    const dir = new URL(a.uri).pathname;
    const files = await readdir(dir);
    if (!files.includes('model.tar.gz')) return files;
    const out = await mkdtemp(join(root, 'model-'));
    assert.equal(spawnSync('tar', ['-xzf', join(dir, 'model.tar.gz'), '-C', out]).status, 0);
    return ['model.tar.gz', ...readdirSync(out).map((f) => `model.tar.gz:${f}`)];
  }

  /** The batch transform's output: one "rings,prediction" line per test record, predictions near the truth. */
  async function transformed(runId: string) {
    const [a] = await services.metadata.store.listArtifacts(runId, 'batch-transform');
    assert.deepEqual(
      a.files?.map((f) => f.path),
      ['test.csv.out'],
    );
    const [test] = await services.metadata.store
      .listArtifacts(runId, 'preprocess')
      .then((l) => l.filter((x) => x.name === 'test'));
    const records = (await readFile(join(new URL(test.uri).pathname, 'test.csv'), 'utf8')).trim().split('\n');
    const rows = (await readFile(join(new URL(a.uri).pathname, 'test.csv.out'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    assert.equal(rows.length, records.length);
    assert.ok(rows.every((r, i) => r.length === 2 && r[0] === records[i].split(',')[0]));
    const mse = rows.reduce((sum, [y, p]) => sum + (Number(y) - Number(p)) ** 2, 0) / rows.length;
    return mse;
  }

  for (const { mode, skip } of MODES) {
    test(`pipeline.ts runs the SageMaker script-mode scripts end to end (${mode})`, { skip }, async () => {
      const outcome = await run('pipeline.ts', mode);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const m = await metrics(outcome.runId);
      assert.ok(m['train.validation:rmse'] > 1 && m['train.validation:rmse'] < 3, JSON.stringify(m));
      const mse = (await evaluation(outcome.runId)).regression_metrics.mse.value;
      assert.ok(mse > 1 && mse < 6, `test MSE ${mse}`);
      assert.deepEqual(await modelFiles(outcome.runId), ['model.tar.gz', 'model.tar.gz:xgboost-model.json']);
      // The transform scores the test split with the XGBoost runtime: the same MSE evaluate.py found.
      assert.ok(Math.abs((await transformed(outcome.runId)) - mse) < 1e-3, 'batch transform MSE matches the evaluation');
      const versions = await services.metadata.registry.listVersions('AbaloneXGBoostModels');
      assert.ok(versions.some((v) => v.runId === outcome.runId));
    });

    test(`pipeline-vertex.ts runs the Vertex AI training script (${mode})`, { skip }, async () => {
      const outcome = await run('pipeline-vertex.ts', mode);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.deepEqual(await modelFiles(outcome.runId), ['model.bst']);
      const mse = (await evaluation(outcome.runId)).regression_metrics.mse.value;
      assert.ok(mse > 1 && mse < 6, `test MSE ${mse}`);
      assert.ok(Math.abs((await transformed(outcome.runId)) - mse) < 1e-3, 'batch transform MSE matches the evaluation');
    });
  }

  test('a threshold the model misses takes the fail branch with the threshold in its message', async () => {
    const outcome = await run('pipeline.ts', 'none', { mse_threshold: '1.5', num_round: '5' });
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error, 'Test MSE is above 1.5');
  });

  test('the scripts are plain SageMaker / Vertex scripts: none reads a Godwit variable or module', () => {
    for (const f of ['preprocess.py', 'train.py', 'evaluate.py', 'train_vertex.py']) {
      const text = readFileSync(join(EXAMPLE, 'code', f), 'utf8');
      assert.doesNotMatch(text, /GODWIT_|import godwit|from godwit/, `${f} depends on Godwit`);
    }
    const train = readFileSync(join(EXAMPLE, 'code', 'train.py'), 'utf8');
    assert.match(train, /SM_MODEL_DIR/);
    assert.match(train, /SM_CHANNEL_TRAIN/);
    assert.match(readFileSync(join(EXAMPLE, 'code', 'train_vertex.py'), 'utf8'), /AIP_MODEL_DIR/);
  });
});
