/**
 * A run's session key (src/governance/principals/run-sessions.ts), driven with the unmodified
 * `@aws-sdk/client-s3`: a step's own process of a run acting as a principal signs with it and is
 * that principal at the S3 door, for as long as the run runs; the executor hands it to the
 * steps in place of the home's local key.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { systemClock } from '../../../src/core/clock.js';
import { type GodwitHome, godwitHome } from '../../../src/core/home.js';
import { RUN_SESSION_PREFIX, runSessionCredentials } from '../../../src/governance/principals/run-sessions.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { sessionEnv } from '../../../src/runtime/run-stores.js';
import type { RunInfo } from '../../../src/runtime/step-context.js';
import { localS3Credentials } from '../../../src/server/aws/s3/s3-endpoint.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { refusal } from '../../helpers/sdk-refusal.js';

const region = 'us-east-1';
const OPEN_READ = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::open/*' }],
} as const;

describe("a run's session key at the S3 door", () => {
  let home: GodwitHome;
  let metadata: Metadata;
  let server: RunningServer;
  const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
    new S3Client({ endpoint: server.url, region, forcePathStyle: true, credentials, maxAttempts: 1 });
  const read = async (c: S3Client, Bucket: string, Key: string) =>
    (await c.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString();

  async function startedRun(id: string, startedBy: string): Promise<void> {
    await metadata.store.createRun({
      id,
      pipeline: 'p',
      ir: { name: 'p', steps: [] } as never,
      parameters: {},
      baseDir: home.root,
      runDir: join(home.root, 'runs', id),
      startedAt: new Date(),
      pid: process.pid,
      host: hostname(),
      startedBy,
    });
  }

  before(async () => {
    home = godwitHome(join(scratchDir('godwit-run-sessions-'), 'home'));
    metadata = await openMetadata(home, systemClock, {});
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const bob = await metadata.principals.create({ name: 'bob', kind: 'user', policies: [OPEN_READ] });
    const local = client(await localS3Credentials(home.root));
    for (const Bucket of ['open', 'closed']) {
      await local.send(new CreateBucketCommand({ Bucket }));
      await local.send(new PutObjectCommand({ Bucket, Key: 'a.csv', Body: `${Bucket}\n` }));
    }
    await startedRun('run-20261206-230000-b0b0b0', bob.arn);
    await startedRun('run-20261206-230000-10ca10', 'someone');
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  test("while the run runs, its session key is the run's principal: what bob's policies allow, nothing more", async () => {
    const session = await runSessionCredentials(home.root, 'run-20261206-230000-b0b0b0');
    assert.equal(session.accessKeyId, `${RUN_SESSION_PREFIX}run-20261206-230000-b0b0b0`);
    const step = client(session);
    assert.equal(await read(step, 'open', 'a.csv'), 'open\n');
    assert.equal(await refusal(read(step, 'closed', 'a.csv')), 'AccessDenied 403');
    assert.equal(await refusal(step.send(new PutObjectCommand({ Bucket: 'open', Key: 'b.csv', Body: 'x' }))), 'AccessDenied 403');
  });

  test("a wrong secret, a run of the local user's, an unknown run: refused", async () => {
    const session = await runSessionCredentials(home.root, 'run-20261206-230000-b0b0b0');
    // The secret with its last character changed (one already ending in A must get another).
    const last = session.secretAccessKey.endsWith('A') ? 'B' : 'A';
    const forged = client({ ...session, secretAccessKey: `${session.secretAccessKey.slice(0, -1)}${last}` });
    assert.match(await refusal(read(forged, 'open', 'a.csv')), / 403$/);
    assert.notEqual(await refusal(read(forged, 'open', 'a.csv')), 'no error');
    const locals = client(await runSessionCredentials(home.root, 'run-20261206-230000-10ca10'));
    assert.match(await refusal(read(locals, 'open', 'a.csv')), / 403$/);
    const unknown = client(await runSessionCredentials(home.root, 'run-20261206-230000-ffffff'));
    assert.match(await refusal(read(unknown, 'open', 'a.csv')), / 403$/);
  });

  test('once the run has ended, its session key is refused', async () => {
    const id = 'run-20261206-230100-e0d0e0';
    await startedRun(id, (await metadata.principals.get('bob'))?.arn as string);
    const step = client(await runSessionCredentials(home.root, id));
    assert.equal(await read(step, 'open', 'a.csv'), 'open\n');
    await metadata.store.updateRun(id, { status: 'succeeded', endedAt: new Date() });
    assert.match(await refusal(read(step, 'open', 'a.csv')), / 403$/);
  });

  test("the executor hands a principal's steps the session key where they had the home's local key, and no other", async () => {
    const local = await localS3Credentials(home.root);
    const run = {
      id: 'run-20261206-230000-b0b0b0',
      hostEnv: {
        AWS_ACCESS_KEY_ID: local.accessKeyId,
        AWS_SECRET_ACCESS_KEY: local.secretAccessKey,
        AWS_SESSION_TOKEN: 't',
        PATH: '/bin',
      },
    } as unknown as RunInfo;
    const session = await runSessionCredentials(home.root, run.id);
    assert.deepEqual(await sessionEnv(run, home.root), {
      AWS_ACCESS_KEY_ID: session.accessKeyId,
      AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
      PATH: '/bin',
    });
    const own = { ...run, hostEnv: { AWS_ACCESS_KEY_ID: 'AKIAUSERSOWN', AWS_SECRET_ACCESS_KEY: 's' } } as RunInfo;
    assert.deepEqual(await sessionEnv(own, home.root), own.hostEnv);
  });
});
