import { notFound } from '../../endpoints/endpoint-errors.js';
import { findServer } from '../../server/client.js';
import { EXIT, homeOf, json, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointDeleteOptions } from '../spec/endpoint-catalog-specs.js';

/**
 * `godwit endpoint delete NAME`: `Deleting` for the running server to stop and remove; with no
 * server, nothing serves it, so the record goes at once (else it would wait for a server to forget it).
 */
export const endpointDelete: Handler<typeof endpointDeleteOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async ({ endpoints }) => {
      if (!(await endpoints.getEndpoint(name))) throw notFound('endpoint', name);
      const { server } = await findServer(homeOf(io));
      await endpoints.deleteEndpoint(name);
      if (!server) await endpoints.forgetEndpoint(name);
      const state = server ? 'Deleting' : 'deleted';
      if (values.json) json(io, { endpoint: name, status: state, server: server?.url ?? null });
      else
        write(
          io.stdout,
          server ? `Endpoint "${name}" is Deleting; the server at ${server.url} stops it.` : `Endpoint "${name}" deleted.`,
        );
      return EXIT.ok;
    }),
};
