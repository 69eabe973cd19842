import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { SqlDatabase, SqlRow } from '../../db/sql-database.js';
import type { AccessKey, BearerToken, PolicyDocument, Principal, PrincipalKind, PrincipalStore } from '../governance-records.js';
import { principalsChanged } from './principal-changes.js';
import {
  ACCESS_KEY_ID,
  BEARER_TOKEN,
  checkPolicy,
  checkPrincipalName,
  nameOfArn,
  newAccessKeyId,
  newBearerToken,
  newSecretAccessKey,
  newTokenId,
  principalArn,
  TOKEN_PREFIX_LENGTH,
} from './principal-names.js';
import { loadSecretsKey, seal, secretsKeyPath, unseal } from './secrets-key.js';

/** How stale `lastUsedAt` may get: a request does not pay a write every time. */
const LAST_USED_EVERY_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Principals and their credentials over the database seam (principals-schema.ts), the same SQL
 * on SQLite and PostgreSQL. Access-key secrets are sealed with the home's secrets key
 * (secrets-key.ts) before they reach the database; tokens are kept as SHA-256 hashes.
 */
export class SqlPrincipalStore implements PrincipalStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
    private readonly homeRoot: string,
  ) {}

  async any(): Promise<boolean> {
    return (await this.db.query('SELECT 1 AS one FROM principals LIMIT 1')).length > 0;
  }

  async anyCredentials(): Promise<boolean> {
    const now = this.clock.now().toISOString();
    const rows = await this.db.query(
      `SELECT 1 AS one FROM principal_access_keys WHERE status = 'Active'
       UNION ALL SELECT 1 AS one FROM principal_tokens WHERE expires_at IS NULL OR expires_at > ? LIMIT 1`,
      [now],
    );
    return rows.length > 0;
  }

  async create(input: { name: string; kind: PrincipalKind; description?: string; policies?: readonly PolicyDocument[] }) {
    const name = checkPrincipalName(input.name);
    if (input.kind !== 'user' && input.kind !== 'role') {
      throw new GodwitError('E_USAGE', `A principal is a "user" or a "role", not "${input.kind}".`);
    }
    const policies = (input.policies ?? []).map((p, i) => checkPolicy(p, `${i + 1} of ${name}`));
    const now = this.clock.now();
    const arn = principalArn(input.kind, name);
    const inserted = await this.db.query(
      `INSERT INTO principals (name, kind, arn, description, policies, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING RETURNING name`,
      [name, input.kind, arn, input.description ?? null, JSON.stringify(policies), now.toISOString()],
    );
    if (inserted.length === 0) {
      const existing = await this.get(name);
      throw new GodwitError('E_PRINCIPAL_EXISTS', `A principal named "${name}" already exists (${existing?.arn ?? arn}).`, {
        hint: 'Names are unique across users and roles: choose another, or delete it first (godwit principals delete).',
      });
    }
    principalsChanged();
    return { name, kind: input.kind, arn, description: input.description, policies, createdAt: now } satisfies Principal;
  }

  async get(nameOrArn: string): Promise<Principal | undefined> {
    const byArn = nameOfArn(nameOrArn);
    const [row] = byArn
      ? await this.db.query('SELECT * FROM principals WHERE arn = ?', [nameOrArn])
      : await this.db.query('SELECT * FROM principals WHERE name = ?', [nameOrArn]);
    return row && toPrincipal(row);
  }

  async list(): Promise<Principal[]> {
    return (await this.db.query('SELECT * FROM principals ORDER BY name')).map(toPrincipal);
  }

  async putPolicies(name: string, policies: readonly PolicyDocument[]): Promise<Principal> {
    const checked = policies.map((p, i) => checkPolicy(p, `${i + 1} of ${name}`));
    const principal = await this.must(name);
    await this.db.run('UPDATE principals SET policies = ? WHERE name = ?', [JSON.stringify(checked), principal.name]);
    principalsChanged();
    return { ...principal, policies: checked };
  }

  async delete(name: string): Promise<void> {
    const principal = await this.must(name);
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM principal_access_keys WHERE principal = ?', [principal.name]);
      await tx.run('DELETE FROM principal_tokens WHERE principal = ?', [principal.name]);
      await tx.run('DELETE FROM principals WHERE name = ?', [principal.name]);
    });
    principalsChanged();
  }

  async createAccessKey(name: string): Promise<AccessKey & { readonly secretAccessKey: string }> {
    const principal = await this.must(name);
    const key = (await loadSecretsKey(this.homeRoot, true)) as Buffer;
    const accessKeyId = newAccessKeyId();
    const secretAccessKey = newSecretAccessKey();
    const now = this.clock.now();
    await this.db.run(
      `INSERT INTO principal_access_keys (access_key_id, principal, secret_sealed, status, created_at) VALUES (?, ?, ?, 'Active', ?)`,
      [accessKeyId, principal.name, seal(key, secretAccessKey, accessKeyId), now.toISOString()],
    );
    principalsChanged();
    return { accessKeyId, principal: principal.name, status: 'Active', createdAt: now, secretAccessKey };
  }

  async listAccessKeys(principal?: string): Promise<AccessKey[]> {
    const columns = 'access_key_id, principal, status, created_at, last_used_at';
    const rows =
      principal === undefined
        ? await this.db.query(`SELECT ${columns} FROM principal_access_keys ORDER BY principal, created_at, access_key_id`)
        : await this.db.query(
            `SELECT ${columns} FROM principal_access_keys WHERE principal = ? ORDER BY created_at, access_key_id`,
            [(await this.must(principal)).name],
          );
    return rows.map(toAccessKey);
  }

  async deleteAccessKey(accessKeyId: string): Promise<void> {
    const deleted = await this.db.query('DELETE FROM principal_access_keys WHERE access_key_id = ? RETURNING access_key_id', [
      accessKeyId,
    ]);
    if (deleted.length === 0) {
      throw new GodwitError('E_ACCESS_KEY_NOT_FOUND', `There is no access key ${accessKeyId}.`, {
        hint: 'List them with: godwit principals keys list',
      });
    }
    principalsChanged();
  }

  async resolveAccessKey(accessKeyId: string) {
    if (!ACCESS_KEY_ID.test(accessKeyId)) return undefined;
    const [row] = await this.db.query(
      `SELECT k.secret_sealed, k.last_used_at, p.* FROM principal_access_keys k JOIN principals p ON p.name = k.principal
       WHERE k.access_key_id = ? AND k.status = 'Active'`,
      [accessKeyId],
    );
    if (!row) return undefined;
    const key = await loadSecretsKey(this.homeRoot, false);
    if (!key) {
      throw new GodwitError(
        'E_SECRETS_KEY_MISSING',
        `The secrets key ${secretsKeyPath(this.homeRoot)} is missing, so access key ${accessKeyId} cannot be checked.`,
        {
          hint: 'Restore it from a backup of this home (homes sharing a PostgreSQL database share one key file), or delete the access keys and create new ones.',
        },
      );
    }
    const secretAccessKey = unseal(key, String(row.secret_sealed), accessKeyId, secretsKeyPath(this.homeRoot));
    await this.touch(accessKeyId, row.last_used_at);
    return { principal: toPrincipal(row), secretAccessKey };
  }

  async createToken(name: string, options: { expiresAt?: Date } = {}): Promise<BearerToken & { readonly token: string }> {
    const principal = await this.must(name);
    const now = this.clock.now();
    if (options.expiresAt && options.expiresAt.getTime() <= now.getTime()) {
      throw new GodwitError('E_USAGE', `A token's expiry must be in the future, not ${options.expiresAt.toISOString()}.`);
    }
    const token = newBearerToken();
    const id = newTokenId();
    const prefix = token.slice(0, TOKEN_PREFIX_LENGTH);
    await this.db.run(
      'INSERT INTO principal_tokens (id, principal, token_hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      [id, principal.name, sha256(token), prefix, now.toISOString(), options.expiresAt?.toISOString() ?? null],
    );
    principalsChanged();
    return { id, principal: principal.name, prefix, createdAt: now, expiresAt: options.expiresAt, token };
  }

  async listTokens(principal?: string): Promise<BearerToken[]> {
    const columns = 'id, principal, prefix, created_at, expires_at';
    const rows =
      principal === undefined
        ? await this.db.query(`SELECT ${columns} FROM principal_tokens ORDER BY principal, created_at, id`)
        : await this.db.query(`SELECT ${columns} FROM principal_tokens WHERE principal = ? ORDER BY created_at, id`, [
            (await this.must(principal)).name,
          ]);
    return rows.map(toToken);
  }

  async deleteToken(id: string): Promise<void> {
    const deleted = await this.db.query('DELETE FROM principal_tokens WHERE id = ? RETURNING id', [id]);
    if (deleted.length === 0) {
      throw new GodwitError('E_TOKEN_NOT_FOUND', `There is no token ${id}.`, {
        hint: 'List them with: godwit principals tokens list',
      });
    }
    principalsChanged();
  }

  async resolveToken(token: string): Promise<Principal | undefined> {
    if (!BEARER_TOKEN.test(token)) return undefined;
    const hash = sha256(token);
    const [row] = await this.db.query(
      `SELECT t.token_hash, t.expires_at, p.* FROM principal_tokens t JOIN principals p ON p.name = t.principal WHERE t.token_hash = ?`,
      [hash],
    );
    if (!row || !timingSafeEqual(Buffer.from(String(row.token_hash)), Buffer.from(hash))) return undefined;
    if (row.expires_at && Date.parse(String(row.expires_at)) <= this.clock.now().getTime()) return undefined;
    return toPrincipal(row);
  }

  private async must(nameOrArn: string): Promise<Principal> {
    const principal = await this.get(nameOrArn);
    if (principal) return principal;
    const names = (await this.list()).map((p) => p.name);
    throw new GodwitError('E_PRINCIPAL_NOT_FOUND', `There is no principal "${nameOrArn}".`, {
      hint: names.length > 0 ? `Principals: ${names.slice(0, 20).join(', ')}.` : 'Create one with: godwit principals create NAME',
    });
  }

  private async touch(accessKeyId: string, lastUsed: unknown): Promise<void> {
    const now = this.clock.now();
    if (lastUsed && now.getTime() - Date.parse(String(lastUsed)) < LAST_USED_EVERY_MS) return;
    await this.db.run('UPDATE principal_access_keys SET last_used_at = ? WHERE access_key_id = ?', [
      now.toISOString(),
      accessKeyId,
    ]);
  }
}

function toPrincipal(row: SqlRow): Principal {
  return {
    name: String(row.name),
    kind: row.kind as PrincipalKind,
    arn: String(row.arn),
    ...(row.description !== null && row.description !== undefined ? { description: String(row.description) } : {}),
    policies: JSON.parse(String(row.policies)) as PolicyDocument[],
    createdAt: new Date(String(row.created_at)),
  };
}

function toAccessKey(row: SqlRow): AccessKey {
  return {
    accessKeyId: String(row.access_key_id),
    principal: String(row.principal),
    status: row.status as AccessKey['status'],
    createdAt: new Date(String(row.created_at)),
    ...(row.last_used_at ? { lastUsedAt: new Date(String(row.last_used_at)) } : {}),
  };
}

function toToken(row: SqlRow): BearerToken {
  return {
    id: String(row.id),
    principal: String(row.principal),
    prefix: String(row.prefix),
    createdAt: new Date(String(row.created_at)),
    ...(row.expires_at ? { expiresAt: new Date(String(row.expires_at)) } : {}),
  };
}
