import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsListOptions } from '../spec/models-specs.js';

export const modelsList: Handler<typeof modelsListOptions> = {
  run: ({ values, positionals: [group], io }) =>
    withMetadata(io, async ({ registry }) => {
      if (!group) {
        const groups = await registry.listGroups();
        if (values.json) json(io, groups);
        else if (groups.length === 0) write(io.stdout, 'No registered models yet. Run: godwit demo');
        else {
          const rows = groups.map((g) => [
            g.name,
            String(g.versions),
            String(g.latest?.version ?? '-'),
            g.latest?.approvalStatus ?? '-',
          ]);
          write(io.stdout, table(['GROUP', 'VERSIONS', 'LATEST', 'STATUS'], rows));
        }
        return EXIT.ok;
      }
      const versions = await registry.listVersions(group);
      if (values.json) json(io, versions);
      else if (versions.length === 0) write(io.stdout, `No versions in model package group "${group}".`);
      else {
        const rows = versions.map((v) => [
          String(v.version),
          v.approvalStatus,
          v.createdAt.toISOString().slice(0, 19),
          v.runId ?? '-',
          v.descriptor ? [v.descriptor.framework, v.descriptor.version].filter(Boolean).join(' ') : '-',
          v.modelUri,
        ]);
        write(io.stdout, table(['VERSION', 'STATUS', 'CREATED', 'RUN', 'FRAMEWORK', 'MODEL'], rows));
      }
      return EXIT.ok;
    }),
};
