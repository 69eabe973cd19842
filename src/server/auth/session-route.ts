import { currentActor } from '../../core/actor.js';
import type { Caller } from '../../governance/governance-records.js';
import { bodyObject, jsonReply, type Reply, type ServerRequest } from '../http/exchange.js';
import { restNotFound } from '../rest/rest-errors.js';
import type { ServerContext } from '../server-context.js';
import { bearerToken, SESSION_COOKIE } from './authenticator.js';

/**
 * The session cookie holds the bearer token itself (HttpOnly, so page scripts cannot read it;
 * SameSite=Strict, so no other site's page can send it): the token's own hash in the database is
 * the session record, deleting the token ends every session made with it, and its expiry is the
 * session's. Nothing else is stored.
 */
export async function serveSession(req: ServerRequest, context: ServerContext): Promise<Reply> {
  const principals = context.services.metadata.principals;
  if (req.method === 'DELETE') {
    return withCookie(jsonReply(200, { signedOut: true }), `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
  }
  if (req.method !== 'GET' && req.method !== 'POST')
    return restNotFound(`/api/session answers GET, POST and DELETE, not ${req.method}.`);
  if (!(await principals.any())) {
    const local: Caller = { kind: 'local', user: currentActor() };
    return jsonReply(200, {
      caller: local,
      note: 'This home has no principals: every request acts as the local user, no session is needed.',
    });
  }
  let token = bearerToken(req);
  if (req.method === 'POST') {
    const body = await bodyObject(req);
    if (typeof body === 'object' && typeof body.token === 'string') token = body.token;
  }
  const principal = token ? await principals.resolveToken(token) : undefined;
  if (!principal || !token) {
    return jsonReply(401, {
      error: {
        code: 'E_UNAUTHENTICATED',
        message: token ? 'The token is not valid: unknown, expired or deleted.' : 'No token: POST {"token": "gw_…"} to sign in.',
        hint: 'Create a token with: godwit principals tokens create NAME',
      },
    });
  }
  const answer = jsonReply(200, { caller: { kind: 'principal', name: principal.name, arn: principal.arn } });
  return req.method === 'POST' ? withCookie(answer, `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`) : answer;
}

function withCookie(reply: Reply, cookie: string): Reply {
  return { status: reply.status, headers: { ...reply.headers, 'set-cookie': cookie }, body: reply.body, operation: 'Session' };
}
