import { type CredentialScope, credentialScope } from './aws/sigv4-scope.js';
import type { FrontDoor } from './front-door.js';
import type { ServerRequest } from './http/exchange.js';
import { header } from './http/exchange.js';

/**
 * Which front door answers a request. The rules, in this order, so that no name a user picks (a
 * bucket called `endpoints` or `api`, an endpoint called `api`) can steer a request to another
 * service:
 *
 * 1. A SigV4-signed request belongs to the services signed with its credential scope's service
 *    (`sagemaker` covers SageMaker and SageMaker Runtime, `s3` would be S3): nothing else is
 *    considered, not even Godwit's REST API.
 * 2. Among those, `X-Amz-Target` picks the JSON-protocol service by its prefix.
 * 3. Without a target, the path picks a REST-protocol service.
 * An unsigned request with `X-Amz-Target` goes to the JSON service of that prefix (a hand-made
 * request with curl); any other unsigned request is Godwit's own (`/api/v1/…`), never an AWS
 * REST-protocol service.
 *
 * The answer is the door, or why there is none (`aws` says to answer in AWS's error shape).
 */
export type Routing = { readonly door: FrontDoor } | { readonly missing: string; readonly aws: boolean };

export function route(
  req: Pick<ServerRequest, 'method' | 'path' | 'headers' | 'query'>,
  doors: readonly FrontDoor[],
  scope: CredentialScope | undefined = credentialScope(req),
): Routing {
  const target = header(req, 'x-amz-target');
  const family = familyOf(doors, scope, target !== undefined && target !== '');
  if (scope && family.length === 0) {
    const served = [...new Set(doors.flatMap((d) => (d.match.protocol === 'godwit' ? [] : [d.match.signingName])))];
    return { missing: `Godwit serves no AWS service signed as "${scope.service}" (it serves: ${served.join(', ')}).`, aws: true };
  }
  if (target) {
    const prefix = target.split('.', 1)[0];
    const door = family.find((d) => d.match.protocol === 'aws-json' && d.match.targetPrefix === prefix);
    return door ? { door } : { missing: `No service here answers X-Amz-Target "${target}".`, aws: true };
  }
  const door = family.find((d) => d.match.protocol !== 'aws-json' && d.match.path.test(req.path));
  if (door) return { door };
  return scope
    ? { missing: `No ${scope.service} operation answers ${req.method} ${req.path}.`, aws: true }
    : { missing: `Nothing here answers ${req.method} ${req.path}. Godwit's API lives under /api/v1/.`, aws: false };
}

/** The doors a request may reach by its signature (or its lack of one), worked out once per kind of request. */
const families = new WeakMap<readonly FrontDoor[], Map<string, readonly FrontDoor[]>>();

function familyOf(doors: readonly FrontDoor[], scope: CredentialScope | undefined, targeted: boolean): readonly FrontDoor[] {
  let known = families.get(doors);
  if (!known) {
    known = new Map();
    families.set(doors, known);
  }
  const key = scope ? `signed:${scope.service}` : targeted ? 'unsigned:json' : 'unsigned';
  let family = known.get(key);
  if (!family) {
    family = scope
      ? doors.filter((d) => d.match.protocol !== 'godwit' && d.match.signingName === scope.service)
      : doors.filter((d) => (targeted ? d.match.protocol === 'aws-json' : d.match.protocol === 'godwit'));
    // Bounded: one entry per service name a client signs with, and only the first 64 are kept.
    if (known.size < 64) known.set(key, family);
  }
  return family;
}
