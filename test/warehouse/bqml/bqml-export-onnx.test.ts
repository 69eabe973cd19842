import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toFileUri } from '../../../src/core/uri.js';
import { describeModel } from '../../../src/ml/model-descriptor.js';
import { parseExportedModel } from '../../../src/warehouse/bqml/bqml-export-model.js';
import { encode } from '../../../src/warehouse/bqml/bqml-features.js';
import { type ExportFixture, exportWarehouse } from './bqml-export-fixture.js';

const FEATURES = 'island, culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g';

const MODELS: Record<string, { create: string; label: string; classifier: boolean }> = {
  species_lr: { create: "model_type = 'LOGISTIC_REG', input_label_cols = ['species']", label: 'species', classifier: true },
  sex_lr: { create: "model_type = 'LOGISTIC_REG', input_label_cols = ['sex']", label: 'sex', classifier: true },
  depth_lin: {
    create: "model_type = 'LINEAR_REG', input_label_cols = ['culmen_depth_mm']",
    label: 'culmen_depth_mm',
    classifier: false,
  },
  species_dnn: {
    create:
      "model_type = 'DNN_CLASSIFIER', input_label_cols = ['species'], hidden_units = [16, 8], activation_fn = 'RELU6', max_iterations = 5",
    label: 'species',
    classifier: true,
  },
  mass_dnn: {
    create:
      "model_type = 'DNN_REGRESSOR', input_label_cols = ['body_mass_g'], hidden_units = [8], activation_fn = 'SELU', max_iterations = 5",
    label: 'body_mass_g',
    classifier: false,
  },
};

describe('EXPORT MODEL writes model.onnx for linear and DNN models, which onnxruntime scores as ML.PREDICT does', () => {
  let f: ExportFixture;
  before(async () => {
    f = await exportWarehouse();
  });
  after(() => f.close());

  for (const [name, spec] of Object.entries(MODELS)) {
    it(name, async (t) => {
      let ort: typeof import('onnxruntime-node');
      try {
        ort = await import('onnxruntime-node');
      } catch (err) {
        return t.skip(`onnxruntime-node is not installed: ${(err as Error).message.split('\n')[0]}`);
      }
      await f.bq.execute(
        `CREATE MODEL penguins.${name} OPTIONS (${spec.create}) AS SELECT * FROM penguins.penguins WHERE sex IS NOT NULL`,
      );
      const dir = join(f.root, 'onnx', name);
      await f.bq.execute(`EXPORT MODEL penguins.${name} OPTIONS (URI = '${toFileUri(dir)}/')`);
      assert.equal((await describeModel(dir)).framework, 'bqml', 'bqml-model.json decides the runtime');
      const doc = parseExportedModel(readFileSync(join(dir, 'bqml-model.json'), 'utf8'));
      const input = `(SELECT ${FEATURES}, sex, species, culmen_depth_mm FROM penguins.penguins WHERE sex IS NOT NULL)`;
      const { rows } = await f.bq.query(`SELECT * FROM ${input}`);
      const x = encode(doc.features, rows);
      const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
      const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(x.data), [x.rows, x.cols]) });
      const { rows: predicted } = await f.bq.query(`SELECT * FROM ML.PREDICT(MODEL penguins.${name}, ${input})`);
      const column = `predicted_${spec.label}`;
      if (spec.classifier) {
        const probs = out.probabilities.data as Float32Array;
        const k = out.probabilities.dims[1];
        predicted.forEach((p, r) => {
          for (const [c, want] of (p[`${column}_probs`] as { prob: number }[]).entries())
            assert.ok(Math.abs(probs[r * k + c] - want.prob) < 1e-5, `row ${r} class ${c}: ${probs[r * k + c]} vs ${want.prob}`);
        });
      } else {
        const values = out.predicted.data as Float32Array;
        predicted.forEach((p, r) => {
          const want = Number(p[column]);
          assert.ok(Math.abs(values[r] - want) <= 1e-5 * Math.max(1, Math.abs(want)), `row ${r}: ${values[r]} vs ${want}`);
        });
      }
    });
  }
});
