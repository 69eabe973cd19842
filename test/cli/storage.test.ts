import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';
import { demoStoresUnder } from './demo-on-store.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

const hex = (data: string) => createHash('sha256').update(data).digest('hex');

let server: TestS3Server;
before(async () => {
  server = await startS3rver(['bucket', 'other', 'arts']);
});

function envFor(dir: string): NodeJS.ProcessEnv {
  return { ...server.env, AWS_ENDPOINT_URL_S3: server.endpoint, GODWIT_HOME: join(dir, 'home'), HOME: dir, XDG_CONFIG_HOME: dir };
}

/** The same ls/cp/rm session against a bucket URI and a local folder URI. */
for (const kind of ['s3', 'file'] as const) {
  describe(`godwit storage on ${kind}://`, () => {
    test('cp up, ls, cp down, cp between locations, --recursive both ways, rm', async () => {
      const dir = scratchDir('godwit-storage-');
      const env = envFor(dir);
      const root = kind === 's3' ? 's3://bucket/cli' : `file://${join(dir, 'store')}`;
      await mkdir(join(dir, 'tree', 'sub'), { recursive: true });
      await writeFile(join(dir, 'a.csv'), 'x,y\n1,2\n');
      await writeFile(join(dir, 'tree', 'one.txt'), 'one');
      await writeFile(join(dir, 'tree', 'sub', 'two.txt'), 'two');

      const up = await cli(['storage', 'cp', join(dir, 'a.csv'), `${root}/data/`], env, dir);
      assert.equal(up.code, 0, up.stderr);
      const shown = kind === 's3' ? `upload: .*a\\.csv to ${root}` : `copy: .*a\\.csv to ${join(dir, 'store')}`;
      assert.match(up.stdout, new RegExp(`${shown}/data/a\\.csv`));

      const ls = await cli(['storage', 'ls', `${root}/`], env, dir);
      assert.equal(ls.code, 0, ls.stderr);
      assert.match(ls.stdout, /PRE\s+.*\/data\//);
      const listed = JSON.parse((await cli(['storage', 'ls', `${root}/data/`, '--json'], env, dir)).stdout);
      assert.deepEqual(
        listed.objects.map((o: { uri: string; size: number; sha256: string }) => [o.uri, o.size, o.sha256]),
        [[`${root}/data/a.csv`, 8, hex('x,y\n1,2\n')]],
      );

      const down = await cli(['storage', 'cp', `${root}/data/a.csv`, join(dir, 'back.csv')], env, dir);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(await readFile(join(dir, 'back.csv'), 'utf8'), 'x,y\n1,2\n');

      const across = await cli(['storage', 'cp', `${root}/data/a.csv`, 's3://other/copied.csv'], env, dir);
      assert.equal(across.code, 0, across.stderr);
      assert.match(across.stdout, /s3:\/\/other\/copied\.csv/);

      assert.equal((await cli(['storage', 'cp', join(dir, 'tree'), `${root}/tree`, '--recursive'], env, dir)).code, 0);
      const all = JSON.parse((await cli(['storage', 'ls', `${root}/`, '--recursive', '--json'], env, dir)).stdout);
      assert.deepEqual(
        all.objects.map((o: { uri: string }) => o.uri.slice(root.length)),
        ['/data/a.csv', '/tree/one.txt', '/tree/sub/two.txt'],
      );
      const fetched = await cli(['storage', 'cp', `${root}/tree/`, join(dir, 'fetched'), '--recursive'], env, dir);
      assert.equal(fetched.code, 0, fetched.stderr);
      assert.equal(await readFile(join(dir, 'fetched', 'sub', 'two.txt'), 'utf8'), 'two');

      if (kind === 's3') {
        const rm = await cli(['storage', 'rm', `${root}/tree/`, '--recursive'], env, dir);
        assert.equal(rm.code, 0, rm.stderr);
        assert.equal(rm.stdout.trim().split('\n').length, 2);
        assert.equal((await cli(['storage', 'rm', `${root}/data/a.csv`], env, dir)).code, 0);
        const empty = JSON.parse((await cli(['storage', 'ls', `${root}/`, '--json', '--recursive'], env, dir)).stdout);
        assert.deepEqual(empty.objects, []);
      } else {
        const refused = await cli(['storage', 'rm', `${root}/data/a.csv`], env, dir);
        assert.equal(refused.code, 2, refused.stderr);
        assert.match(refused.stderr, /local path/);
      }
    });
  });
}

describe('a pipeline with its artifacts on s3://', () => {
  test('the demo runs unchanged and runs show lists the real s3:// URIs, whose objects are there', async () => {
    const dir = scratchDir('godwit-s3-run-');
    await demoStoresUnder('s3://arts/godwit', { ...envFor(dir), GODWIT_ARTIFACTS: 's3://arts/godwit' }, dir);
  });
});

describe('s3:// with no S3 endpoint configured: the home’s own godwit server', () => {
  test('a run starts the server, makes the default bucket, stores its artifacts there; storage and the raw SDK see them', async () => {
    const dir = scratchDir('godwit-s3-local-');
    const port = await freePort();
    const env = {
      GODWIT_HOME: join(dir, 'home'),
      GODWIT_ARTIFACTS: 's3://godwit-default/artifacts',
      GODWIT_PORT: String(port),
      HOME: dir,
      XDG_CONFIG_HOME: dir,
      PATH: process.env.PATH,
    };
    try {
      const demo = await cli(['demo'], env, dir);
      assert.equal(demo.code, 0, demo.stdout + demo.stderr);
      assert.match(demo.stderr, new RegExp(`Started a Godwit server .* at http://127\\.0\\.0\\.1:${port}`));
      const runId = /godwit runs show (\S+)/.exec(demo.stdout)?.[1] as string;
      const report = JSON.parse((await cli(['runs', 'show', runId, '--json'], env, dir)).stdout);
      for (const a of report.artifacts) assert.match(a.uri, new RegExp(`^s3://godwit-default/artifacts/runs/${runId}/`));

      const listed = JSON.parse(
        (await cli(['storage', 'ls', `s3://godwit-default/artifacts/runs/${runId}/`, '--recursive', '--json'], env, dir)).stdout,
      );
      assert.ok(
        listed.objects.some((o: { key: string }) => o.key.endsWith('/train/model/model.json') || o.key.includes('/train/model/')),
      );

      const raw = new S3Client({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
      });
      const page = await raw.send(new ListObjectsV2Command({ Bucket: 'godwit-default', Prefix: `artifacts/runs/${runId}/` }));
      assert.equal(page.Contents?.length, listed.objects.length);
      raw.destroy();

      // The server reads the run's property files from s3:// through its own S3 door.
      const rest = await fetch(`http://127.0.0.1:${port}/api/v1/runs/${runId}`);
      assert.equal(rest.status, 200, await rest.clone().text());
      const served = (await rest.json()) as { properties: { uri: string }[] };
      assert.ok(served.properties.length > 0 && served.properties.every((p) => p.uri.startsWith('s3://godwit-default/')));
    } finally {
      await cli(['server', 'stop'], env, dir);
    }
  });
});

describe('godwit sql with s3:// and no S3 endpoint configured', () => {
  test('COPY and UNLOAD reach the home’s own server, not AWS', async () => {
    const dir = scratchDir('godwit-sql-s3-');
    const port = await freePort();
    const env = {
      GODWIT_HOME: join(dir, 'home'),
      GODWIT_PORT: String(port),
      HOME: dir,
      XDG_CONFIG_HOME: dir,
      PATH: process.env.PATH,
    };
    try {
      await writeFile(join(dir, 'raw.csv'), 'id,plan\n1,basic\n2,pro\n3,pro\n');
      // Buckets are the user's to make, as on LocalStack: the first command starts the server.
      const missing = await cli(['storage', 'ls', 's3://godwit-default/'], env, dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /godwit storage mb s3:\/\/godwit-default/);
      const made = await cli(['storage', 'mb', 's3://godwit-default'], env, dir);
      assert.equal(made.code, 0, made.stderr);
      assert.equal(made.stdout, 'make_bucket: s3://godwit-default\n');
      assert.equal((await cli(['storage', 'mb', 's3://godwit-default'], env, dir)).code, 0, 'a bucket already yours is fine');
      assert.equal((await cli(['storage', 'mb', 'gs://offline'], env, dir)).code, 2);
      const up = await cli(['storage', 'cp', join(dir, 'raw.csv'), 's3://godwit-default/raw/raw.csv'], env, dir);
      assert.equal(up.code, 0, up.stderr);
      const script = [
        'create table c (id int, plan varchar(10))',
        "copy c from 's3://godwit-default/raw/raw.csv' iam_role default format as csv ignoreheader 1",
        'select plan, count(*) as n from c group by plan order by plan',
        "unload ('select * from c order by id') to 's3://godwit-default/out/' iam_role default format as csv parallel off",
      ].join(';\n');
      const r = await cli(['sql', '--dialect', 'redshift', script], env, dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'plan   n\nbasic  1\npro    2\n');
      const listed = JSON.parse((await cli(['storage', 'ls', 's3://godwit-default/out/', '--json'], env, dir)).stdout);
      assert.deepEqual(
        listed.objects.map((o: { key: string }) => o.key),
        ['out/0000_part_00.csv'],
      );
    } finally {
      await cli(['server', 'stop'], env, dir);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('credentials from the SDK default chain', () => {
  test('a profile in a shared credentials file signs godwit storage; a profile with unknown keys is E_STORE_AUTH', async () => {
    const dir = scratchDir('godwit-s3-profile-');
    const credentials = join(dir, 'credentials');
    await writeFile(
      credentials,
      '[team]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n\n[stranger]\naws_access_key_id = NOBODY\naws_secret_access_key = PLANTEDprofileSECRET\n',
    );
    await writeFile(join(dir, 'a.txt'), 'profile');
    const base = {
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: server.endpoint,
      GODWIT_HOME: join(dir, 'home'),
      HOME: dir,
      PATH: process.env.PATH as string,
    };
    const ok = await godwitProcess(
      ['storage', 'cp', join(dir, 'a.txt'), 's3://bucket/profile/'],
      { ...base, AWS_PROFILE: 'team' },
      dir,
    );
    assert.equal(ok.code, 0, ok.stderr);
    const refused = await godwitProcess(['storage', 'ls', 's3://bucket/profile/'], { ...base, AWS_PROFILE: 'stranger' }, dir);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      new RegExp(`${server.endpoint} refused the credentials to list s3://bucket/profile/ \\(InvalidAccessKeyId\\)`),
    );
    assert.ok(!refused.stderr.includes('PLANTEDprofileSECRET'));
  });
});

/** The CLI as a user's shell runs it: its own process, whose process.env is `env`. */
function godwitProcess(args: string[], env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, ['--conditions=godwit-source', '--import', import.meta.resolve('tsx'), BIN, ...args], {
    cwd,
    env: { ...env, CI: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}
