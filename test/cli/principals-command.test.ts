import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

test('godwit principals: create, keys and tokens printed once, list, show, policy, delete', async () => {
  const dir = scratchDir('godwit-principals-cli-');
  const env = { GODWIT_HOME: join(dir, 'home') };
  const policy = join(dir, 'read-only.json');
  writeFileSync(
    policy,
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:List*', Resource: '*' }] }),
  );

  const empty = await cli(['principals', 'list'], env);
  assert.match(empty.stdout, /No principals/);
  const created = await cli(['principals', 'create', 'ana', '--description', 'data scientist', '--policy', policy], env);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /Created user ana \(arn:aws:iam::000000000000:user\/ana\)\.\nThis is the home's first principal/);
  const role = await cli(['principals', 'create', 'etl', '--role', '--json'], env);
  assert.equal(JSON.parse(role.stdout).arn, 'arn:aws:iam::000000000000:role/etl');

  const key = await cli(['principals', 'keys', 'create', 'ana'], env);
  assert.equal(key.code, 0, key.stderr);
  const secret = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(key.stdout)?.[1] as string;
  assert.match(secret, /^[A-Za-z0-9+/]{40}$/);
  assert.match(key.stderr, /Warning: Save it now: it is shown this once/);
  const token = await cli(['principals', 'tokens', 'create', 'ana', '--expires-in', '30d', '--json'], env);
  const made = JSON.parse(token.stdout);
  assert.match(made.token, /^gw_[A-Za-z0-9]{32}$/);
  assert.match(made.warning, /shown this once/);

  const show = await cli(['principals', 'show', 'ana'], env);
  assert.match(show.stdout, /Description: data scientist/);
  assert.match(show.stdout, /AKIA[A-Z0-9]{16} {2}Active/);
  assert.match(show.stdout, /sagemaker:List\*/);
  assert.ok(!show.stdout.includes(secret) && !show.stdout.includes(made.token), 'show prints a secret');
  const keys = await cli(['principals', 'keys', 'list', '--json'], env);
  assert.ok(!keys.stdout.includes(secret));
  const listed = JSON.parse((await cli(['principals', 'list', '--json'], env)).stdout);
  assert.deepEqual(
    listed.map((p: { name: string; accessKeys: number; tokens: number }) => [p.name, p.accessKeys, p.tokens]),
    [
      ['ana', 1, 1],
      ['etl', 0, 0],
    ],
  );

  const badPolicy = join(dir, 'bad.json');
  writeFileSync(badPolicy, '{"Statement": [{"Effect": "Perhaps", "Action": "*", "Resource": "*"}]}');
  const refused = await cli(['principals', 'policy', 'ana', badPolicy], env);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /Effect must be "Allow" or "Deny"/);
  const badName = await cli(['principals', 'create', 'no spaces'], env);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /not a valid principal name/);

  const tokenId = made.id as string;
  assert.equal((await cli(['principals', 'tokens', 'delete', tokenId], env)).code, 0);
  const gone = await cli(['principals', 'tokens', 'delete', tokenId], env);
  assert.match(gone.stderr, /There is no token/);
  const deleted = await cli(['principals', 'delete', 'ana', '--json'], env);
  assert.deepEqual(JSON.parse(deleted.stdout), { deleted: 'arn:aws:iam::000000000000:user/ana', principalsLeft: true });
  assert.match((await cli(['principals', 'keys', 'list'], env)).stdout, /No access keys/);
});
