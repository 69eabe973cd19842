import { DEFAULT_SERVER_PORT } from '../config/config.js';
import { GodwitError } from '../core/errors.js';

/**
 * Where the server listens. The port is fixed by default (4600, `server.port` in the
 * configuration, `GODWIT_PORT`), so SDK settings written once keep working, and is not
 * LocalStack's 4566, so both can run side by side; `--port` beats the configuration. The host is
 * loopback only: anything else would expose runs, models and (later) endpoints to the network
 * without credentials, which come with data governance.
 */
export const LOOPBACK = '127.0.0.1';

/** `--port` when given (0 picks a free port), else the configured port. */
export function serverPort(flag: string | undefined, configured: number): number {
  if (flag === undefined) return configured;
  if (!/^\d+$/.test(flag) || Number(flag) > 65535) {
    throw new GodwitError('E_USAGE', `--port "${flag}" is not a port number.`, {
      hint: `Give a whole number from 1 to 65535 (0 picks a free port); the default is ${DEFAULT_SERVER_PORT}.`,
    });
  }
  return Number(flag);
}

/** The address to bind: loopback, however it is spelled; any other host is refused. */
export function serverHost(flag: string | undefined): string {
  if (flag === undefined || flag === LOOPBACK || flag === 'localhost') return LOOPBACK;
  throw new GodwitError('E_SERVER_HOST_REFUSED', `Godwit's server binds ${LOOPBACK} only; it will not listen on "${flag}".`, {
    hint:
      'Listening on another address needs credentials (SigV4 access keys for the AWS front doors, tokens for the REST API), ' +
      'which come with the data-governance capability. Until then, reach it from another machine through an SSH tunnel ' +
      `(ssh -L ${DEFAULT_SERVER_PORT}:${LOOPBACK}:${DEFAULT_SERVER_PORT} this-host).`,
  });
}
