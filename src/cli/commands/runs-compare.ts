import { compareRuns } from '../../runs/compare.js';
import { renderComparison } from '../../runs/compare-view.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { bytes, duration, paint } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { runsCompareOptions } from '../spec/runs-specs.js';

/** `godwit runs compare RUN_ID…`: runs side by side, the best value of each metric marked. */
export const runsCompare: Handler<typeof runsCompareOptions> = {
  run: ({ values, positionals: ids, io }) => {
    if (ids.length < 2) throw new UsageError('Name at least two runs to compare (godwit runs list shows them).');
    return withMetadata(io, async ({ store }, home) => {
      const comparison = await compareRuns(store, home, ids, {
        metrics: values.metric,
        higher: values.higher,
        lower: values.lower,
      });
      if (values.json) json(io, comparison);
      else {
        const color = paint(io.stdout.isTTY === true);
        write(io.stdout, renderComparison(comparison, { duration, bytes, highlight: (t) => color('bold', t) }));
      }
      return EXIT.ok;
    });
  },
};
