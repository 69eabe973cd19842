import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { loadSecretsKey, seal, secretsKeyPath, unseal } from '../../src/governance/principals/secrets-key.js';
import { openMetadata } from '../../src/meta/index.js';
import { scratchDir } from '../helpers/scratch.js';

const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

test('the secrets key is made on the first access key, 32 bytes, mode 0600, and kept', async () => {
  const home = godwitHome(join(scratchDir('godwit-secrets-'), 'home'));
  const metadata = await openMetadata(home, systemClock, {});
  after(() => metadata.close());
  await metadata.principals.create({ name: 'ana', kind: 'user' });
  assert.throws(() => statSync(secretsKeyPath(home.root)), /ENOENT/, 'a principal alone needs no key');
  const key = await metadata.principals.createAccessKey('ana');
  const info = statSync(secretsKeyPath(home.root));
  assert.equal(info.mode & 0o777, 0o600);
  assert.equal(info.size, 32);
  const before = readFileSync(secretsKeyPath(home.root));
  await metadata.principals.createAccessKey('ana');
  assert.deepEqual(readFileSync(secretsKeyPath(home.root)), before, 'a second key reuses the file');

  // Readable by others: refused, and the secret is not handed out.
  chmodSync(secretsKeyPath(home.root), 0o644);
  await assert.rejects(metadata.principals.resolveAccessKey(key.accessKeyId), code('E_SECRETS_KEY_UNSAFE'));
  await assert.rejects(metadata.principals.createAccessKey('ana'), code('E_SECRETS_KEY_UNSAFE'));
  chmodSync(secretsKeyPath(home.root), 0o600);
  assert.equal((await metadata.principals.resolveAccessKey(key.accessKeyId))?.secretAccessKey, key.secretAccessKey);

  // Another home's key (a copied database without its key file) decrypts nothing.
  writeFileSync(secretsKeyPath(home.root), Buffer.alloc(32, 7), { mode: 0o600 });
  await assert.rejects(metadata.principals.resolveAccessKey(key.accessKeyId), code('E_SECRETS_KEY_MISMATCH'));
  writeFileSync(secretsKeyPath(home.root), Buffer.alloc(16, 7), { mode: 0o600 });
  await assert.rejects(metadata.principals.resolveAccessKey(key.accessKeyId), code('E_SECRETS_KEY_INVALID'));
});

test('sealed secrets are bound to their access key id and tamper-evident', async () => {
  const root = scratchDir('godwit-secrets-');
  const key = (await loadSecretsKey(root, true)) as Buffer;
  const sealed = seal(key, 'the secret', 'AKIAAAAAAAAAAAAAAAAA');
  assert.ok(!sealed.includes('the secret'));
  assert.notEqual(seal(key, 'the secret', 'AKIAAAAAAAAAAAAAAAAA'), sealed, 'each seal has its own IV');
  assert.equal(unseal(key, sealed, 'AKIAAAAAAAAAAAAAAAAA', 'k'), 'the secret');
  assert.throws(() => unseal(key, sealed, 'AKIABBBBBBBBBBBBBBBB', 'k'), code('E_SECRETS_KEY_MISMATCH'));
  const flipped = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  assert.throws(() => unseal(key, flipped, 'AKIAAAAAAAAAAAAAAAAA', 'k'), code('E_SECRETS_KEY_MISMATCH'));
  assert.equal(await loadSecretsKey(scratchDir('godwit-secrets-'), false), undefined);
});
