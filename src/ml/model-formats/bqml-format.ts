import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import {
  EXPORTED_MODEL_FILE,
  EXPORTED_MODEL_FORMAT,
  type ExportedModel,
  parseExportedModel,
} from '../../warehouse/bqml/bqml-export-model.js';
import type { Column } from '../../warehouse/warehouse.js';
import type { ModelDescriptor, ModelFormatReader, TensorSpec } from '../model-descriptor.js';

/**
 * A BigQuery ML model exported by `EXPORT MODEL` in Godwit's format (`bqml-model.json`, see
 * src/warehouse/bqml/bqml-export-model.ts), served by the `bqml` runtime. Its signature is the
 * raw input columns (one tensor per column, as BigQuery's exported SavedModels take them) and
 * ML.PREDICT's output columns.
 */
export const bqmlFormat: ModelFormatReader = {
  framework: 'bqml',
  accepts: `BigQuery ML exported by Godwit (${EXPORTED_MODEL_FILE} of format ${EXPORTED_MODEL_FORMAT})`,
  async claim(_dir, names) {
    return names.includes(EXPORTED_MODEL_FILE) ? EXPORTED_MODEL_FILE : undefined;
  },
  async describe(dir, file): Promise<ModelDescriptor> {
    const doc = await loadExportedModel(join(dir, file));
    return {
      framework: 'bqml',
      format: EXPORTED_MODEL_FORMAT,
      version: String(doc.version),
      file,
      signature: { inputs: doc.inputs.map(inputSpec), outputs: outputSpecs(doc) },
      properties: {
        modelType: doc.modelType,
        algorithm: doc.algorithm,
        transform: doc.transform !== undefined,
        ...(doc.label ? { label: doc.label.name } : {}),
      },
    };
  },
};

/** The document in `path`; a damaged or foreign one is E_MODEL_FORMAT naming it. */
export async function loadExportedModel(path: string): Promise<ExportedModel> {
  try {
    return parseExportedModel(await readFile(path, 'utf8'));
  } catch (err) {
    throw new GodwitError('E_MODEL_FORMAT', `${path} is not a BigQuery ML model Godwit exported: ${(err as Error).message}.`, {
      hint: 'Export the model again with EXPORT MODEL dataset.model OPTIONS (URI = …).',
    });
  }
}

function inputSpec(column: Column): TensorSpec {
  return { name: column.name, type: tensorType(column.type), shape: [null, 1] };
}

function outputSpecs(doc: ExportedModel): TensorSpec[] {
  if (!doc.label) {
    const k = Number(doc.options.num_clusters) || null;
    return [
      { name: 'CENTROID_ID', type: 'int64', shape: [null] },
      { name: 'NEAREST_CENTROIDS_DISTANCE', type: 'float64', shape: [null, k] },
    ];
  }
  const name = `predicted_${doc.label.name}`;
  const classes = doc.label.classes;
  if (!classes) return [{ name, type: 'float64', shape: [null] }];
  return [
    { name, type: tensorType(doc.label.type), shape: [null] },
    { name: `${name}_probs`, type: 'float64', shape: [null, classes.length], names: classes.map(String) },
  ];
}

/** A DuckDB column type as ONNX's element type names, which descriptors use. */
function tensorType(duck: string): string {
  if (/^(VARCHAR|STRING)$/i.test(duck)) return 'string';
  if (/^BOOL(EAN)?$/i.test(duck)) return 'bool';
  if (/INT/i.test(duck)) return 'int64';
  return 'float64';
}
