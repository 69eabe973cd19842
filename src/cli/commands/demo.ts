import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../../core/errors.js';
import type { Handler } from '../spec/command-spec.js';
import type { RUN_OPTIONS } from '../spec/pipeline-specs.js';
import { runPipeline } from './run.js';

/** Where the abalone example sits beside the package: `src/` in a checkout, `dist/` when built. */
const CANDIDATES = ['../../../examples/abalone/pipeline.ts', '../../examples/abalone/pipeline.ts'];

/** The abalone example shipped with Godwit, found beside the package wherever it is installed. */
export function demoPipelinePath(): string {
  const paths = CANDIDATES.map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = paths.find((path) => existsSync(path));
  if (found) return found;
  throw new GodwitError(
    'E_DEMO_MISSING',
    `The abalone example is missing from this Godwit installation (looked for ${paths[0]}).`,
    {
      hint:
        'The package was installed without its examples/ folder. Reinstall Godwit with it, or run the ' +
        'example from a copy of the repository: godwit run examples/abalone/pipeline.ts.',
    },
  );
}

export const demo: Handler<typeof RUN_OPTIONS> = {
  run: (call) => runPipeline(call, { file: demoPipelinePath() }),
};
