import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEndpoint, createEndpointConfig, createModel } from '../../../src/endpoints/endpoints.js';
import { openMetadata } from '../../../src/meta/index.js';
import { readDescriptor } from '../../../src/registry/read-descriptor.js';
import { registerFromUri } from '../../../src/registry/register-from-uri.js';
import { EndpointHost } from '../../../src/serving/host/endpoint-host.js';
import { stageModelData } from '../../../src/serving/model-data.js';
import type { ModelInstance } from '../../../src/serving/model-runtime.js';
import { startInstance } from '../../../src/serving/runtimes/choose-runtime.js';
import type { Row } from '../../../src/warehouse/warehouse.js';
import { type ExportFixture, exportWarehouse } from './bqml-export-fixture.js';

const TF_IMAGE = 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-11:latest';
const FEATURES = 'island, culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g, sex';

interface Probs {
  label: unknown;
  prob: number;
}

/** Stages the model data URL and starts the runtime the files choose, in its worker thread. */
async function serve(f: ExportFixture, url: string, name: string, image = TF_IMAGE): Promise<ModelInstance> {
  const modelDir = join(f.root, 'serving', name);
  await stageModelData(url, modelDir, { home: f.home, storeOptions: f.storeOptions });
  return startInstance({ container: { image, modelDataUrl: url }, modelDir, home: f.home, workDir: join(f.root, 'work', name) });
}

async function invoke(instance: ModelInstance, body: unknown, contentType = 'application/json', accept?: string) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const r = await instance.invoke({ body: Buffer.from(text), contentType, ...(accept ? { accept } : {}) });
  return { text: r.body.toString(), contentType: r.contentType };
}

function assertSameProbs(served: readonly Row[], predicted: readonly Row[], label: string): void {
  assert.equal(served.length, predicted.length);
  served.forEach((s, r) => {
    assert.equal(s[`predicted_${label}`], predicted[r][`predicted_${label}`], `row ${r}`);
    const a = s[`predicted_${label}_probs`] as Probs[];
    const b = predicted[r][`predicted_${label}_probs`] as Probs[];
    assert.deepEqual(
      a.map((p) => p.label),
      b.map((p) => p.label),
    );
    for (const [k, p] of a.entries())
      assert.ok(Math.abs(p.prob - b[k].prob) <= 1e-9, `row ${r} class ${k}: ${p.prob} vs ${b[k].prob}`);
  });
}

describe('EXPORT MODEL: a DNN_CLASSIFIER to gs://, registered and served from the URI', () => {
  let f: ExportFixture;
  let instance: ModelInstance | undefined;
  before(async () => {
    f = await exportWarehouse();
  });
  after(async () => {
    await instance?.close();
    await f.close();
  });

  it('writes bqml-model.json (and model.onnx), which registers as a bqml model and serves raw rows as ML.PREDICT answers them', async () => {
    await f.bq.execute(`CREATE OR REPLACE MODEL penguins.penguins_model
      OPTIONS(model_type='DNN_CLASSIFIER', input_label_cols=['species']) AS SELECT * FROM penguins.penguins`);
    const cost = await f.bq.execute("EXPORT MODEL penguins.penguins_model OPTIONS(URI = 'gs://lab-models/penguins/dnn/')");
    assert.equal(cost.filesWritten, 2);
    const folder = join(f.home.root, 'gcs', 'lab-models', 'penguins', 'dnn');
    assert.deepEqual(
      readdirSync(folder).filter((n) => !n.startsWith('.')),
      ['bqml-model.json', 'model.onnx'],
    );

    const descriptor = await readDescriptor('gs://lab-models/penguins/dnn/', { home: f.home, storeOptions: f.storeOptions });
    assert.equal(descriptor?.framework, 'bqml');
    assert.deepEqual(
      descriptor?.signature.inputs.map((i) => [i.name, i.type]),
      [
        ['island', 'string'],
        ['culmen_length_mm', 'float64'],
        ['culmen_depth_mm', 'float64'],
        ['flipper_length_mm', 'int64'],
        ['body_mass_g', 'int64'],
        ['sex', 'string'],
      ],
    );
    assert.deepEqual(descriptor?.signature.outputs[1].names, ['Adelie', 'Chinstrap', 'Gentoo']);

    const { rows: table } = await f.bq.query(`SELECT ${FEATURES} FROM penguins.penguins`);
    const { rows: predicted } = await f.bq.query(
      `SELECT predicted_species, predicted_species_probs FROM ML.PREDICT(MODEL penguins.penguins_model, (SELECT ${FEATURES} FROM penguins.penguins))`,
    );
    instance = await serve(f, 'gs://lab-models/penguins/dnn/', 'dnn');
    assert.equal(instance.runtime, 'bqml');
    const json = await invoke(instance, { instances: table });
    assert.equal(json.contentType, 'application/json');
    assertSameProbs(JSON.parse(json.text).predictions, predicted, 'species');

    // CSV with a header, the columns in another order and an empty field as NULL; answered as CSV.
    const csv = ['sex,island,culmen_length_mm,culmen_depth_mm,flipper_length_mm,body_mass_g', ',Biscoe,50.1,15.2,220,5600'].join(
      '\n',
    );
    const answer = await invoke(instance, csv, 'text/csv', 'text/csv');
    const { rows: one } = await f.bq.query(
      "SELECT predicted_species, predicted_species_probs FROM ML.PREDICT(MODEL penguins.penguins_model, (SELECT 'Biscoe' AS island, 50.1 AS culmen_length_mm, 15.2 AS culmen_depth_mm, 220 AS flipper_length_mm, 5600 AS body_mass_g, CAST(NULL AS STRING) AS sex))",
    );
    const [label, ...probs] = answer.text.trim().split(',');
    assert.equal(label, one[0].predicted_species);
    for (const [k, p] of (one[0].predicted_species_probs as Probs[]).entries())
      assert.ok(Math.abs(Number(probs[k]) - p.prob) <= 1e-12);
  });

  it('refuses a request missing an input column with E_DATA_FORMAT naming it', async () => {
    assert.ok(instance);
    await assert.rejects(invoke(instance, { instances: [{ island: 'Biscoe' }] }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_DATA_FORMAT');
      assert.match(err.message, /no column culmen_length_mm/);
      return true;
    });
  });
});

describe('BigQuery ML → Cloud Storage → model registry → endpoint, offline', () => {
  it('registers the gs:// export, deploys its latest approved version and answers ML.PREDICT over the endpoint', async () => {
    const f = await exportWarehouse();
    const metadata = await openMetadata(f.home, { now: () => new Date(), sleep: async () => {} }, {});
    const host = new EndpointHost({ catalog: metadata.endpoints, home: f.home, tickMs: 60_000 });
    try {
      await f.bq.execute(`CREATE MODEL penguins.penguins_model
        OPTIONS(model_type='DNN_CLASSIFIER', input_label_cols=['species'], hidden_units=[32], max_iterations=10)
        AS SELECT * FROM penguins.penguins`);
      await f.bq.execute("EXPORT MODEL penguins.penguins_model OPTIONS (URI = 'gs://lab-models/penguins/v1/')");
      const deps = { endpoints: metadata.endpoints, registry: metadata.registry };
      const version = await registerFromUri(
        metadata.registry,
        {
          group: 'penguins',
          modelUri: 'gs://lab-models/penguins/v1/',
          approvalStatus: 'Approved',
          inference: { image: TF_IMAGE },
          actor: 'test',
        },
        { home: f.home, storeOptions: f.storeOptions },
      );
      assert.equal(version.descriptor?.framework, 'bqml');
      await createModel(deps, { name: 'penguins-model', containers: [{ modelPackageName: 'penguins/latest-approved' }] });
      await createEndpointConfig(deps, {
        name: 'penguins-config',
        productionVariants: [
          {
            variantName: 'AllTraffic',
            modelName: 'penguins-model',
            initialInstanceCount: 1,
            initialVariantWeight: 1,
            instanceType: 'ml.m5.large',
          },
        ],
      });
      await createEndpoint(deps, 'penguins', 'penguins-config');
      await host.start();
      assert.equal((await metadata.endpoints.getEndpoint('penguins'))?.status, 'InService');

      const sample = `(SELECT ${FEATURES} FROM penguins.penguins WHERE body_mass_g > 5000 OR sex IS NULL)`;
      const { rows: table } = await f.bq.query(`SELECT * FROM ${sample}`);
      const { rows: predicted } = await f.bq.query(
        `SELECT predicted_species, predicted_species_probs FROM ML.PREDICT(MODEL penguins.penguins_model, ${sample})`,
      );
      const { response } = await host.invoke('penguins', {
        body: Buffer.from(JSON.stringify({ instances: table })),
        contentType: 'application/json',
      });
      assertSameProbs(JSON.parse(response.body.toString()).predictions, predicted, 'species');
    } finally {
      await host.close();
      await metadata.close();
      await f.close();
    }
  });
});
