import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointListOptions } from '../spec/endpoint-catalog-specs.js';

const when = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** `godwit endpoint list`: endpoints (or `--models`, `--configs`) from the record; no server needed. */
export const endpointList: Handler<typeof endpointListOptions> = {
  run: ({ values, io }) =>
    withMetadata(io, async ({ endpoints }) => {
      if (values.models) {
        const models = await endpoints.listModels();
        if (values.json) json(io, models);
        else {
          const rows = models.map((m) => [
            m.name,
            m.containers.map((c) => c.modelPackageName ?? c.modelDataUrl ?? c.image ?? '-').join(' → '),
            when(m.createdAt),
          ]);
          write(io.stdout, models.length === 0 ? 'No models yet.' : table(['MODEL', 'SERVES', 'CREATED'], rows));
        }
        return EXIT.ok;
      }
      if (values.configs) {
        const configs = await endpoints.listEndpointConfigs();
        if (values.json) json(io, configs);
        else {
          const rows = configs.map((c) => [
            c.name,
            c.productionVariants.map((v) => `${v.variantName}:${v.initialVariantWeight}`).join(' '),
            c.dataCapture ? `${c.dataCapture.initialSamplingPercentage}% → ${c.dataCapture.destinationS3Uri}` : '-',
            when(c.createdAt),
          ]);
          write(
            io.stdout,
            configs.length === 0 ? 'No endpoint configs yet.' : table(['CONFIG', 'VARIANTS', 'CAPTURE', 'CREATED'], rows),
          );
        }
        return EXIT.ok;
      }
      const all = await endpoints.listEndpoints();
      if (values.json) json(io, all);
      else if (all.length === 0) write(io.stdout, 'No endpoints yet. Create one with: godwit endpoint create NAME --model …');
      else {
        const rows = all.map((e) => [
          e.name,
          e.status,
          e.pendingConfigName ? `${e.configName} → ${e.pendingConfigName}` : e.configName,
          when(e.lastModifiedAt),
        ]);
        write(io.stdout, table(['ENDPOINT', 'STATUS', 'CONFIG', 'UPDATED'], rows));
      }
      return EXIT.ok;
    }),
};
