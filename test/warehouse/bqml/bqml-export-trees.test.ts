import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readDescriptor } from '../../../src/registry/read-descriptor.js';
import { stageModelData } from '../../../src/serving/model-data.js';
import { startInstance } from '../../../src/serving/runtimes/choose-runtime.js';
import { objectIn } from '../../../src/store/index.js';
import type { Row } from '../../../src/warehouse/warehouse.js';
import { startS3rver, type TestS3Server } from '../../helpers/s3-server.js';
import { type ExportFixture, exportWarehouse } from './bqml-export-fixture.js';

const VERTEX_XGBOOST = 'us-docker.pkg.dev/vertex-ai/prediction/xgboost-cpu.1-7:latest';

interface Metadata {
  feature_names: string[];
  features: { name: string; type: string; encoding?: string; vocabulary?: (string | null)[]; columns: string[] }[];
  label: { classes: string[] };
}

/** The feature columns of `rows`, built only from what assets/model_metadata.json says. */
function encodeByMetadata(meta: Metadata, rows: readonly Row[]): (number | null)[][] {
  return rows.map((row) =>
    meta.features.flatMap((f) => {
      const v = row[f.name];
      if (f.type === 'numerical') return [v === null || v === undefined ? null : Number(v)];
      assert.equal(f.encoding, 'ONE_HOT_ENCODING');
      return (f.vocabulary ?? []).map((c) => ((v ?? null) === c ? 1 : 0));
    }),
  );
}

// Debian's XGBoost loads both files the export wrote and predicts on the encoded features.
const PREDICT = `
import json, sys, numpy as np, xgboost as xgb
folder, rows = sys.argv[1], json.load(open(sys.argv[2]))
x = np.array([[np.nan if v is None else v for v in r] for r in rows], dtype=np.float64)
out = {"version": xgb.__version__}
for name in ["model.bst", "xgboost-model.json"]:
    b = xgb.Booster(model_file=folder + "/" + name)
    out[name] = b.predict(xgb.DMatrix(x, feature_names=b.feature_names, missing=np.nan)).tolist()
print(json.dumps(out))
`;

describe('EXPORT MODEL: a BOOSTED_TREE_CLASSIFIER to s3://, as XGBoost files', () => {
  let s3: TestS3Server;
  let f: ExportFixture;
  before(async () => {
    s3 = await startS3rver(['models']);
    f = await exportWarehouse({
      s3: { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true },
      env: { ...process.env, ...s3.env },
    });
    await f.bq.execute(`CREATE MODEL penguins.trees
      OPTIONS (model_type = 'BOOSTED_TREE_CLASSIFIER', input_label_cols = ['species'], max_iterations = 8)
      AS SELECT * FROM penguins.penguins`);
    await f.bq.execute("EXPORT MODEL penguins.trees OPTIONS (URI = 's3://models/bqml/trees')");
  });
  after(() => f.close());

  it("writes XGBoost's files and BigQuery's assets; XGBoost 1.7 predicts ML.PREDICT's probabilities (1e-6)", async (t) => {
    const dir = join(f.root, 'downloaded');
    await stageModelData('s3://models/bqml/trees/', dir, { home: f.home, storeOptions: f.storeOptions });
    const { store } = await objectIn('s3://models/x', f.storeOptions);
    assert.deepEqual(
      (await store.list('bqml/trees/')).map((o) => o.key),
      [
        'bqml/trees/assets/0.txt',
        'bqml/trees/assets/5.txt',
        'bqml/trees/assets/model_metadata.json',
        'bqml/trees/model.bst',
        'bqml/trees/xgboost-model.json',
      ],
    );
    const meta = JSON.parse(readFileSync(join(dir, 'assets', 'model_metadata.json'), 'utf8')) as Metadata;
    assert.deepEqual(meta.label.classes, ['Adelie', 'Chinstrap', 'Gentoo']);
    assert.deepEqual(meta.feature_names.slice(0, 4), ['island_Biscoe', 'island_Dream', 'island_Torgersen', 'culmen_length_mm']);
    assert.equal(readFileSync(join(dir, 'assets', '0.txt'), 'utf8'), 'Biscoe\nDream\nTorgersen\n');

    const { rows: table } = await f.bq.query('SELECT * FROM penguins.penguins');
    const { rows: predicted } = await f.bq.query(
      'SELECT predicted_species_probs FROM ML.PREDICT(MODEL penguins.trees, TABLE penguins.penguins)',
    );
    const probs = predicted.map((r) => (r.predicted_species_probs as { prob: number }[]).map((p) => p.prob));
    const x = encodeByMetadata(meta, table);
    mkdirSync(join(f.root, 'py'), { recursive: true });
    writeFileSync(join(f.root, 'py', 'rows.json'), JSON.stringify(x));
    let out: Record<string, number[][] | string>;
    try {
      out = JSON.parse(
        execFileSync('/usr/bin/python3', ['-c', PREDICT, dir, join(f.root, 'py', 'rows.json')], { encoding: 'utf8' }),
      );
    } catch (err) {
      if (process.env.CI === 'true') throw err;
      return t.skip(`/usr/bin/python3 cannot run xgboost: ${(err as Error).message.split('\n')[0]}`);
    }
    for (const file of ['model.bst', 'xgboost-model.json']) {
      const got = out[file] as number[][];
      assert.equal(got.length, probs.length);
      got.forEach((row, r) => {
        for (const [k, p] of row.entries())
          assert.ok(Math.abs(p - probs[r][k]) <= 1e-6, `${file} row ${r}: ${p} vs ${probs[r][k]}`);
      });
    }
  });

  it('registers as XGBoost with its feature names, and the xgboost runtime serves it from the URI', async () => {
    const descriptor = await readDescriptor('s3://models/bqml/trees/', { home: f.home, storeOptions: f.storeOptions });
    assert.deepEqual(
      [descriptor?.framework, descriptor?.file, descriptor?.properties?.objective],
      ['xgboost', 'xgboost-model.json', 'multi:softprob'],
    );
    assert.equal(descriptor?.signature.inputs[0].names?.[0], 'island_Biscoe');

    const modelDir = join(f.root, 'serving');
    await stageModelData('s3://models/bqml/trees/', modelDir, { home: f.home, storeOptions: f.storeOptions });
    const instance = await startInstance({
      container: { image: VERTEX_XGBOOST, modelDataUrl: 's3://models/bqml/trees/' },
      modelDir,
      home: f.home,
      workDir: join(f.root, 'work'),
    });
    try {
      assert.equal(instance.runtime, 'xgboost');
      const meta = JSON.parse(readFileSync(join(modelDir, 'assets', 'model_metadata.json'), 'utf8')) as Metadata;
      const { rows: table } = await f.bq.query('SELECT * FROM penguins.penguins WHERE sex IS NULL OR body_mass_g > 5000');
      const { rows: predicted } = await f.bq.query(
        'SELECT predicted_species_probs FROM ML.PREDICT(MODEL penguins.trees, (SELECT * FROM penguins.penguins WHERE sex IS NULL OR body_mass_g > 5000))',
      );
      const csv = encodeByMetadata(meta, table)
        .map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))
        .join('\n');
      const answer = await instance.invoke({ body: Buffer.from(csv), contentType: 'text/csv', accept: 'application/json' });
      const served = JSON.parse(answer.body.toString()) as number[][];
      assert.equal(served.length, predicted.length);
      served.forEach((row, r) => {
        const want = (predicted[r].predicted_species_probs as { prob: number }[]).map((p) => p.prob);
        for (const [k, p] of row.entries()) assert.ok(Math.abs(p - want[k]) <= 1e-6, `row ${r}: ${p} vs ${want[k]}`);
      });
    } finally {
      await instance.close();
    }
  });
});
