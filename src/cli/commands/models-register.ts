import type { ApprovalStatus } from '../../pipeline/ir.js';
import { registerFromUri } from '../../registry/register-from-uri.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, homeOf, json, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsRegisterOptions } from '../spec/models-specs.js';

export const modelsRegister: Handler<typeof modelsRegisterOptions> = {
  run: ({ values, positionals: [group], io }) =>
    withMetadata(io, async ({ registry }) => {
      const modelUri = values.model as string;
      // The model's files are read to record its descriptor; a store that cannot be reached
      // (no local S3 server can start) leaves the version without one rather than unregistered.
      const storeOptions = await storeOptionsFor(io, [modelUri]).catch(() => undefined);
      const stage = { home: homeOf(io), storeOptions };
      const version = await registerFromUri(
        registry,
        {
          group,
          modelUri,
          approvalStatus: values['approval-status'] as ApprovalStatus | undefined,
          metricsUri: values.metrics,
          description: values.description,
          actor: io.env.USER ?? 'cli',
          inference: {
            image: values.image,
            contentTypes: values['content-type'],
            responseTypes: values['response-type'],
            inferenceInstances: values['inference-instance'],
            transformInstances: values['transform-instance'],
          },
        },
        stage,
      );
      if (values.json) json(io, version);
      else write(io.stdout, `Registered ${version.group} version ${version.version} (${version.approvalStatus}).`);
      return EXIT.ok;
    }),
};
