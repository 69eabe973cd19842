/**
 * The contract the principal store passes on every database: one node:test suite per backend,
 * against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened metadata
 * of a fresh home (its root, for the secrets key) on an empty database; the suite closes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Metadata } from '../../meta/index.js';
import type { PolicyDocument } from '../governance-records.js';

const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

const READ_ONLY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sagemaker:Describe*', 'sagemaker:List*'], Resource: '*' }],
};

export function principalStoreContract(
  backend: string,
  open: () => Promise<{ metadata: Metadata; raw: (sql: string) => Promise<Record<string, unknown>[]> }>,
  options: { skip?: string } = {},
): void {
  describe(`principal store on ${backend}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let raw: (sql: string) => Promise<Record<string, unknown>[]>;
    before(async () => {
      ({ metadata, raw } = await open());
    });
    after(() => metadata?.close());

    test('a home starts with no principals and no credentials', async () => {
      assert.equal(await metadata.principals.any(), false);
      assert.equal(await metadata.principals.anyCredentials(), false);
      assert.deepEqual(await metadata.principals.list(), []);
    });

    test('users and roles get IAM ARNs; names follow IAM and are unique', async () => {
      const ana = await metadata.principals.create({
        name: 'ana',
        kind: 'user',
        description: 'data scientist',
        policies: [READ_ONLY],
      });
      assert.equal(ana.arn, 'arn:aws:iam::000000000000:user/ana');
      const etl = await metadata.principals.create({ name: 'etl.runner@team', kind: 'role' });
      assert.equal(etl.arn, 'arn:aws:iam::000000000000:role/etl.runner@team');
      assert.equal(await metadata.principals.any(), true);
      assert.equal(await metadata.principals.anyCredentials(), false, 'principals without keys or tokens are not credentials');
      await assert.rejects(metadata.principals.create({ name: 'ana', kind: 'role' }), code('E_PRINCIPAL_EXISTS'));
      await assert.rejects(metadata.principals.create({ name: 'has space', kind: 'user' }), code('E_PRINCIPAL_NAME'));
      await assert.rejects(metadata.principals.create({ name: 'x'.repeat(65), kind: 'user' }), code('E_PRINCIPAL_NAME'));
      await assert.rejects(metadata.principals.create({ name: '', kind: 'user' }), code('E_PRINCIPAL_NAME'));
      const got = await metadata.principals.get('arn:aws:iam::000000000000:user/ana');
      assert.equal(got?.name, 'ana');
      assert.equal(got?.description, 'data scientist');
      assert.deepEqual(got?.policies, [READ_ONLY]);
      assert.equal((await metadata.principals.get('ana'))?.kind, 'user');
      assert.equal(await metadata.principals.get('nobody'), undefined);
      assert.deepEqual(
        (await metadata.principals.list()).map((p) => p.name),
        ['ana', 'etl.runner@team'],
      );
    });

    test('policies are replaced whole and checked', async () => {
      const deny: PolicyDocument = { Statement: [{ Effect: 'Deny', Action: 'sagemaker:Delete*', Resource: '*' }] };
      const updated = await metadata.principals.putPolicies('ana', [READ_ONLY, deny]);
      assert.equal(updated.policies.length, 2);
      assert.deepEqual((await metadata.principals.get('ana'))?.policies, [READ_ONLY, deny]);
      const bad = { Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] } as unknown as PolicyDocument;
      await assert.rejects(metadata.principals.putPolicies('ana', [bad]), code('E_POLICY_INVALID'));
      await assert.rejects(metadata.principals.putPolicies('nobody', [READ_ONLY]), code('E_PRINCIPAL_NOT_FOUND'));
      assert.equal((await metadata.principals.get('ana'))?.policies.length, 2, 'a refused policy changes nothing');
    });

    test('an access key resolves to its principal and secret; the database holds no secret', async () => {
      const key = await metadata.principals.createAccessKey('ana');
      assert.match(key.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
      assert.match(key.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
      assert.equal(key.status, 'Active');
      const resolved = await metadata.principals.resolveAccessKey(key.accessKeyId);
      assert.equal(resolved?.principal.arn, 'arn:aws:iam::000000000000:user/ana');
      assert.equal(resolved?.secretAccessKey, key.secretAccessKey);
      assert.equal(await metadata.principals.resolveAccessKey('AKIA0000000000000000'), undefined);
      assert.equal(await metadata.principals.resolveAccessKey('not-a-key'), undefined);
      const rows = await raw('SELECT * FROM principal_access_keys');
      const dump = JSON.stringify(rows);
      assert.ok(dump.includes(key.accessKeyId));
      assert.ok(!dump.includes(key.secretAccessKey), 'the secret is in the table in plain text');
      assert.ok(!dump.includes(Buffer.from(key.secretAccessKey).toString('base64')), 'the secret is in the table as base64');
      const listed = await metadata.principals.listAccessKeys('ana');
      assert.deepEqual(
        listed.map((k) => k.accessKeyId),
        [key.accessKeyId],
      );
      assert.ok(!JSON.stringify(listed).includes(key.secretAccessKey));
      assert.ok(listed[0].lastUsedAt, 'resolving a key records when it was last used');
      assert.equal(await metadata.principals.anyCredentials(), true);
    });

    test('a token resolves until it expires or is deleted; only its hash is stored', async () => {
      const t = await metadata.principals.createToken('etl.runner@team');
      assert.match(t.token, /^gw_[A-Za-z0-9]{32}$/);
      assert.equal(t.prefix, t.token.slice(0, 8));
      assert.equal((await metadata.principals.resolveToken(t.token))?.name, 'etl.runner@team');
      const altered = t.token.slice(0, -1) + (t.token.endsWith('x') ? 'y' : 'x');
      assert.equal(await metadata.principals.resolveToken(altered), undefined);
      assert.equal(await metadata.principals.resolveToken('gw_short'), undefined);
      const dump = JSON.stringify(await raw('SELECT * FROM principal_tokens'));
      assert.ok(!dump.includes(t.token), 'the token is stored in plain text');
      // A second is long enough for a loaded machine to create and resolve it before it expires.
      const expiresAt = new Date(Date.now() + 1000);
      const soon = await metadata.principals.createToken('ana', { expiresAt });
      assert.equal((await metadata.principals.resolveToken(soon.token))?.name, 'ana');
      await new Promise((r) => setTimeout(r, expiresAt.getTime() - Date.now() + 50));
      assert.equal(await metadata.principals.resolveToken(soon.token), undefined, 'an expired token resolves');
      await assert.rejects(metadata.principals.createToken('ana', { expiresAt: new Date(Date.now() - 1000) }), code('E_USAGE'));
      assert.deepEqual(
        (await metadata.principals.listTokens('etl.runner@team')).map((x) => x.id),
        [t.id],
      );
      await metadata.principals.deleteToken(t.id);
      assert.equal(await metadata.principals.resolveToken(t.token), undefined);
      await assert.rejects(metadata.principals.deleteToken(t.id), code('E_TOKEN_NOT_FOUND'));
    });

    test('deleting a key or a principal ends its credentials', async () => {
      const a = await metadata.principals.createAccessKey('ana');
      const b = await metadata.principals.createAccessKey('ana');
      const tok = await metadata.principals.createToken('ana');
      await metadata.principals.deleteAccessKey(a.accessKeyId);
      assert.equal(await metadata.principals.resolveAccessKey(a.accessKeyId), undefined);
      await assert.rejects(metadata.principals.deleteAccessKey(a.accessKeyId), code('E_ACCESS_KEY_NOT_FOUND'));
      await metadata.principals.delete('ana');
      assert.equal(await metadata.principals.get('ana'), undefined);
      assert.equal(await metadata.principals.resolveAccessKey(b.accessKeyId), undefined);
      assert.equal(await metadata.principals.resolveToken(tok.token), undefined);
      assert.deepEqual(await metadata.principals.listAccessKeys(), []);
      assert.deepEqual(
        (await metadata.principals.listTokens()).map((x) => x.principal),
        [],
      );
      await assert.rejects(metadata.principals.delete('ana'), code('E_PRINCIPAL_NOT_FOUND'));
      await assert.rejects(metadata.principals.createAccessKey('ana'), code('E_PRINCIPAL_NOT_FOUND'));
    });
  });
}
