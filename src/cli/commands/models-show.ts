import { renderVersion } from '../../registry/views/show-view.js';
import { loadVersionReport, parseVersionRef } from '../../registry/views/version-report.js';
import { EXIT, json, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsShowOptions } from '../spec/models-specs.js';

/** `godwit models show GROUP/VERSION`: what the version records, its run's settings and its lineage. */
export const modelsShow: Handler<typeof modelsShowOptions> = {
  run: ({ values, positionals: [ref], io }) => {
    const { group, version } = parseVersionRef(ref);
    return withMetadata(io, async (metadata) => {
      const report = await loadVersionReport(metadata, group, version);
      if (values.json) json(io, report);
      else write(io.stdout, renderVersion(report));
      return EXIT.ok;
    });
  },
};
