import type { IncomingHttpHeaders } from 'node:http';
import { GodwitError } from '../../../core/errors.js';
import type { InvokeOptions } from '../../../serving/host/live-endpoint.js';
import type { InferenceRequest } from '../../../serving/model-runtime.js';
import { checkAccess } from '../../door-authorization.js';
import type { DoorHandler } from '../../front-door.js';
import type { Reply, ServerRequest } from '../../http/exchange.js';
import { decodeSegment } from '../../http/path-router.js';
import type { ServerContext } from '../../server-context.js';
import { endpointArn } from '../sagemaker/sagemaker-arns.js';
import { invokeAsync } from './invoke-async.js';
import { bodyTooLarge, invocationError, MAX_BODY, runtimeError } from './runtime-errors.js';

/**
 * InvokeEndpoint: `POST /endpoints/{name}/invocations`, the body handed to the endpoint host as
 * is, with `Content-Type`, `Accept`, `X-Amzn-SageMaker-Custom-Attributes` (passed to the model),
 * `X-Amzn-SageMaker-Target-Variant` (routes to that variant) and `X-Amzn-SageMaker-Inference-Id`
 * (kept with captured data). The answer is the model's body and type, the variant that answered
 * in `x-Amzn-Invoked-Production-Variant` and the model's custom attributes, if it gave any.
 *
 * InvokeEndpointAsync (`/async-invocations`) is `invoke-async.ts`'s.
 */
export const serveInvocations: DoorHandler = async (req, context) => {
  const [, , encoded, kind] = req.path.split('/');
  const operation = kind === 'async-invocations' ? 'InvokeEndpointAsync' : 'InvokeEndpoint';
  if (req.method !== 'POST')
    return runtimeError(405, 'UnknownOperationException', `${operation} is POSTed, not ${req.method}.`, operation);
  let name: string;
  try {
    name = decodeSegment(encoded);
  } catch (err) {
    return runtimeError(400, 'ValidationError', (err as Error).message, operation);
  }
  // Both are `sagemaker:InvokeEndpoint` to IAM (InvokeEndpointAsync has no action of its own).
  const check = checkAccess(req, context.authorize, 'sagemaker-runtime', 'sagemaker:InvokeEndpoint', () =>
    endpointArn(req.region, name.toLowerCase()),
  );
  if (check) {
    try {
      await check;
    } catch (err) {
      if (err instanceof GodwitError && err.code === 'E_ACCESS_DENIED')
        return runtimeError(400, 'AccessDeniedException', err.message, operation);
      throw err;
    }
  }
  if (operation === 'InvokeEndpointAsync') return invokeAsync(name, req, context);
  return invoke(name, req, context);
};

/** An InvokeEndpoint request's body and headers as the endpoint host takes them (both paths read them here). */
export function invocationRequest(body: Buffer, h: IncomingHttpHeaders): InferenceRequest {
  return {
    body,
    contentType: (h['content-type'] as string | undefined) ?? 'application/octet-stream',
    accept: h.accept,
    customAttributes: h['x-amzn-sagemaker-custom-attributes'] as string | undefined,
  };
}

/** No target variant, no inference id: shared, as most requests name neither (one object less each). */
const NO_OPTIONS: InvokeOptions = Object.freeze({ targetVariant: undefined, inferenceId: undefined });

/** An InvokeEndpoint request's routing and capture options, from its headers. */
export function invocationOptions(h: IncomingHttpHeaders): InvokeOptions {
  const targetVariant = h['x-amzn-sagemaker-target-variant'] as string | undefined;
  const inferenceId = h['x-amzn-sagemaker-inference-id'] as string | undefined;
  return targetVariant === undefined && inferenceId === undefined ? NO_OPTIONS : { targetVariant, inferenceId };
}

async function invoke(name: string, req: ServerRequest, context: ServerContext): Promise<Reply> {
  const body = await req.body();
  if (body.length > MAX_BODY) return bodyTooLarge(body.length, 'InvokeEndpoint');
  try {
    const { variantName, response } = await context.endpoints.invoke(
      name,
      invocationRequest(body, req.headers),
      invocationOptions(req.headers),
    );
    const headers: Record<string, string> = {
      'content-type': response.contentType,
      'x-amzn-invoked-production-variant': variantName,
    };
    if (response.customAttributes !== undefined) headers['x-amzn-sagemaker-custom-attributes'] = response.customAttributes;
    return { status: 200, headers, body: response.body, operation: 'InvokeEndpoint' };
  } catch (err) {
    return invocationError(err, name, req.region, context, 'InvokeEndpoint');
  }
}
