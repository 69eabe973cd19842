/** `godwit grant|revoke|grants`: Lake Formation permissions through the governance catalog. */
import { currentActor } from '../../core/actor.js';
import { parsePrincipal, parseResource, resourceText } from '../../governance/catalog/resource-syntax.js';
import type { LfPermission } from '../../governance/governance-records.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { grantOptions, grantsOptions, revokeOptions } from '../spec/catalog-specs.js';
import type { Handler } from '../spec/command-spec.js';

const permissionsOf = (text: string) =>
  text
    .split(',')
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean) as LfPermission[];

export const grant: Handler<typeof grantOptions> = {
  run: ({ values, positionals: [perms], io }) =>
    withMetadata(io, async (m) => {
      const Permissions = permissionsOf(perms);
      const input = {
        Principal: { DataLakePrincipalIdentifier: parsePrincipal(values.to as string) },
        Resource: parseResource(values.on as string),
        Permissions,
        PermissionsWithGrantOption: values['with-grant-option'] ? Permissions : [],
      };
      await m.catalog.grant(input, currentActor(io.env));
      if (values.json) json(io, input);
      else
        write(
          io.stdout,
          `Granted ${Permissions.join(', ')}${values['with-grant-option'] ? ' (with grant option)' : ''} on ${values.on} to ${input.Principal.DataLakePrincipalIdentifier}.`,
        );
      return EXIT.ok;
    }),
};

export const revoke: Handler<typeof revokeOptions> = {
  run: ({ values, positionals: [perms], io }) =>
    withMetadata(io, async (m) => {
      const named = permissionsOf(perms);
      const optionOnly = values['grant-option-only'] === true;
      const input = {
        Principal: { DataLakePrincipalIdentifier: parsePrincipal(values.from as string) },
        Resource: parseResource(values.on as string),
        Permissions: optionOnly ? [] : named,
        PermissionsWithGrantOption: optionOnly ? named : [],
      };
      await m.catalog.revoke(input, currentActor(io.env));
      if (values.json) json(io, input);
      else
        write(
          io.stdout,
          `Revoked ${optionOnly ? 'the grant option of ' : ''}${named.join(', ')} on ${values.on} from ${input.Principal.DataLakePrincipalIdentifier}.`,
        );
      return EXIT.ok;
    }),
};

export const grants: Handler<typeof grantsOptions> = {
  run: ({ values, io }) =>
    withMetadata(io, async (m) => {
      const listed = await m.catalog.listPermissions({
        principal: values.principal === undefined ? undefined : parsePrincipal(values.principal),
        resource: values.on === undefined ? undefined : parseResource(values.on),
      });
      if (values.json) json(io, listed);
      else if (listed.length === 0) write(io.stdout, 'No grants.');
      else
        write(
          io.stdout,
          table(
            ['PRINCIPAL', 'RESOURCE', 'PERMISSIONS', 'GRANTABLE'],
            listed.map((g) => [
              g.Principal.DataLakePrincipalIdentifier,
              resourceText(g.Resource),
              g.Permissions.join(','),
              g.PermissionsWithGrantOption.join(',') || '-',
            ]),
          ),
        );
      return EXIT.ok;
    }),
};
