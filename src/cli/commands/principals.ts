import { readFile } from 'node:fs/promises';
import { GodwitError } from '../../core/errors.js';
import type { PolicyDocument, Principal } from '../../governance/governance-records.js';
import type { Metadata } from '../../meta/index.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type {
  principalsCreateOptions,
  principalsDeleteOptions,
  principalsKeysOptions,
  principalsListOptions,
  principalsPolicyOptions,
  principalsShowOptions,
  principalsTokensOptions,
} from '../spec/principals-specs.js';

const ONCE = 'Save it now: it is shown this once and cannot be read back (the home keeps no copy you can recover).';

export const principalsCreate: Handler<typeof principalsCreateOptions> = {
  async run({ values, positionals: [name], io }) {
    const policies = await Promise.all((values.policy ?? []).map(readPolicies)).then((p) => p.flat());
    return withMetadata(io, async (metadata) => {
      const first = !(await metadata.principals.any());
      const principal = await metadata.principals.create({
        name,
        kind: values.role ? 'role' : 'user',
        description: values.description,
        policies,
      });
      if (values.json) json(io, principal);
      else {
        const lines = [`Created ${principal.kind} ${principal.name} (${principal.arn}).`];
        if (first) {
          lines.push(
            "This is the home's first principal: from now on the server authenticates every request (SigV4 for AWS SDKs, a bearer token for the REST API).",
          );
        }
        lines.push(
          `Give it credentials with: godwit principals keys create ${name}  or  godwit principals tokens create ${name}`,
        );
        write(io.stdout, lines.join('\n'));
      }
      return EXIT.ok;
    });
  },
};

export const principalsList: Handler<typeof principalsListOptions> = {
  run: ({ values, io }) =>
    withMetadata(io, async (metadata) => {
      const [principals, keys, tokens] = await Promise.all([
        metadata.principals.list(),
        metadata.principals.listAccessKeys(),
        metadata.principals.listTokens(),
      ]);
      const counts = (name: string) => ({
        accessKeys: keys.filter((k) => k.principal === name).length,
        tokens: tokens.filter((t) => t.principal === name).length,
      });
      if (values.json)
        json(
          io,
          principals.map((p) => ({ ...p, ...counts(p.name) })),
        );
      else if (principals.length === 0)
        write(io.stdout, 'No principals: the local user has every right. Create one with: godwit principals create NAME');
      else {
        const rows = principals.map((p) => {
          const c = counts(p.name);
          return [p.name, p.kind, p.arn, String(p.policies.length), String(c.accessKeys), String(c.tokens)];
        });
        write(io.stdout, table(['NAME', 'KIND', 'ARN', 'POLICIES', 'KEYS', 'TOKENS'], rows));
      }
      return EXIT.ok;
    }),
};

export const principalsShow: Handler<typeof principalsShowOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (metadata) => {
      const principal = await mustGet(metadata, name);
      const [accessKeys, tokens] = await Promise.all([
        metadata.principals.listAccessKeys(principal.name),
        metadata.principals.listTokens(principal.name),
      ]);
      if (values.json) json(io, { ...principal, accessKeys, tokens });
      else {
        const lines = [
          `${principal.kind} ${principal.name}`,
          `ARN:         ${principal.arn}`,
          ...(principal.description ? [`Description: ${principal.description}`] : []),
          `Created:     ${principal.createdAt.toISOString()}`,
          '',
          `Access keys: ${accessKeys.length === 0 ? 'none' : ''}`,
          ...accessKeys.map(
            (k) =>
              `  ${k.accessKeyId}  ${k.status}  created ${k.createdAt.toISOString()}  last used ${k.lastUsedAt?.toISOString() ?? 'never'}`,
          ),
          `Tokens:      ${tokens.length === 0 ? 'none' : ''}`,
          ...tokens.map(
            (t) =>
              `  ${t.id}  ${t.prefix}…  created ${t.createdAt.toISOString()}  expires ${t.expiresAt?.toISOString() ?? 'never'}`,
          ),
          `Policies:    ${principal.policies.length === 0 ? 'none' : ''}`,
          ...principal.policies.map((p) => JSON.stringify(p, null, 2).replace(/^/gm, '  ')),
        ];
        write(io.stdout, lines.join('\n'));
      }
      return EXIT.ok;
    }),
};

export const principalsDelete: Handler<typeof principalsDeleteOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (metadata) => {
      const principal = await mustGet(metadata, name);
      await metadata.principals.delete(principal.name);
      const left = await metadata.principals.any();
      if (values.json) json(io, { deleted: principal.arn, principalsLeft: left });
      else {
        const note = left
          ? ''
          : '\nNo principals are left: the server no longer asks for credentials on loopback (one bound to another address refuses every request).';
        write(io.stdout, `Deleted ${principal.kind} ${principal.name} with its access keys and tokens.${note}`);
      }
      return EXIT.ok;
    }),
};

export const principalsPolicy: Handler<typeof principalsPolicyOptions> = {
  async run({ values, positionals: [name, file], io }) {
    const policies = await readPolicies(file);
    return withMetadata(io, async (metadata) => {
      const principal = await metadata.principals.putPolicies(name, policies);
      if (values.json) json(io, principal);
      else
        write(
          io.stdout,
          `${principal.name} now has ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'} from ${file}.`,
        );
      return EXIT.ok;
    });
  },
};

export const principalsKeys: Handler<typeof principalsKeysOptions> = {
  run: ({ values, positionals: [action, target], io }) =>
    withMetadata(io, async (metadata) => {
      if (action === 'create') {
        const key = await metadata.principals.createAccessKey(required(target, 'NAME', 'keys create'));
        if (values.json) json(io, { ...key, warning: ONCE });
        else {
          write(
            io.stdout,
            `Access key for ${key.principal}:\n  AWS_ACCESS_KEY_ID=${key.accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
          );
          write(io.stderr, `Warning: ${ONCE}`);
        }
      } else if (action === 'list') {
        const keys = await metadata.principals.listAccessKeys(target);
        if (values.json) json(io, keys);
        else if (keys.length === 0) write(io.stdout, 'No access keys.');
        else {
          const rows = keys.map((k) => [
            k.accessKeyId,
            k.principal,
            k.status,
            k.createdAt.toISOString(),
            k.lastUsedAt?.toISOString() ?? 'never',
          ]);
          write(io.stdout, table(['ACCESS KEY ID', 'PRINCIPAL', 'STATUS', 'CREATED', 'LAST USED'], rows));
        }
      } else {
        const id = required(target, 'KEY_ID', 'keys delete');
        await metadata.principals.deleteAccessKey(id);
        if (values.json) json(io, { deleted: id });
        else write(io.stdout, `Deleted access key ${id}: requests signed with it are refused from now on.`);
      }
      return EXIT.ok;
    }),
};

export const principalsTokens: Handler<typeof principalsTokensOptions> = {
  run: ({ values, positionals: [action, target], io }) =>
    withMetadata(io, async (metadata) => {
      if (action === 'create') {
        const expiresIn = values['expires-in'];
        const expiresAt = expiresIn === undefined ? undefined : new Date(Date.now() + age(expiresIn));
        const token = await metadata.principals.createToken(required(target, 'NAME', 'tokens create'), { expiresAt });
        if (values.json) json(io, { ...token, warning: ONCE });
        else {
          const until = token.expiresAt ? ` (expires ${token.expiresAt.toISOString()})` : '';
          write(
            io.stdout,
            `Token ${token.id} for ${token.principal}${until}:\n  ${token.token}\nUse it as: Authorization: Bearer ${token.token}`,
          );
          write(io.stderr, `Warning: ${ONCE}`);
        }
      } else if (action === 'list') {
        const tokens = await metadata.principals.listTokens(target);
        if (values.json) json(io, tokens);
        else if (tokens.length === 0) write(io.stdout, 'No tokens.');
        else {
          const rows = tokens.map((t) => [
            t.id,
            t.principal,
            `${t.prefix}…`,
            t.createdAt.toISOString(),
            t.expiresAt?.toISOString() ?? 'never',
          ]);
          write(io.stdout, table(['ID', 'PRINCIPAL', 'PREFIX', 'CREATED', 'EXPIRES'], rows));
        }
      } else {
        const id = required(target, 'TOKEN_ID', 'tokens delete');
        await metadata.principals.deleteToken(id);
        if (values.json) json(io, { deleted: id });
        else write(io.stdout, `Deleted token ${id}: it, and sessions signed in with it, are refused from now on.`);
      }
      return EXIT.ok;
    }),
};

async function mustGet(metadata: Metadata, name: string): Promise<Principal> {
  const principal = await metadata.principals.get(name);
  if (principal) return principal;
  const names = (await metadata.principals.list()).map((p) => p.name);
  throw new GodwitError('E_PRINCIPAL_NOT_FOUND', `There is no principal "${name}".`, {
    hint: names.length > 0 ? `Principals: ${names.slice(0, 20).join(', ')}.` : 'Create one with: godwit principals create NAME',
  });
}

function required(value: string | undefined, what: string, verb: string): string {
  if (value === undefined) throw new UsageError(`godwit principals ${verb} needs ${what}.`, `godwit principals ${verb} ${what}`);
  return value;
}

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 };

function age(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0)
    throw new UsageError(`--expires-in "${text}" is not an age. Give a number and a unit: 90s, 30m, 12h or 90d.`);
  return Number(m[1]) * UNITS[m[2]];
}

/** One policy document, or a JSON list of them. */
async function readPolicies(file: string): Promise<PolicyDocument[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new GodwitError(
      'E_POLICY_INVALID',
      `Cannot read the policy file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
      {
        hint: 'Give the path of a JSON policy document.',
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_POLICY_INVALID', `The policy file ${file} is not JSON: ${(err as Error).message}.`);
  }
  return (Array.isArray(value) ? value : [value]) as PolicyDocument[];
}
