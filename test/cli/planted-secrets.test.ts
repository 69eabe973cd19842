/**
 * Secrets never reach logs, errors, events or recorded metadata. Planted: an AWS secret access key
 * and session token in the environment, a password in a postgres:// URL in the configuration.
 * Then a pipeline runs with its artifacts on s3://, a server starts and answers, and commands fail
 * with refused credentials; every byte they left behind is searched: stdout and stderr, every
 * file under the home (step logs, the server log, the metadata database with its event outbox,
 * run folders) and every file of the S3 server's buckets (objects and their recorded metadata).
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

const SECRETS = {
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/PLANTEDawsSECRET0001',
  token: 'PLANTEDsessionTOKEN0002xyzzy',
  password: 'PLANTEDdbPASSWORD0003',
};

let server: TestS3Server;
before(async () => {
  server = await startS3rver(['arts']);
});

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

test('a planted AWS secret key, session token and database password appear in no output, log, event, metadata or object', async () => {
  const dir = scratchDir('godwit-secrets-');
  const home = join(dir, 'home');
  await writeFile(
    join(dir, 'godwit.config.yaml'),
    `warehouses:\n  team:\n    type: postgres\n    url: postgres://analyst:${SECRETS.password}@db.invalid:5432/warehouse\n`,
  );
  // s3rver checks the access key id only, so the planted secret signs every request that works.
  const env = {
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: SECRETS.awsSecret,
    AWS_SESSION_TOKEN: SECRETS.token,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: server.endpoint,
    GODWIT_HOME: home,
    GODWIT_ARTIFACTS: 's3://arts/godwit',
    HOME: dir,
    XDG_CONFIG_HOME: dir,
    PATH: process.env.PATH,
  };
  const refused = { ...env, AWS_ACCESS_KEY_ID: 'NOBODY' };
  const outputs: string[] = [];
  const godwit = async (args: string[], e: NodeJS.ProcessEnv, expected: number) => {
    const r = await cli(args, e, dir);
    outputs.push(r.stdout, r.stderr);
    assert.equal(r.code, expected, `godwit ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r;
  };

  const demo = await godwit(['demo'], env, 0);
  const runId = /godwit runs show (\S+)/.exec(demo.stdout)?.[1] as string;
  await godwit(['runs', 'show', runId], env, 0);
  await godwit(['server', '--detach', '--port', '0'], env, 0);
  await godwit(['server', 'status'], env, 0);
  await godwit(['runs', 'list'], env, 0);
  const failedRun = await godwit(['demo'], refused, 1);
  assert.match(failedRun.stdout + failedRun.stderr, /refused the credentials/);
  const ls = await godwit(['storage', 'ls', 's3://arts/godwit/'], refused, 2);
  assert.match(ls.stderr, /E_S3_CREDENTIALS|refused the credentials/);
  await godwit(['storage', 'cp', join(dir, 'godwit.config.yaml'), 's3://arts/x'], refused, 2);
  await godwit(['server', 'stop'], env, 0);

  const places = [...outputs.map((text, i) => ({ where: `output ${i}`, text }))];
  for (const root of [home, server.dir])
    for await (const file of filesUnder(root)) places.push({ where: file, text: (await readFile(file)).toString('latin1') });
  assert.ok(
    places.some((p) => p.where.endsWith('server.log')),
    'the server log was searched',
  );
  assert.ok(
    places.some((p) => /metadata/.test(p.where)),
    'the metadata database was searched',
  );
  assert.ok(
    places.some((p) => p.where.endsWith('.log') && p.where.includes('steps')),
    'step logs were searched',
  );
  for (const [name, secret] of Object.entries(SECRETS))
    for (const p of places) assert.ok(!p.text.includes(secret), `${name} found in ${p.where}`);
});
