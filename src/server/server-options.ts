import { GodwitError } from '../core/errors.js';

/**
 * Where the server listens. The default port is 4600: fixed, so SDK settings written once keep
 * working, and not LocalStack's 4566, so both can run side by side. `--port` beats `GODWIT_PORT`,
 * which beats the default. The host is loopback only: anything else would expose runs, models and
 * (later) endpoints to the network without credentials, which come with data governance.
 */
export const DEFAULT_PORT = 4600;
export const LOOPBACK = '127.0.0.1';

export function serverPort(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const [value, source] =
    flag !== undefined ? [flag, '--port'] : env.GODWIT_PORT ? [env.GODWIT_PORT, 'GODWIT_PORT'] : [undefined, ''];
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new GodwitError('E_SERVER_PORT', `${source} "${value}" is not a port number.`, {
      hint: `Give a whole number from 1 to 65535 (0 picks a free port); the default is ${DEFAULT_PORT}.`,
    });
  }
  return port;
}

/** The address to bind: loopback, however it is spelled; any other host is refused. */
export function serverHost(flag: string | undefined): string {
  if (flag === undefined || flag === LOOPBACK || flag === 'localhost') return LOOPBACK;
  throw new GodwitError('E_SERVER_HOST_REFUSED', `Godwit's server binds ${LOOPBACK} only; it will not listen on "${flag}".`, {
    hint:
      'Listening on another address needs credentials (SigV4 access keys for the AWS front doors, tokens for the REST API), ' +
      'which come with the data-governance capability. Until then, reach it from another machine through an SSH tunnel ' +
      `(ssh -L ${DEFAULT_PORT}:${LOOPBACK}:${DEFAULT_PORT} this-host).`,
  });
}
