import { type Clock, systemClock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import { ensureWritableHome, type GodwitHome } from '../core/home.js';
import { openMetadata } from '../meta/index.js';
import type { FunctionStep } from '../pipeline/ir.js';
import { FileArtifactStore } from '../store/file-artifact-store.js';
import type { Services } from './step-context.js';

/**
 * The embedded defaults: metadata in the home's SQLite file (or the PostgreSQL database named by
 * GODWIT_DATABASE_URL) and a file artifact store under Godwit's home.
 * `handlerFor` finds function steps' code (normally from the loaded pipeline file).
 * Call `close()` when done so the database is released.
 */
export async function openLocalServices(
  home: GodwitHome,
  handlerFor: Services['handlerFor'] = noHandlers,
  clock: Clock = systemClock,
  database?: { readonly url?: string },
): Promise<Services & { close(): Promise<void> }> {
  ensureWritableHome(home);
  const metadata = await openMetadata(home, clock, database);
  return {
    home,
    clock,
    metadata,
    store: new FileArtifactStore(home.artifactsDir),
    handlerFor,
    close: () => metadata.close(),
  };
}

async function noHandlers(step: FunctionStep): Promise<never> {
  throw new GodwitError(
    'E_FUNCTION_MISSING',
    `Function step "${step.name}" cannot run: no pipeline file was loaded for its code.`,
    {
      hint: 'Run the pipeline from its TypeScript or JavaScript file.',
    },
  );
}
