import { loadRunReport } from '../../runs/run-report.js';
import { openLocalServices } from '../../runtime/local-services.js';
import { artifactLocationOf } from '../artifact-location.js';
import { databaseOf, EXIT, homeOf, json, write } from '../cli-io.js';
import { renderRunReport } from '../run-report.js';
import type { Handler } from '../spec/command-spec.js';
import type { runsShowOptions } from '../spec/runs-specs.js';

export const runsShow: Handler<typeof runsShowOptions> = {
  async run({ values, positionals: [runId], io }) {
    const services = await openLocalServices(homeOf(io), undefined, undefined, databaseOf(io), await artifactLocationOf(io));
    try {
      const report = await loadRunReport(services, runId);
      if (values.json) json(io, report);
      else write(io.stdout, renderRunReport(report, { detail: true, color: io.stdout.isTTY === true }));
      return EXIT.ok;
    } finally {
      await services.close();
    }
  },
};
