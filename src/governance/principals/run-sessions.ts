import type { MetadataStore } from '../../meta/metadata-store.js';
import { effectiveStatus } from '../../meta/run-status.js';
import type { Principal, PrincipalStore } from '../governance-records.js';
import { derivedSecret, loadSecretsKey } from './secrets-key.js';

/**
 * A run's session credentials: what the processes of a run acting as a principal (`godwit run
 * --as P`, a pipeline or job the server started for an authenticated caller) sign with when they
 * reach the home's own doors, as SageMaker hands a job its execution role's temporary
 * credentials. The access key id names the run (`GWRS` + its id) and the secret is derived from
 * the home's secrets key and the run id, so nothing is stored: the server takes such a key as the
 * run's principal for as long as the run is running, and refuses it from the moment it ends.
 * Without them a step's own S3 calls would sign with Godwit's local key and act as the local user.
 */
export const RUN_SESSION_PREFIX = 'GWRS';

export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export async function runSessionCredentials(homeRoot: string, runId: string): Promise<SessionCredentials> {
  const key = (await loadSecretsKey(homeRoot, true)) as Buffer;
  return { accessKeyId: `${RUN_SESSION_PREFIX}${runId}`, secretAccessKey: sessionSecret(key, runId) };
}

function sessionSecret(key: Buffer, runId: string): string {
  return derivedSecret(key, `run-session-secret-access-key/v1/${runId}`);
}

export interface RunSessionDeps {
  readonly homeRoot: string;
  readonly runs: Pick<MetadataStore, 'getRun'>;
  readonly principals: Pick<PrincipalStore, 'get'>;
}

/**
 * The principal and secret of a run's session key, for the SigV4 check; undefined when the key
 * is not a session key, its run is unknown or no longer running, or the run acts as no principal.
 */
export async function resolveRunSession(
  accessKeyId: string,
  deps: RunSessionDeps,
): Promise<{ readonly principal: Principal; readonly secretAccessKey: string } | undefined> {
  if (!accessKeyId.startsWith(RUN_SESSION_PREFIX)) return undefined;
  const runId = accessKeyId.slice(RUN_SESSION_PREFIX.length);
  const run = await deps.runs.getRun(runId);
  if (!run?.startedBy?.startsWith('arn:aws:iam::') || effectiveStatus(run) !== 'running') return undefined;
  const principal = await deps.principals.get(run.startedBy);
  const key = await loadSecretsKey(deps.homeRoot, false);
  if (!principal || !key) return undefined;
  return { principal, secretAccessKey: sessionSecret(key, runId) };
}
