/**
 * ML.PREDICT's answer for rows that arrive outside the warehouse (an endpoint serving an
 * exported model): the TRANSFORM run on DuckDB over the rows, then the same encoding, algorithm
 * and predicted columns ML.PREDICT uses (bqml-features.ts, bqml-algorithms.ts, bqml-predict.ts),
 * so a served export and ML.PREDICT answer the same.
 */
import type { Row, Warehouse } from '../warehouse.js';
import { loadAlgorithm } from './bqml-algorithms.js';
import type { ExportedModel } from './bqml-export-model.js';
import { encode } from './bqml-features.js';
import { predictedColumns } from './bqml-predict.js';
import { resultJson, resultSubquery } from './bqml-result.js';
import { unscaled } from './bqml-train.js';
import { transformQuery } from './bqml-transform.js';

/** One object per row: `predicted_<label>` (and `_probs`), or k-means' CENTROID_ID and distances. */
export async function predictRows(doc: ExportedModel, features: readonly Row[], threshold = 0.5): Promise<Row[]> {
  const x = encode(doc.features, features);
  const algorithm = await loadAlgorithm(doc.algorithm);
  const outputs = unscaled(algorithm.predict(doc.model, x), doc.targetScale);
  const { values } = predictedColumns(doc, { outputs, width: algorithm.outputs(doc.model) }, threshold);
  return features.map((_, r) => values(r));
}

/**
 * The model's feature rows from raw input rows (keyed by the model's input column names): the
 * rows themselves without a TRANSFORM, else the TRANSFORM's outputs computed by `engine` (a
 * DuckDB warehouse), the rows travelling as one JSON parameter as ML.* results do.
 */
export async function featureRows(doc: ExportedModel, rows: readonly Row[], engine: () => Promise<Warehouse>): Promise<Row[]> {
  if (!doc.transform || rows.length === 0) return [...rows];
  const input = { columns: doc.inputs, rows };
  const sql = transformQuery(doc.transform, resultSubquery(input, 'godwit_rows'), 'all', doc.label?.name);
  const { rows: out } = await (await engine()).query(sql, { godwit_rows: resultJson(input) });
  return [...out];
}
