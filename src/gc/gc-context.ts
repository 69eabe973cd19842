import type { Clock } from '../core/clock.js';
import type { GodwitHome } from '../core/home.js';
import type { Metadata } from '../meta/index.js';
import type { StoreOptions } from '../store/index.js';

/** What `godwit gc` works with: the home, its metadata, and the artifact store runs are configured with. */
export interface GcContext {
  readonly home: GodwitHome;
  readonly metadata: Pick<Metadata, 'store' | 'registry' | 'lineage' | 'endpoints' | 'gc'>;
  /** The configured artifact store (`artifacts`, `GODWIT_ARTIFACTS`); the home's `artifacts/` folder when absent. */
  readonly artifacts: { readonly uri?: string; readonly options?: StoreOptions };
  readonly clock: Clock;
  /** Who runs gc, for the journal (`currentActor()`). */
  readonly actor: string;
}

export interface GcOptions {
  /** Only runs deleted, and copies superseded, at least this many milliseconds ago. */
  readonly olderThanMs?: number;
}
