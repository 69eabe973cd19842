import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../../core/errors.js';
import { type LoadedPipeline, loadPipelineFile } from '../../pipeline/load.js';
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

/**
 * The example as it runs in the demo: the IR it compiles to, kept beside it as
 * `abalone.ir.json` (a golden file: `test/golden/` fails when the two differ), because loading
 * TypeScript means loading tsx, about three empty Node starts. The run records `pipeline.ts` as
 * its file, as if it had been loaded, and the example has no function steps whose code the IR
 * would lack. Without the IR file (an installation that left it out) the TypeScript is loaded.
 */
export async function loadDemoPipeline(): Promise<LoadedPipeline> {
  const file = demoPipelinePath();
  const irFile = file.replace(/pipeline\.ts$/, 'abalone.ir.json');
  if (!existsSync(irFile)) return loadPipelineFile(file);
  const loaded = await loadPipelineFile(irFile);
  return Object.freeze({ ...loaded, file });
}

export const demo: Handler<typeof RUN_OPTIONS> = {
  run: (call) =>
    runPipeline(call, {
      file: demoPipelinePath(),
      load: loadDemoPipeline,
      then: async (report, io) => (await import('./demo-serve.js')).serveDemoModel(report, io),
    }),
};
