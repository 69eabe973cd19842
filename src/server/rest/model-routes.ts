import { GodwitError } from '../../core/errors.js';
import type { ApprovalStatus } from '../../pipeline/ir.js';
import type { PathRoute } from '../http/path-router.js';
import type { ServerContext } from '../server-context.js';
import { integerParam, jsonBody, type RestHandler } from './rest-api.js';

/**
 * The model registry, through its public interface, the same calls as `godwit models`:
 * - `GET /api/v1/models` → `{ groups: [{ name, versions, latest }] }`;
 * - `GET /api/v1/models/{group}` → `{ group, versions: ModelVersion[] }`;
 * - `GET /api/v1/models/{group}/versions/{n}` → the version with its approval `history`;
 * - `POST /api/v1/models/{group}/versions/{n}/approve|reject` with `{"note": "…"}` → the version,
 *   the change written to the audit log with actor `api`.
 */
export const modelRoutes: readonly PathRoute<RestHandler>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/models',
    handler: async (_p, _req, { services }) => ({ groups: await services.metadata.registry.listGroups() }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/models/:group',
    handler: async ({ group }, _req, { services }) => {
      const versions = await services.metadata.registry.listVersions(group);
      if (versions.length === 0) throw noGroup(group);
      return { group, versions };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/models/:group/versions/:version',
    handler: async ({ group, version }, _req, context) => {
      const n = versionNumber(version);
      const found = await context.services.metadata.registry.getVersion(group, n);
      if (!found) throw noVersion(group, n);
      return { ...found, history: await context.services.metadata.registry.auditLog(group, n) };
    },
  },
  { method: 'POST', pattern: '/api/v1/models/:group/versions/:version/approve', handler: decide('Approved') },
  { method: 'POST', pattern: '/api/v1/models/:group/versions/:version/reject', handler: decide('Rejected') },
];

function decide(status: ApprovalStatus): RestHandler {
  return async ({ group, version }, req, context: ServerContext) => {
    const { note, actor } = await jsonBody(req);
    if (note !== undefined && typeof note !== 'string') {
      throw new GodwitError('E_REQUEST_BODY', '"note" must be a string.');
    }
    // Who decides: approval rules count different approvers and refuse the author, so the caller
    // names itself; `api` is every caller that does not.
    if (actor !== undefined && (typeof actor !== 'string' || actor.trim() === '')) {
      throw new GodwitError('E_REQUEST_BODY', '"actor" must be a non-empty string: who approves or rejects.');
    }
    // A principal is who it authenticated as (its ARN, as `godwit run --as` records a run's
    // author), and cannot approve in another's name.
    const caller = req.caller?.kind === 'principal' ? req.caller.principal : undefined;
    if (caller && actor !== undefined && actor !== caller.arn && actor !== caller.name) {
      throw new GodwitError('E_REQUEST_BODY', `"actor" is ${JSON.stringify(actor)}, but the request is ${caller.arn}'s.`, {
        hint: 'Leave "actor" out: an authenticated caller approves as itself.',
      });
    }
    const by = caller ? caller.arn : typeof actor === 'string' ? actor : 'api';
    return context.services.metadata.registry.setApprovalStatus(group, versionNumber(version), status, by, note);
  };
}

function versionNumber(value: string): number {
  const n = integerParam('version', value) ?? 0;
  if (n < 1) throw new GodwitError('E_REQUEST_PARAMETER', `Model versions start at 1, not "${value}".`);
  return n;
}

function noGroup(group: string): GodwitError {
  return new GodwitError('E_MODEL_GROUP_NOT_FOUND', `No model package group "${group}".`, {
    hint: 'List groups with GET /api/v1/models.',
  });
}

function noVersion(group: string, version: number): GodwitError {
  return new GodwitError('E_MODEL_VERSION_NOT_FOUND', `Model package group "${group}" has no version ${version}.`, {
    hint: `List its versions with GET /api/v1/models/${encodeURIComponent(group)}.`,
  });
}
