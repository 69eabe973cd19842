import type { Clock } from '../core/clock.js';
import type { GodwitHome } from '../core/home.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import type { MetadataStore } from './metadata-store.js';

/** The metadata database and the registry that lives in it, opened together. */
export interface Metadata {
  readonly store: MetadataStore;
  readonly registry: ModelRegistry;
}

/** Opens the embedded SQLite database; the driver is loaded only here, on first use. */
export async function openMetadata(home: GodwitHome, clock: Clock): Promise<Metadata> {
  const { openSqliteMetadata } = await import('./sqlite-metadata-store.js');
  const { SqliteModelRegistry } = await import('../registry/sqlite-model-registry.js');
  const store = openSqliteMetadata(home.metadataFile);
  return { store, registry: new SqliteModelRegistry(store.db, clock) };
}
