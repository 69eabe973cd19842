import type { Caller } from '../governance/governance-records.js';
import type { RunInfo, Services } from './step-context.js';

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

/**
 * The environment a principal's run gives its steps' processes: where it holds Godwit's local S3
 * key (the run reaches the home's own S3 door), the run's session key instead
 * (src/governance/principals/run-sessions.ts), so a step's own SDK calls act as the principal
 * and are checked as its Lake Formation grants and IAM policies say. Keys of a configured S3
 * endpoint are the user's own and are left as they are.
 */
export async function sessionEnv(run: RunInfo, homeRoot: string): Promise<NodeJS.ProcessEnv> {
  const { LOCAL_S3_ACCESS_KEY_ID } = await import('../server/aws/s3/s3-endpoint.js');
  if (run.hostEnv.AWS_ACCESS_KEY_ID !== LOCAL_S3_ACCESS_KEY_ID) return run.hostEnv;
  const { runSessionCredentials } = await import('../governance/principals/run-sessions.js');
  const session = await runSessionCredentials(homeRoot, run.id);
  const { AWS_SESSION_TOKEN: _, ...env } = run.hostEnv;
  return { ...env, AWS_ACCESS_KEY_ID: session.accessKeyId, AWS_SECRET_ACCESS_KEY: session.secretAccessKey };
}
