/**
 * Request and response bodies for scoring a linear-learner model, shared by batch transform and
 * the model server. Requests are `text/csv` (features only, one record per line). Responses:
 *
 * - `application/json`: `{"predictions": [{"score": 0.4, "predicted_label": 0}]}` and
 * - `application/jsonlines`: `{"score": 0.4, "predicted_label": 0}` per record, both exactly as
 *   SageMaker's linear learner documents them (`predicted_label` for a classifier only);
 * - `text/csv`: one line per record, `score` for a regressor and `predicted_label,score` for a
 *   classifier. SageMaker's linear learner has no CSV response, so this one is Godwit's own.
 */
import { GodwitError } from '../core/errors.js';
import { mediaType } from '../core/media-type.js';
import { BUILTIN_ALGORITHMS } from '../pipeline/builtin-algorithms.js';
import { type ParsedCsv, parseNumericCsv, rowOf } from './csv.js';
import { type LinearModel, type Prediction, predict } from './linear-model.js';

export { mediaType };

const { inference } = BUILTIN_ALGORITHMS['linear-learner'];
export const REQUEST_TYPES: readonly string[] = inference.requestTypes;
export const RESPONSE_TYPES: readonly string[] = inference.responseTypes;
/** The responses this module writes (the table lists the same three; a test holds them equal). */
export type ResponseType = 'text/csv' | 'application/json' | 'application/jsonlines';

export function checkRequestType(contentType: string): void {
  if (!(REQUEST_TYPES as readonly string[]).includes(mediaType(contentType))) {
    throw new GodwitError('E_CONTENT_TYPE', `Godwit's linear-learner reads ${REQUEST_TYPES.join(', ')}, not "${contentType}".`, {
      hint: 'Send headerless CSV rows of features, without the label.',
    });
  }
}

export function responseType(accept: string | undefined): ResponseType {
  if (accept === undefined || accept.trim() === '' || accept.trim() === '*/*') return 'text/csv';
  // Accept may list several types; take the first one Godwit can produce.
  for (const part of accept.split(',')) {
    const type = mediaType(part);
    if ((RESPONSE_TYPES as readonly string[]).includes(type)) return type as ResponseType;
  }
  throw new GodwitError('E_CONTENT_TYPE', `Godwit's linear-learner cannot answer with "${accept}".`, {
    hint: `It answers with ${RESPONSE_TYPES.join(', ')}.`,
  });
}

/** Parses a CSV body into feature rows and checks each against the model's feature count. */
export function parseRecords(text: string, source: string, model: LinearModel): ParsedCsv | undefined {
  if (text.trim() === '') return undefined;
  const table = parseNumericCsv(text, source);
  if (table.cols !== model.featureDim) {
    const extra = table.cols === model.featureDim + 1;
    throw new GodwitError(
      'E_DATA_FORMAT',
      `${source}, line ${table.origins[0].line}: the record has ${table.cols} features, but the model expects ${model.featureDim}.`,
      {
        hint: extra
          ? 'There is one column too many: batch input holds features only, so drop the label column.'
          : 'Give the features in the same columns, and the same order, as the training data (without the label).',
      },
    );
  }
  return table;
}

/**
 * Parses a JSON request body: SageMaker's linear-learner form `{"instances": [{"features": [..]}]}`
 * or Vertex AI's `{"instances": [[..], ..]}`. Each instance must have the model's feature count.
 */
export function parseJsonInstances(text: string, model: LinearModel): number[][] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_DATA_FORMAT', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  const instances = (doc as { instances?: unknown })?.instances;
  if (!Array.isArray(instances)) {
    throw new GodwitError('E_DATA_FORMAT', 'A JSON request needs an "instances" array.', {
      hint: 'Send {"instances": [{"features": [1.5, 16.0]}]} or {"instances": [[1.5, 16.0]]}.',
    });
  }
  return instances.map((instance, i) => {
    const features = Array.isArray(instance) ? instance : (instance as { features?: unknown })?.features;
    if (!Array.isArray(features) || features.length !== model.featureDim || !features.every(Number.isFinite)) {
      throw new GodwitError('E_DATA_FORMAT', `Instance ${i} must be ${model.featureDim} finite numbers.`);
    }
    return features as number[];
  });
}

export function predictAll(model: LinearModel, table: ParsedCsv | undefined): Prediction[] {
  if (!table) return [];
  const out: Prediction[] = [];
  for (let r = 0; r < table.rows; r++) out.push(predict(model, rowOf(table, r)));
  return out;
}

function asJson(p: Prediction): { score: number; predicted_label?: number } {
  return p.predictedLabel === undefined ? { score: p.score } : { score: p.score, predicted_label: p.predictedLabel };
}

/** Serialises predictions in the requested response type (see the module comment). */
export function formatPredictions(predictions: readonly Prediction[], type: ResponseType): string {
  if (type === 'application/json') return JSON.stringify({ predictions: predictions.map(asJson) });
  const lines = predictions.map((p) => {
    if (type === 'application/jsonlines') return JSON.stringify(asJson(p));
    return p.predictedLabel === undefined ? String(p.score) : `${p.predictedLabel},${p.score}`;
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
