import { currentActor } from '../../core/actor.js';
import { systemClock } from '../../core/clock.js';
import { deleteRuns } from '../../runs/delete-run.js';
import { EXIT, json, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { runsDeleteOptions } from '../spec/runs-specs.js';

export const runsDelete: Handler<typeof runsDeleteOptions> = {
  async run({ values, positionals, io }) {
    const by = { actor: currentActor(io.env), at: systemClock.now(), reason: values.reason };
    const reports = await withMetadata(io, (metadata, home) => deleteRuns(metadata, home, positionals, by));
    if (values.json) {
      json(io, reports);
      return EXIT.ok;
    }
    for (const r of reports) {
      const when = `${r.deletedAt} by ${r.deletedBy}`;
      write(
        io.stdout,
        r.alreadyDeleted
          ? `Run ${r.runId} was deleted already, at ${when}.`
          : `Deleted run ${r.runId} (${r.pipeline}) at ${when}.`,
      );
      for (const v of r.modelVersions) {
        write(io.stdout, `  kept for model ${v.group}/${v.version}: ${v.modelUri}${v.metricsUri ? `, ${v.metricsUri}` : ''}`);
      }
    }
    write(io.stdout, 'Their files stay until godwit gc --yes removes them (godwit gc shows what it would remove).');
    return EXIT.ok;
  },
};
