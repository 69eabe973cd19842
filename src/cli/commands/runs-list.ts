import { listRunSummaries } from '../../runs/run-summaries.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { duration, paint, STATUS_COLOR, table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { runsListOptions } from '../spec/runs-specs.js';

export const runsList: Handler<typeof runsListOptions> = {
  async run({ values, io }) {
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
      throw new UsageError(`--limit must be a whole number ≥ 1, not "${values.limit}".`);
    const [rows, home] = await withMetadata(io, async (m, root) => [await listRunSummaries(m.store, { limit }), root] as const);
    if (values.json) json(io, rows);
    else if (rows.length === 0) write(io.stdout, `No runs yet in ${home}. Start one with: godwit demo`);
    else {
      const c = paint(io.stdout.isTTY === true);
      const cells = rows.map((r) => [
        r.id,
        r.pipeline,
        c(STATUS_COLOR[r.status] ?? 'gray', r.status),
        r.startedAt.replace('T', ' ').slice(0, 19),
        duration(r.durationMs),
      ]);
      write(io.stdout, table(['RUN', 'PIPELINE', 'STATUS', 'STARTED', 'DURATION'], cells));
    }
    return EXIT.ok;
  },
};
