import { moveRun } from '../../runs/move-run.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, json, write } from '../cli-io.js';
import { bytes, table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { runsMoveOptions } from '../spec/runs-specs.js';

export const runsMove: Handler<typeof runsMoveOptions> = {
  async run({ values, positionals: [runId], io }) {
    const report = await withMetadata(io, (metadata, home) =>
      moveRun(metadata, home, {
        runId,
        to: values.to as string,
        dryRun: values['dry-run'],
        storeOptions: (uris) => storeOptionsFor(io, uris),
      }),
    );
    if (values.json) {
      json(io, report);
      return EXIT.ok;
    }
    const rows = report.artifacts.map((a) => [`${a.step}/${a.name}`, a.state, String(a.files), bytes(a.size), a.to]);
    const moved = report.artifacts.filter((a) => a.state !== 'in-place');
    const head = report.dryRun
      ? `Would move ${moved.length} artifacts of ${report.runId} to ${report.to} (nothing copied or changed):`
      : moved.length === 0
        ? `Every artifact of ${report.runId} is in ${report.to} already.`
        : `Moved ${moved.length} artifacts of ${report.runId} to ${report.to}; every file checked by SHA-256.`;
    const tail = report.dryRun
      ? `Move them: godwit runs move ${report.runId} --to ${values.to}`
      : 'The old copies stay until godwit gc removes what nothing needs any more.';
    write(io.stdout, [head, '', table(['ARTIFACT', 'STATE', 'FILES', 'SIZE', 'TO'], rows), '', tail].join('\n'));
    return EXIT.ok;
  },
};
