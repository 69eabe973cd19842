/**
 * The stores a caller uses, governed: `StoreOptions.governed` wraps every store opened with them
 * (`storeForUri`, `objectIn`) in `governedStore`, asking one `ObjectGovernor` over the catalog and
 * writing to the access log. What `godwit storage --as` and a run as a principal use.
 */

import type { ArtifactStore } from '../../store/artifact-store.js';
import type { AccessLog, Caller } from '../governance-records.js';
import { governedStore } from './governed-store.js';
import { type ObjectCatalog, ObjectGovernor } from './object-access.js';

export interface GovernanceSources {
  readonly catalog: ObjectCatalog;
  readonly accessLog: Pick<AccessLog, 'record'>;
}

/** The wrapper for `StoreOptions.governed`; undefined for the local caller, whose stores are not wrapped. */
export function storeGovernance(
  caller: Caller,
  sources: GovernanceSources,
  via: string,
): ((store: ArtifactStore) => ArtifactStore) | undefined {
  if (caller.kind === 'local') return undefined;
  const governor = new ObjectGovernor(sources.catalog, (d) => sources.accessLog.record(d), { via, iam: true });
  return (store) => governedStore(store, caller, governor);
}
