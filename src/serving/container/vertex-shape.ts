/**
 * A Vertex AI custom container reads `{"instances": [...]}` and answers `{"predictions": [...]}`,
 * JSON only. A request in another content type (SageMaker Runtime's `text/csv` rows or JSON lines)
 * is turned into instances first, and the predictions back into the caller's `Accept` type, so one
 * container serves either front end.
 */
import { GodwitError } from '../../core/errors.js';
import { mediaType } from '../../core/media-type.js';
import type { InferenceRequest } from '../model-runtime.js';

/** The request body the container gets. */
export function vertexBody(request: InferenceRequest): Buffer {
  const type = mediaTypeOf(request.contentType);
  if (type === 'application/json') return request.body;
  const text = request.body.toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  let instances: unknown[];
  if (type === 'text/csv') instances = lines.map((l) => l.split(',').map(csvValue));
  else if (type === 'application/jsonlines' || type === 'application/x-jsonlines') {
    instances = lines.map((l, i) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new GodwitError('E_DATA_FORMAT', `Line ${i + 1} of the request body is not JSON: ${l.slice(0, 80)}`);
      }
    });
  } else {
    throw new GodwitError('E_CONTENT_TYPE', `A Vertex AI container reads application/json, not "${type}".`, {
      hint: 'Send {"instances": [...]} as application/json, or rows as text/csv or application/jsonlines.',
    });
  }
  return Buffer.from(JSON.stringify({ instances }));
}

/** The container's JSON answer in the caller's `Accept` type; JSON as it came otherwise. */
export function vertexAnswer(body: Buffer, accept: string | undefined): { body: Buffer; contentType: string } {
  const type = accept ? mediaTypeOf(accept) : 'application/json';
  if (type === 'application/json' || type === '*/*') return { body, contentType: 'application/json' };
  let predictions: unknown;
  try {
    predictions = (JSON.parse(body.toString('utf8')) as { predictions?: unknown }).predictions;
  } catch {
    throw new GodwitError(
      'E_MODEL_ERROR',
      `The container answered something that is not JSON: ${body.toString('utf8').slice(0, 200)}`,
    );
  }
  if (!Array.isArray(predictions)) {
    throw new GodwitError('E_MODEL_ERROR', 'The container answered JSON without a "predictions" list.');
  }
  if (type === 'text/csv') {
    const rows = predictions.map((p) =>
      Array.isArray(p) ? p.map(String).join(',') : typeof p === 'object' ? JSON.stringify(p) : String(p),
    );
    return { body: Buffer.from(`${rows.join('\n')}\n`), contentType: 'text/csv' };
  }
  if (type === 'application/jsonlines' || type === 'application/x-jsonlines') {
    return { body: Buffer.from(`${predictions.map((p) => JSON.stringify(p)).join('\n')}\n`), contentType: type };
  }
  throw new GodwitError('E_CONTENT_TYPE', `A Vertex AI container's predictions cannot be written as "${type}".`, {
    hint: 'Accept application/json, text/csv or application/jsonlines.',
  });
}

function mediaTypeOf(header: string): string {
  return mediaType(header) || 'application/json';
}

function csvValue(cell: string): number | string {
  const trimmed = cell.trim();
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}
