import { GodwitError } from '../../core/errors.js';
import {
  parseVertexPredict,
  vertexModelRequest,
  vertexPredictions,
  vertexPredictResponse,
} from '../../serving/vertex-predict.js';
import { DEFAULT_REGION } from '../aws/arns.js';
import { endpointArn } from '../aws/sagemaker/sagemaker-arns.js';
import { checkAccess } from '../door-authorization.js';
import type { DoorHandler } from '../front-door.js';
import { jsonReply, type Reply, type ServerRequest } from '../http/exchange.js';
import { decodeSegment } from '../http/path-router.js';
import type { ServerContext } from '../server-context.js';
import { googleError, predictError } from './google-error.js';

/** Vertex AI's online prediction payload limit: 1.5 MB per request. */
export const MAX_PREDICT_BYTES = 1.5 * 1024 * 1024;

interface Target {
  readonly project: string;
  readonly location: string;
  readonly endpoint: string;
  readonly method: 'predict' | 'rawPredict';
  readonly resource: string;
}

/**
 * `:predict` translates Vertex AI's `{"instances": […], "parameters": …}` into one invocation of
 * the endpoint (`src/serving/vertex-predict.ts`) and answers `{"predictions": […],
 * "deployedModelId": <variant>}`; `:rawPredict` hands the body and `Content-Type` over as they are
 * and answers the model's bytes, with the deployed model in `X-Vertex-AI-Deployed-Model-Id`.
 * Errors are Google's shape (`google-error.ts`).
 */
export const serveVertexPredict: DoorHandler = async (req, context) => {
  let target: Target;
  try {
    target = targetOf(req.path);
  } catch (err) {
    return googleError(400, (err as Error).message);
  }
  const operation = target.method === 'predict' ? 'Predict' : 'RawPredict';
  if (req.method !== 'POST')
    return googleError(404, `${req.method} ${req.path} is not a Vertex AI method; it is POSTed.`, operation);
  // The endpoint is a Godwit (SageMaker) endpoint: invoking it is sagemaker:InvokeEndpoint, whichever door asks.
  try {
    await checkAccess(req, context.authorize, 'vertex', 'sagemaker:InvokeEndpoint', () =>
      endpointArn(DEFAULT_REGION, target.endpoint.toLowerCase()),
    );
  } catch (err) {
    if (err instanceof GodwitError && err.code === 'E_ACCESS_DENIED') return googleError(403, err.message, operation);
    throw err;
  }
  const body = await req.body();
  if (body.length > MAX_PREDICT_BYTES) {
    return googleError(400, `Request payload size exceeds the limit: ${MAX_PREDICT_BYTES} bytes.`, operation);
  }
  const log = (err: unknown) => context.logError(err, req.requestId);
  try {
    return target.method === 'predict' ? await predict(target, body, context) : await rawPredict(target, body, req, context);
  } catch (err) {
    if (err instanceof GodwitError && err.code === 'E_VERTEX_REQUEST') return googleError(400, err.message, operation);
    return predictError(err, target.resource, log, operation);
  }
};

async function predict(target: Target, body: Buffer, context: ServerContext): Promise<Reply> {
  const request = vertexModelRequest(parseVertexPredict(body));
  const { variantName, response } = await context.endpoints.invoke(target.endpoint, request);
  const predictions = vertexPredictions(response);
  const answer = vertexPredictResponse(predictions, { ...target, deployedModelId: variantName });
  return { ...jsonReply(200, answer), operation: 'Predict' };
}

async function rawPredict(target: Target, body: Buffer, req: ServerRequest, context: ServerContext): Promise<Reply> {
  const contentType = (req.headers['content-type'] as string | undefined) ?? 'application/json';
  const { variantName, response } = await context.endpoints.invoke(target.endpoint, {
    body,
    contentType,
    accept: req.headers.accept,
  });
  const headers = {
    'content-type': response.contentType,
    'x-vertex-ai-endpoint-id': target.endpoint,
    'x-vertex-ai-deployed-model-id': variantName,
  };
  return { status: 200, headers, body: response.body, operation: 'RawPredict' };
}

function targetOf(path: string): Target {
  const [, , , project, , location, , rest] = path.split('/');
  const [endpoint, method] = rest.split(':');
  const [p, l, e] = [project, location, endpoint].map(decodeSegment);
  return {
    project: p,
    location: l,
    endpoint: e,
    method: method as Target['method'],
    resource: `projects/${p}/locations/${l}/endpoints/${e}`,
  };
}
