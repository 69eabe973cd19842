/**
 * `EXPORT MODEL dataset.model OPTIONS (URI = 'gs://bucket/folder/')`: the model written as files
 * Godwit's model runtimes and registry read, into the folder the URI names, through Godwit's
 * stores. Boosted trees become an XGBoost model with BigQuery's assets (bqml-export-xgboost.ts);
 * every other model type, which BigQuery exports as a TensorFlow SavedModel, becomes Godwit's
 * `bqml-model.json` (bqml-export-model.ts), served by the `bqml` runtime. docs/bigquery-ml.md
 * ("EXPORT MODEL") lists the departures from BigQuery.
 */
import { GodwitError } from '../../core/errors.js';
import type { MlValue } from '../../sql/bigquery/bigquery-ml-options.js';
import type { ExportModelStatement } from '../../sql/index.js';
import type { StatementCost, StoreResolver } from '../warehouse.js';
import type { BqmlEnv } from './bqml-env.js';
import { EXPORTED_MODEL_FILE, exportedModel } from './bqml-export-model.js';
import { ONNX_FILE, onnxFile } from './bqml-export-onnx.js';
import { type ExportFile, publishExport } from './bqml-export-publish.js';
import { xgboostFiles } from './bqml-export-xgboost.js';
import type { StoredModel } from './bqml-model.js';
import { familyOf } from './bqml-options.js';

const SCHEMES = /^((gs|s3):\/\/[^/]|file:\/\/)/i;

export async function exportModel(
  env: BqmlEnv,
  stores: StoreResolver | undefined,
  statement: ExportModelStatement,
): Promise<StatementCost> {
  const started = performance.now();
  const uri = exportUri(statement.options);
  const model = await env.store.require(statement.model);
  if (!stores)
    throw new GodwitError('E_BQML_EXPORT', `EXPORT MODEL ${model.name}: this warehouse cannot reach object storage.`, {
      hint: 'Run EXPORT MODEL on a warehouse opened with its stores (godwit sql, a pipeline sql step, openWarehouse).',
    });
  const published = await publishExport(stores, uri, exportFiles(model, new Date()));
  return { durationMs: performance.now() - started, filesWritten: published.files, bytesWritten: published.bytes };
}

/** The files of the export, built in memory before anything is written. */
export function exportFiles(model: StoredModel, now: Date): ExportFile[] {
  if (familyOf(model.modelType) === 'tree') return xgboostFiles(model, now);
  const onnx = onnxFile(model);
  return [
    ...(onnx ? [{ path: ONNX_FILE, data: onnx }] : []),
    { path: EXPORTED_MODEL_FILE, data: `${JSON.stringify(exportedModel(model, now))}\n` },
  ];
}

/** The URI option: required, a `gs://`, `s3://` or `file://` folder; any other option is refused. */
function exportUri(options: ReadonlyMap<string, MlValue>): string {
  for (const key of options.keys())
    if (key !== 'uri')
      throw new GodwitError('E_BQML_EXPORT', `EXPORT MODEL option ${key} is not one Godwit reads.`, {
        hint:
          key === 'trial_id'
            ? 'Hyperparameter tuning (num_trials) is not run offline, so there are no trials to choose from: leave TRIAL_ID out.'
            : "EXPORT MODEL takes OPTIONS (URI = 'gs://bucket/folder/').",
      });
  const uri = options.get('uri');
  if (uri === undefined)
    throw new GodwitError('E_BQML_EXPORT', 'EXPORT MODEL needs a destination: the URI option is missing.', {
      hint: "Write EXPORT MODEL dataset.model OPTIONS (URI = 'gs://bucket/folder/').",
    });
  if (typeof uri !== 'string' || !SCHEMES.test(uri))
    throw new GodwitError('E_BQML_EXPORT', `EXPORT MODEL URI ${JSON.stringify(uri)} is not a folder Godwit can write to.`, {
      hint: "Give a gs://bucket/folder/ URI (as BigQuery takes), or an s3:// or file:// one: URI = 'gs://bucket/folder/'.",
    });
  return uri;
}
