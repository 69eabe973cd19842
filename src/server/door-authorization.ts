import type { Authorize } from '../governance/governance-records.js';
import type { ServerRequest } from './http/exchange.js';

/**
 * The check a front door makes before it acts: IAM action and resource(s), asked of `authorize`
 * for the request's caller. A request with no principal (the local user, or one made by hand in a
 * test) passes without a call: undefined is returned, so the local path awaits nothing, evaluates
 * nothing and writes nothing. Several resources (PutEvents naming two buses, CopyObject's source
 * and destination) must each be allowed. Rejects with E_ACCESS_DENIED, which each door answers in
 * its own shape.
 */
export function checkAccess(
  req: Pick<ServerRequest, 'caller'>,
  authorize: Authorize,
  via: string,
  action: string,
  resources: () => string | readonly string[],
): Promise<void> | undefined {
  const caller = req.caller;
  if (caller === undefined || caller.kind !== 'principal') return undefined;
  const named = resources();
  if (typeof named === 'string') return authorize(caller, action, named, via);
  return Promise.all([...new Set(named)].map((r) => authorize(caller, action, r, via))).then(() => undefined);
}
