/**
 * Godwit's format for an exported BigQuery ML model (`bqml-model.json`, format
 * `godwit.bqml-model`): what ML.PREDICT needs and nothing of training — the label and its
 * classes, the input columns, the fitted TRANSFORM, the fitted automatic preprocessing and the
 * algorithm's model. BigQuery exports these model types as a TensorFlow SavedModel, which cannot
 * be produced here; this document is served by the `bqml` runtime (src/serving/runtimes), which
 * answers raw rows as ML.PREDICT does, through the same code (`predictRows`).
 */
import type { StoredModel } from './bqml-model.js';

export const EXPORTED_MODEL_FILE = 'bqml-model.json';
export const EXPORTED_MODEL_FORMAT = 'godwit.bqml-model';

export interface ExportedModel
  extends Pick<
    StoredModel,
    'name' | 'modelType' | 'options' | 'label' | 'inputs' | 'transform' | 'features' | 'algorithm' | 'model' | 'targetScale'
  > {
  readonly format: typeof EXPORTED_MODEL_FORMAT;
  readonly version: 1;
  readonly createdAt: string;
  readonly exportedAt: string;
}

export function exportedModel(model: StoredModel, now: Date): ExportedModel {
  return {
    format: EXPORTED_MODEL_FORMAT,
    version: 1,
    name: model.name,
    modelType: model.modelType,
    options: model.options,
    ...(model.label ? { label: model.label } : {}),
    inputs: model.inputs,
    ...(model.transform ? { transform: model.transform } : {}),
    features: model.features,
    algorithm: model.algorithm,
    model: model.model,
    ...(model.targetScale ? { targetScale: model.targetScale } : {}),
    createdAt: model.createdAt,
    exportedAt: now.toISOString(),
  };
}

/** The document, or a plain Error saying why `text` is not one (the format reader codes it). */
export function parseExportedModel(text: string): ExportedModel {
  const doc = JSON.parse(text) as Partial<ExportedModel>;
  if (doc?.format !== EXPORTED_MODEL_FORMAT)
    throw new Error(`its format is ${JSON.stringify(doc?.format)}, not ${EXPORTED_MODEL_FORMAT}`);
  if (doc.version !== 1) throw new Error(`its version ${JSON.stringify(doc.version)} is not 1, the one this Godwit reads`);
  if (!Array.isArray(doc.inputs) || !Array.isArray(doc.features) || !doc.algorithm || doc.model === undefined)
    throw new Error('it lacks its inputs, features, algorithm or model');
  return doc as ExportedModel;
}
