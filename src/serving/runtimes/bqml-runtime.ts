/**
 * BigQuery ML models exported by `EXPORT MODEL` in Godwit's format (`bqml-model.json`), served
 * in-process: raw rows of the model's input columns in (`bqml-rows.ts`), and for each row what
 * ML.PREDICT answers, through ML.PREDICT's own code (src/warehouse/bqml/bqml-export-score.ts):
 *
 * ```
 * application/json (default)  {"predictions": [{"predicted_species": "Gentoo",
 *                               "predicted_species_probs": [{"label": "Adelie", "prob": 0.01}, …]}]}
 * application/jsonlines       one such object per line
 * text/csv                    a classifier's label then its probabilities in class order; a
 *                             regressor's value; k-means' CENTROID_ID then the distance to each centroid
 * ```
 *
 * A model with a TRANSFORM runs it on an in-memory DuckDB, opened with the instance.
 */
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { loadExportedModel } from '../../ml/model-formats/bqml-format.js';
import { EXPORTED_MODEL_FILE, type ExportedModel } from '../../warehouse/bqml/bqml-export-model.js';
import { featureRows, predictRows } from '../../warehouse/bqml/bqml-export-score.js';
import type { Row, Warehouse } from '../../warehouse/warehouse.js';
import type { InferenceRequest, InferenceResponse, ModelInstance, ModelRuntime } from '../model-runtime.js';
import { responseType } from '../payload-format.js';
import { requestRows } from './bqml-rows.js';

export const bqmlRuntime: ModelRuntime = {
  name: 'bqml',
  async start({ modelDir, workDir }): Promise<ModelInstance> {
    const doc = await loadExportedModel(join(modelDir, EXPORTED_MODEL_FILE));
    let engine: Promise<Warehouse> | undefined;
    const duckdb = () => {
      engine ??= openDuckDb(workDir);
      return engine;
    };
    if (doc.transform) await duckdb();
    return {
      runtime: 'bqml',
      invoke: async (request: InferenceRequest): Promise<InferenceResponse> => {
        const accept = responseType(request.accept, 'application/json');
        const rows = requestRows(request.body, request.contentType, doc.inputs);
        const predicted = await predictRows(doc, await featureRows(doc, rows, duckdb));
        return { body: Buffer.from(formatted(doc, predicted, accept)), contentType: accept };
      },
      close: async () => {
        if (engine) await (await engine).close();
      },
    };
  },
};

async function openDuckDb(workDir: string): Promise<Warehouse> {
  const { createWarehouse } = await import('../../warehouse/duckdb/duckdb-warehouse.js');
  return createWarehouse(
    'bqml-transform',
    { type: 'duckdb', url: ':memory:' },
    {
      home: workDir,
      stores: async (uri) => {
        throw new GodwitError('E_MODEL_ERROR', `A BigQuery ML TRANSFORM tried to read ${uri}.`);
      },
    },
  );
}

function formatted(doc: ExportedModel, rows: readonly Row[], accept: string): string {
  if (accept === 'application/json') return JSON.stringify({ predictions: rows });
  if (accept === 'application/jsonlines') return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  return rows.map((r) => `${csvLine(doc, r)}\n`).join('');
}

function csvLine(doc: ExportedModel, row: Row): string {
  if (!doc.label) {
    const distances = [...(row.NEAREST_CENTROIDS_DISTANCE as { CENTROID_ID: number; DISTANCE: number }[])];
    distances.sort((a, b) => a.CENTROID_ID - b.CENTROID_ID);
    return [row.CENTROID_ID, ...distances.map((d) => d.DISTANCE)].join(',');
  }
  const name = `predicted_${doc.label.name}`;
  const probs = row[`${name}_probs`] as { prob: number }[] | undefined;
  return [csvField(row[name]), ...(probs ?? []).map((p) => p.prob)].join(',');
}

function csvField(value: unknown): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
