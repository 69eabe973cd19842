import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { godwitHome } from '../../../src/core/home.js';
import {
  configuredS3Endpoint,
  ensureS3Endpoint,
  localS3Credentials,
  localS3Endpoint,
  s3Folder,
  s3StepEnv,
} from '../../../src/server/aws/s3/s3-endpoint.js';
import { stopServer } from '../../../src/server/client.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { scratchDir } from '../../helpers/scratch.js';

/** A port free a moment ago (the configuration cannot say 0, "any free port"). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

describe('S3 endpoint for a home', () => {
  test("Godwit's local S3 key: the secret is derived from the home's secrets key, stable in a home, different in each", async () => {
    const one = join(scratchDir('godwit-locals3-'), 'home');
    const two = join(scratchDir('godwit-locals3-'), 'home');
    const a = await localS3Credentials(one);
    assert.equal(a.accessKeyId, 'godwit');
    assert.match(a.secretAccessKey, /^[A-Za-z0-9_-]{40}$/);
    assert.notEqual(a.secretAccessKey, OPEN_S3_CREDENTIALS.secretAccessKey);
    assert.equal(statSync(join(one, 'secrets.key')).mode & 0o777, 0o600, 'the secrets key is made on first need, private');
    assert.deepEqual(await localS3Credentials(one), a, 'every process of a home derives the same');
    const b = await localS3Credentials(two);
    assert.notEqual(b.secretAccessKey, a.secretAccessKey, 'two homes differ');
  });

  test('no endpoint configured: none, so s3:// is the local server', () => {
    assert.equal(configuredS3Endpoint({}), undefined);
    assert.equal(configuredS3Endpoint({ region: 'eu-west-1' }), undefined);
  });

  test('a configured endpoint keeps its region and path style and carries no credentials', () => {
    assert.deepEqual(configuredS3Endpoint({ endpoint: 'http://minio:9000', region: 'eu-west-1', forcePathStyle: true }), {
      endpoint: 'http://minio:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: undefined,
      local: false,
    });
  });

  test('the local server: path style, the credentials given, us-east-1 unless configured', () => {
    assert.deepEqual(localS3Endpoint('http://127.0.0.1:4600', OPEN_S3_CREDENTIALS), {
      endpoint: 'http://127.0.0.1:4600',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: OPEN_S3_CREDENTIALS,
      local: true,
    });
    assert.equal(localS3Endpoint('http://127.0.0.1:4600', OPEN_S3_CREDENTIALS, 'eu-west-1').region, 'eu-west-1');
  });

  test('step variables: endpoint, region and credentials for the local server', () => {
    assert.deepEqual(s3StepEnv(localS3Endpoint('http://127.0.0.1:4601', OPEN_S3_CREDENTIALS)), {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4601',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4601',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'godwit',
      AWS_SECRET_ACCESS_KEY: 'godwit-local',
    });
  });

  test('step variables for a configured endpoint invent no credentials and leave other services alone', () => {
    const env = s3StepEnv(configuredS3Endpoint({ endpoint: 'https://s3.eu-west-1.amazonaws.com', region: 'eu-west-1' })!);
    assert.deepEqual(env, { AWS_ENDPOINT_URL_S3: 'https://s3.eu-west-1.amazonaws.com', AWS_REGION: 'eu-west-1' });
  });

  test('ensureS3Endpoint with a configured endpoint starts no server', async () => {
    const home = godwitHome(scratchDir('godwit-s3-endpoint-'));
    const said: string[] = [];
    const s3 = await ensureS3Endpoint(
      home,
      { stderr: { write: (t: string) => said.push(t) }, env: {} },
      { s3: { endpoint: 'http://minio:9000' }, server: { port: 1 } },
    );
    assert.equal(s3.endpoint, 'http://minio:9000');
    assert.deepEqual(said, []);
    assert.equal(s3Folder(home), `${home.root}/s3`);
  });

  test('with none configured, ensureS3Endpoint starts the home server detached, whose S3 keeps buckets in <home>/s3', async () => {
    const home = godwitHome(join(scratchDir('godwit-s3-detached-'), 'home'));
    const said: string[] = [];
    const io = { stderr: { write: (t: string) => said.push(t) }, env: { PATH: process.env.PATH } };
    try {
      const s3 = await ensureS3Endpoint(home, io, { s3: {}, server: { port: await freePort() } });
      assert.equal(s3.local, true);
      assert.match(said.join(''), /Started a Godwit server for .* at http:\/\/127\.0\.0\.1:\d+/);
      const client = new S3Client({
        endpoint: s3.endpoint,
        region: s3.region,
        forcePathStyle: true,
        credentials: s3.credentials,
      });
      await client.send(new CreateBucketCommand({ Bucket: 'made-by-test' }));
      client.destroy();
      assert.ok(existsSync(join(s3Folder(home), 'made-by-test')));
      const again = await ensureS3Endpoint(home, io, { s3: {}, server: { port: 1 } });
      assert.equal(again.endpoint, s3.endpoint, 'the running server is reused');
    } finally {
      await stopServer(home);
    }
  });
});
