import { GodwitError } from '../../core/errors.js';
import type { PathRoute } from '../http/path-router.js';
import type { RestHandler } from './rest-api.js';

/**
 * What an endpoint is doing now, which only the server knows (`godwit endpoint describe` shows it):
 * - `GET /api/v1/endpoints/{name}/live` → `{ variants: [{ variantName, instances, inFlight, queued }],
 *   capture?: { offered, written, dropped, pending } }`; `variants` is empty for a recorded endpoint
 *   that is not serving (Creating, Failed), and an unknown name is `E_ENDPOINT_NOT_FOUND` (404).
 */
export const endpointLiveRoutes: readonly PathRoute<RestHandler>[] = [
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
];
