import { type Clock, systemClock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import { ensureWritableHome, type GodwitHome } from '../core/home.js';
import { openMetadata } from '../meta/index.js';
import type { FunctionStep } from '../pipeline/ir.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import { FileArtifactStore } from '../store/file-artifact-store.js';
import { type StoreOptions, storeForUri } from '../store/index.js';
import type { Services } from './step-context.js';

/**
 * Where runs put their artifacts: the configuration's `artifacts` (`GODWIT_ARTIFACTS`), a folder,
 * `file://`, `s3://bucket/prefix` or `gs://bucket/prefix`, opened with the S3/GCS settings and the
 * caller's environment in `options`. Without a URI, the `artifacts/` folder of Godwit's home.
 */
export interface ArtifactLocation {
  readonly uri?: string;
  readonly options?: StoreOptions;
}

/**
 * The embedded defaults: metadata in the home's SQLite file (or the PostgreSQL database named by
 * GODWIT_DATABASE_URL) and the artifact store `artifacts` names, a file store under Godwit's home
 * by default. `handlerFor` finds function steps' code (normally from the loaded pipeline file).
 * Call `close()` when done so the database is released.
 */
export async function openLocalServices(
  home: GodwitHome,
  handlerFor: Services['handlerFor'] = noHandlers,
  clock: Clock = systemClock,
  database?: { readonly url?: string },
  artifacts: ArtifactLocation = {},
): Promise<Services & { close(): Promise<void> }> {
  ensureWritableHome(home);
  const store = await artifactStore(home, artifacts);
  const metadata = await openMetadata(home, clock, database);
  return {
    home,
    clock,
    metadata,
    store,
    handlerFor,
    close: () => metadata.close(),
  };
}

function artifactStore(home: GodwitHome, artifacts: ArtifactLocation): Promise<ArtifactStore> | ArtifactStore {
  if (artifacts.uri === undefined) return new FileArtifactStore(home.artifactsDir);
  return storeForUri(artifacts.uri, artifacts.options);
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
