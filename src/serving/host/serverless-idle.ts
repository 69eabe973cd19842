import { GodwitError } from '../../core/errors.js';

/** How long a serverless endpoint's instance may be unused before it stops, by default: 5 minutes. */
export const DEFAULT_SERVERLESS_IDLE_MS = 5 * 60_000;

/** The environment variable that sets it for `godwit server`, in seconds of the server's clock. */
export const SERVERLESS_IDLE_ENV = 'GODWIT_SERVERLESS_IDLE_SECONDS';

/** `GODWIT_SERVERLESS_IDLE_SECONDS` in milliseconds when set, else undefined (the default applies). */
export function serverlessIdleFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const value = env[SERVERLESS_IDLE_ENV];
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new GodwitError('E_CONFIG', `${SERVERLESS_IDLE_ENV} "${value}" is not a number of seconds above 0.`, {
      hint: `Give it the idle time after which a serverless endpoint's instance stops, such as 300 (SageMaker-like minutes); unset, it is ${DEFAULT_SERVERLESS_IDLE_MS / 1000}.`,
    });
  }
  return seconds * 1000;
}
