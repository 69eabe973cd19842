import { systemClock } from '../../core/clock.js';
import { deployModel } from '../../endpoints/deploy-model.js';
import { createEndpoint } from '../../endpoints/endpoints.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointCreateOptions } from '../spec/endpoint-catalog-specs.js';
import { announceServing, deploymentOf } from './endpoint-flags.js';

/** `godwit endpoint create NAME`: models, config and endpoint in one verb, or the endpoint over `--config`. */
export const endpointCreate: Handler<typeof endpointCreateOptions> = {
  run: async ({ values, positionals: [name], io }) => {
    const made = await withMetadata(io, async (metadata) => {
      const deployment = deploymentOf(name, values, io.cwd);
      if (values.config !== undefined) {
        if (deployment || values.shadow?.length || values['capture-uri']) {
          throw new UsageError(
            '--config uses an existing endpoint config: give no --model, --variant, --shadow or --capture-uri with it.',
          );
        }
        return { endpoint: await createEndpoint(metadata, name, values.config), configName: values.config, modelNames: [] };
      }
      if (!deployment) throw new UsageError('Say what to serve: --model SOURCE, --variant name=…,model=… or --config CONFIG.');
      return deployModel(metadata, systemClock, deployment);
    });
    if (!values.json) {
      const models =
        made.modelNames.length > 0 ? `, model${made.modelNames.length === 1 ? '' : 's'} ${made.modelNames.join(', ')}` : '';
      write(io.stdout, `Endpoint "${name}" recorded (${made.endpoint.status}): config ${made.configName}${models}.`);
    }
    const server = await announceServing(io, name, values.serve, values.port);
    if (values.json) json(io, { ...made, server: server ?? null });
    return EXIT.ok;
  },
};
