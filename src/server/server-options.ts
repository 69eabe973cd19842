import { DEFAULT_SERVER_PORT } from '../config/config.js';
import { GodwitError } from '../core/errors.js';

/**
 * Where the server listens. The port is fixed by default (4600, `server.port` in the
 * configuration, `GODWIT_PORT`), so SDK settings written once keep working, and is not
 * LocalStack's 4566, so both can run side by side; `--port` beats the configuration. The host is
 * loopback unless the home has credentials: another address (`0.0.0.0`, a LAN address) is
 * allowed only once some principal holds an access key or a token (`checkHostAllowed`), since
 * then every request must carry them (src/server/auth).
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

/** The address to bind: loopback unless `--host` names another (checked against the home's credentials by `checkHostAllowed`). */
export function serverHost(flag: string | undefined): string {
  if (flag === undefined || isLoopbackHost(flag)) return LOOPBACK;
  if (!/^[A-Za-z0-9.:-]+$/.test(flag)) {
    throw new GodwitError('E_USAGE', `--host "${flag}" is not an address or host name.`, {
      hint: `Give ${LOOPBACK} (the default), 0.0.0.0 (every interface) or one of this machine's addresses.`,
    });
  }
  return flag;
}

export function isLoopbackHost(host: string): boolean {
  return host === LOOPBACK || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Refuses to listen beyond loopback when no principal holds an access key or a token: the server
 * would then be open to the network with nobody able to sign in, or, worse, with no check at all.
 */
export async function checkHostAllowed(host: string, credentialed: () => Promise<boolean>): Promise<void> {
  if (isLoopbackHost(host) || (await credentialed())) return;
  throw new GodwitError(
    'E_SERVER_HOST_REFUSED',
    `Godwit's server will not listen on "${host}": this home has no principal with an access key or a token, so anyone who can reach it would act as the local user.`,
    {
      hint:
        'Create credentials first, e.g. godwit principals create ana && godwit principals keys create ana (SigV4 for the AWS front doors) ' +
        '&& godwit principals tokens create ana (the REST API and UI); every request then needs them. ' +
        `Or keep ${LOOPBACK} and reach it from another machine through an SSH tunnel (ssh -L ${DEFAULT_SERVER_PORT}:${LOOPBACK}:${DEFAULT_SERVER_PORT} this-host).`,
    },
  );
}
