import { diffVersions, renderVersionDiff } from '../../registry/views/diff-view.js';
import { loadVersionReport, parseVersionRef } from '../../registry/views/version-report.js';
import { EXIT, json, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsDiffOptions } from '../spec/models-specs.js';

/** `godwit models diff GROUP/A GROUP/B`: two versions (of one group or two) side by side. */
export const modelsDiff: Handler<typeof modelsDiffOptions> = {
  run: ({ values, positionals: [refA, refB], io }) => {
    const [a, b] = [parseVersionRef(refA), parseVersionRef(refB)];
    return withMetadata(io, async (metadata) => {
      const reportA = await loadVersionReport(metadata, a.group, a.version);
      const reportB = await loadVersionReport(metadata, b.group, b.version);
      const diff = diffVersions(reportA, reportB);
      if (values.json) json(io, diff);
      else write(io.stdout, renderVersionDiff(diff));
      return EXIT.ok;
    });
  },
};
