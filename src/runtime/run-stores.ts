import type { Caller } from '../governance/governance-records.js';
import type { Services } from './step-context.js';

/**
 * A run's services as its caller may use them: for a principal (`godwit run --as P`, the server's
 * authenticated caller), the run's artifact store and the stores its `s3://` / `gs://` inputs are
 * read through check every call as the principal (src/governance/stores), so steps' inputs and
 * outputs under registered locations need its Lake Formation grants, and objects elsewhere in
 * buckets its IAM policies; each decision goes to the access log. The local user's services are
 * returned as they are.
 */
export async function servicesFor(caller: Caller, services: Services): Promise<Services> {
  if (caller.kind === 'local') return services;
  const { storeGovernance } = await import('../governance/stores/store-governance.js');
  const { catalog, accessLog } = services.metadata;
  const governed = storeGovernance(caller, { catalog, accessLog }, 'godwit run');
  if (!governed) return services;
  const store = governed(services.store);
  // The other services are the run's own, copied as they are defined (a getter stays a getter,
  // as the server's `inputStores`), so a later spread of the services keeps them.
  return Object.create(Object.getPrototypeOf(services), {
    ...Object.getOwnPropertyDescriptors(services),
    store: { value: store, enumerable: true },
    inputStores: { get: () => ({ ...services.inputStores, governed }), enumerable: true },
  }) as Services;
}
