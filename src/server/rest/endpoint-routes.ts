import { GodwitError } from '../../core/errors.js';
import { statusOf } from '../../serving/host/invocation-status.js';
import { header, jsonReply } from '../http/exchange.js';
import type { PathRoute } from '../http/path-router.js';
import { type RestHandler, rawReply } from './rest-api.js';

/**
 * What an endpoint is doing now, which only the server knows (`godwit endpoint describe` shows it):
 * - `GET /api/v1/endpoints/{name}/live` → `{ variants: [{ variantName, instances, inFlight, queued }],
 *   capture?: { offered, written, dropped, pending } }`; `variants` is empty for a recorded endpoint
 *   that is not serving (Creating, Failed), and an unknown name is `E_ENDPOINT_NOT_FOUND` (404);
 * - `POST /api/v1/endpoints/{name}/invocations`: InvokeEndpoint for callers that do not sign
 *   (`godwit endpoint invoke`, curl), with SageMaker Runtime's request and response headers; an
 *   error is the REST shape with the model's own status (400 bad payload, 415, 500, 503) or 404
 *   (`E_ENDPOINT_NOT_SERVING`).
 */
export const endpointRoutes: readonly PathRoute<RestHandler>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/endpoints/:name/live',
    handler: async ({ name }, _req, context) => {
      const live = context.endpoints.stats(name);
      if (live) return live;
      if (await context.services.metadata.endpoints.getEndpoint(name)) return { variants: [] };
      throw new GodwitError('E_ENDPOINT_NOT_FOUND', `No endpoint "${name}".`, {
        hint: 'List endpoints with: godwit endpoint list',
      });
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/endpoints/:name/invocations',
    handler: async ({ name }, req, context) => {
      const body = await req.body();
      try {
        const { variantName, response } = await context.endpoints.invoke(
          name,
          {
            body,
            contentType: header(req, 'content-type') ?? 'text/csv',
            accept: header(req, 'accept'),
            customAttributes: header(req, 'x-amzn-sagemaker-custom-attributes'),
          },
          {
            targetVariant: header(req, 'x-amzn-sagemaker-target-variant'),
            inferenceId: header(req, 'x-amzn-sagemaker-inference-id'),
          },
        );
        const headers: Record<string, string> = {
          'content-type': response.contentType,
          'x-amzn-invoked-production-variant': variantName,
        };
        if (response.customAttributes !== undefined) headers['x-amzn-sagemaker-custom-attributes'] = response.customAttributes;
        return rawReply({ status: 200, headers, body: response.body });
      } catch (err) {
        if (!(err instanceof GodwitError)) throw err;
        const status = err.code === 'E_ENDPOINT_NOT_SERVING' ? 404 : statusOf(err);
        return rawReply(jsonReply(status, { error: { code: err.code, message: err.message, hint: err.hint } }));
      }
    },
  },
];
