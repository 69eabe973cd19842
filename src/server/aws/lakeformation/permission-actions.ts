/** GrantPermissions, RevokePermissions, their batches, ListPermissions, RegisterResource and ListResources. */
import { currentActor } from '../../../core/actor.js';
import { resourceKey, resourceKind } from '../../../governance/catalog/lf-resources.js';
import type { LfGrant, LfPermission, LfResource } from '../../../governance/governance-records.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { epochSeconds } from '../aws-input.js';
import { page } from '../pagination.js';
import { checkCatalogId, maxResults, object, optionalText, resourceOf, strings, text } from './lakeformation-input.js';
import type { LfAction } from './lakeformation-service.js';
import { lakeFormationError } from './lakeformation-service.js';

type GrantInput = Omit<LfGrant, 'LastUpdated' | 'LastUpdatedBy'>;

/** Who a grant is recorded as made by: the request's principal, or the local user. */
const byOf = (req: ServerRequest) => (req.caller?.kind === 'principal' ? req.caller.principal.arn : currentActor());

function grantOf(input: Record<string, unknown>): GrantInput {
  checkCatalogId(input.CatalogId);
  if (input.Condition !== undefined && input.Condition !== null) {
    throw new AwsError('InvalidInputException', 'Condition on a grant is not served by Godwit; grant without it.');
  }
  return {
    Principal: { DataLakePrincipalIdentifier: text(object(input, 'Principal'), 'DataLakePrincipalIdentifier') },
    Resource: resourceOf(input.Resource),
    Permissions: (strings(input, 'Permissions') ?? []) as LfPermission[],
    PermissionsWithGrantOption: (strings(input, 'PermissionsWithGrantOption') ?? []) as LfPermission[],
  };
}

/**
 * A principal passes on only what it holds with the grant option on that very resource (Lake
 * Formation's rule for non-administrators); the local user, this home's administrator, grants anything.
 */
async function checkGrantable(grant: GrantInput, context: ServerContext, req: ServerRequest): Promise<void> {
  if (req.caller?.kind !== 'principal') return;
  const arn = req.caller.principal.arn;
  const key = resourceKey(grant.Resource);
  const held = (await context.services.metadata.catalog.listPermissions({ principal: arn })).filter(
    (g) => resourceKey(g.Resource) === key,
  );
  const grantable = new Set(held.flatMap((g) => g.PermissionsWithGrantOption));
  const missing = [...grant.Permissions, ...grant.PermissionsWithGrantOption].filter(
    (p) => !grantable.has(p) && !grantable.has('ALL'),
  );
  if (missing.length > 0) {
    throw new AwsError(
      'AccessDeniedException',
      `${arn} does not hold ${[...new Set(missing)].join(', ')} with the grant option on that resource.`,
      403,
    );
  }
}

const grantPermissions: LfAction = async (input, context, req) => {
  const grant = grantOf(input);
  await checkGrantable(grant, context, req);
  await context.services.metadata.catalog.grant(grant, byOf(req));
  return {};
};

const revokePermissions: LfAction = async (input, context, req) => {
  const grant = grantOf(input);
  await checkGrantable(grant, context, req);
  await context.services.metadata.catalog.revoke(grant, byOf(req));
  return {};
};

/** Each entry on its own, as Lake Formation's batches: the ones that fail are listed, the others applied. */
const batch =
  (one: LfAction): LfAction =>
  async (input, context, req) => {
    checkCatalogId(input.CatalogId);
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length === 0)
      throw new AwsError('InvalidInputException', 'Entries is required: a list of grants.');
    const Failures = [];
    for (const entry of entries as Record<string, unknown>[]) {
      try {
        await one({ ...entry, CatalogId: input.CatalogId }, context, req);
      } catch (err) {
        const e = lakeFormationError(err);
        if (e.status >= 500) throw err;
        Failures.push({ RequestEntry: entry, Error: { ErrorCode: e.type, ErrorMessage: e.message } });
      }
    }
    return { Failures };
  };

/** Lake Formation's DataLakeResourceType of a resource. */
function resourceType(r: LfResource): string {
  const kind = resourceKind(r);
  if (kind === 'LFTagPolicy') return `LF_TAG_POLICY_${r.LFTagPolicy?.ResourceType}`;
  return {
    Catalog: 'CATALOG',
    Database: 'DATABASE',
    Table: 'TABLE',
    TableWithColumns: 'TABLE',
    DataLocation: 'DATA_LOCATION',
    DataCellsFilter: 'TABLE',
    LFTag: 'LF_TAG',
  }[kind];
}

const listPermissions: LfAction = async (input, context) => {
  checkCatalogId(input.CatalogId);
  const principal = input.Principal ? optionalText(object(input, 'Principal'), 'DataLakePrincipalIdentifier') : undefined;
  const resource = input.Resource ? resourceOf(input.Resource) : undefined;
  const type = optionalText(input, 'ResourceType');
  const all = await context.services.metadata.catalog.listPermissions({ principal, resource });
  const wanted =
    type === undefined
      ? all
      : all.filter(
          (g) =>
            resourceType(g.Resource) === type ||
            (type === 'LF_TAG_POLICY' && resourceType(g.Resource).startsWith('LF_TAG_POLICY')),
        );
  const keyOf = (g: LfGrant) => `${g.Principal.DataLakePrincipalIdentifier} ${resourceKey(g.Resource)}`;
  const { items, nextToken } = page(wanted, keyOf, optionalText(input, 'NextToken'), maxResults(input));
  return {
    PrincipalResourcePermissions: items.map((g) => ({ ...g, LastUpdated: g.LastUpdated && epochSeconds(g.LastUpdated) })),
    NextToken: nextToken,
  };
};

const registerResource: LfAction = async (input, context) => {
  await context.services.metadata.catalog.registerLocation(text(input, 'ResourceArn'), optionalText(input, 'RoleArn'));
  return {};
};

const listResources: LfAction = async (input, context) => {
  const locations = await context.services.metadata.catalog.listLocations();
  const { items, nextToken } = page(locations, (l) => l.resourceArn, optionalText(input, 'NextToken'), maxResults(input));
  return {
    ResourceInfoList: items.map((l) => ({
      ResourceArn: l.resourceArn,
      RoleArn: l.roleArn,
      LastModified: epochSeconds(l.registeredAt),
    })),
    NextToken: nextToken,
  };
};

const describeResource: LfAction = async (input, context) => {
  const arn = text(input, 'ResourceArn');
  const found = await context.services.metadata.catalog.getLocation(arn);
  if (!found) throw new AwsError('EntityNotFoundException', `The data location ${arn} is not registered.`);
  return {
    ResourceInfo: { ResourceArn: found.resourceArn, RoleArn: found.roleArn, LastModified: epochSeconds(found.registeredAt) },
  };
};

const deregisterResource: LfAction = async (input, context) => {
  await context.services.metadata.catalog.deregisterLocation(text(input, 'ResourceArn'));
  return {};
};

export const permissionActions = {
  GrantPermissions: grantPermissions,
  RevokePermissions: revokePermissions,
  BatchGrantPermissions: batch(grantPermissions),
  BatchRevokePermissions: batch(revokePermissions),
  ListPermissions: listPermissions,
  RegisterResource: registerResource,
  ListResources: listResources,
  DescribeResource: describeResource,
  DeregisterResource: deregisterResource,
} satisfies Record<string, LfAction>;
