import { GodwitError } from '../core/errors.js';
import { mediaType } from '../core/media-type.js';
import type { InferenceRequest, InferenceResponse } from './model-runtime.js';

/**
 * Vertex AI's online prediction shape, translated to and from Godwit's instances:
 * `{"instances": [[1.5, 16], …], "parameters": {…}}` in, `{"predictions": [9.7, …]}` out. A model
 * gets the body as Vertex AI hands it to a serving container (JSON, `instances` and `parameters`
 * as sent), or CSV rows for a model that reads only CSV; its answer becomes the `predictions` array.
 */
export interface VertexPredictRequest {
  readonly instances: readonly unknown[];
  readonly parameters?: unknown;
}

/** Reads a `:predict` body; anything else is `E_VERTEX_REQUEST` (Google's INVALID_ARGUMENT). */
export function parseVertexPredict(body: Buffer): VertexPredictRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new GodwitError('E_VERTEX_REQUEST', `Invalid JSON payload received. ${(err as Error).message}`, {
      hint: 'Send {"instances": [...]} as JSON.',
    });
  }
  const instances = (doc as { instances?: unknown } | null)?.instances;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !Array.isArray(instances) || instances.length === 0) {
    throw new GodwitError('E_VERTEX_REQUEST', 'A predict request needs a non-empty "instances" list.', {
      hint: 'Send {"instances": [[1.5, 16.0], ...]} and, optionally, "parameters".',
    });
  }
  const parameters = (doc as { parameters?: unknown }).parameters;
  return parameters === undefined ? { instances } : { instances, parameters };
}

/**
 * The request a model gets: `json` is the predict body itself (what Vertex AI sends a custom
 * container), `csv` one line per instance (a list of scalars, or one scalar). JSON is asked back.
 */
export function vertexModelRequest(predict: VertexPredictRequest, format: 'json' | 'csv' = 'json'): InferenceRequest {
  if (format === 'json') {
    return { body: Buffer.from(JSON.stringify(predict)), contentType: 'application/json', accept: 'application/json' };
  }
  const lines = predict.instances.map((instance, i) => {
    const fields = Array.isArray(instance) ? instance : [instance];
    if (!fields.every((f) => typeof f === 'number' || typeof f === 'string' || typeof f === 'boolean')) {
      throw new GodwitError('E_VERTEX_REQUEST', `Instance ${i} cannot be a CSV row: it must be a list of numbers or strings.`);
    }
    return fields.map(String).join(',');
  });
  return { body: Buffer.from(`${lines.join('\n')}\n`), contentType: 'text/csv', accept: 'application/json' };
}

/**
 * The `predictions` a model's answer holds: JSON `{"predictions": [...]}` (Vertex AI's own
 * container answer, and SageMaker's linear learner's) or a bare JSON list; JSON lines, one
 * prediction a line; CSV, a number (or list of fields) a line. Anything else is `E_VERTEX_RESPONSE`.
 */
export function vertexPredictions(response: InferenceResponse): unknown[] {
  const type = mediaType(response.contentType);
  const text = response.body.toString('utf8');
  try {
    if (type === 'application/json') {
      const doc = JSON.parse(text) as unknown;
      if (Array.isArray(doc)) return doc;
      const predictions = (doc as { predictions?: unknown } | null)?.predictions;
      if (Array.isArray(predictions)) return predictions;
    } else if (type === 'application/jsonlines' || type === 'application/x-jsonlines') {
      return lines(text).map((l) => JSON.parse(l) as unknown);
    } else if (type === 'text/csv') {
      return lines(text).map((l) => {
        const fields = l.split(',').map(csvField);
        return fields.length === 1 ? fields[0] : fields;
      });
    }
  } catch {
    // Falls through to the error below: the model said JSON and wrote something else.
  }
  throw new GodwitError('E_VERTEX_RESPONSE', `The model answered ${response.contentType}, which holds no predictions list.`, {
    hint: 'A model served for Vertex AI answers JSON {"predictions": [...]}, a JSON list, JSON lines or CSV.',
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

function csvField(field: string): number | string {
  const f = field.trim();
  const n = Number(f);
  return f !== '' && Number.isFinite(n) ? n : f;
}

/** Vertex AI's answer: the predictions and which deployed model made them. */
export function vertexPredictResponse(
  predictions: readonly unknown[],
  source: { readonly project: string; readonly location: string; readonly deployedModelId: string; readonly modelName?: string },
): Record<string, unknown> {
  const answer: Record<string, unknown> = { predictions, deployedModelId: source.deployedModelId };
  if (source.modelName !== undefined) {
    answer.model = `projects/${source.project}/locations/${source.location}/models/${source.modelName}`;
    answer.modelDisplayName = source.modelName;
  }
  return answer;
}
