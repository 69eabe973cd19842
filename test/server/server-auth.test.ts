import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import { systemClock } from '../../src/core/clock.js';
import { type GodwitHome, godwitHome } from '../../src/core/home.js';
import { openDatabase } from '../../src/db/open-database.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { NodeSha256 } from '../../src/server/auth/sigv4-verify.js';
import { localS3Credentials } from '../../src/server/aws/s3/s3-endpoint.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { OPEN_S3_CREDENTIALS } from '../helpers/open-s3.js';
import { scratchDir } from '../helpers/scratch.js';

/** Authentication is what these tests are about: their principals may do anything (docs/governance.md, "Audit and policies"). */
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } as const;

const region = 'us-east-1';

/** What the S3 presigner does: UNSIGNED-PAYLOAD, neither signed nor hoisted, `host` the only signed header. */
async function presignGet(
  base: string,
  key: { accessKeyId: string; secretAccessKey: string },
  path: string,
  options: { date?: Date; expiresIn?: number } = {},
) {
  const url = new URL(base);
  const signer = new SignatureV4({ credentials: key, region, service: 's3', sha256: NodeSha256, uriEscapePath: false });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query: {},
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    {
      expiresIn: options.expiresIn ?? 300,
      signingDate: options.date,
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
    },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, '%20');
  return `${base}${path}?${query}`;
}

const errorName = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return (err as Error).name;
  }
};

describe('the server with principals: SigV4 for AWS doors, bearer tokens for the REST API', () => {
  let home: GodwitHome;
  let metadata: Metadata;
  let server: RunningServer;
  let key: { accessKeyId: string; secretAccessKey: string };
  let token: string;
  const lines: string[] = [];

  before(async () => {
    home = godwitHome(join(scratchDir('godwit-auth-'), 'home'));
    metadata = await openMetadata(home, systemClock, {});
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: (l) => lines.push(l) });
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  test('with no principals nothing is checked: any key, no token', async () => {
    const sm = new SageMakerClient({
      endpoint: server.url,
      region,
      credentials: { accessKeyId: 'ANY', secretAccessKey: 'thing' },
    });
    await sm.send(new ListEndpointsCommand({}));
    assert.equal((await fetch(`${server.url}/api/v1/runs`)).status, 200);
  });

  test('once a principal exists, official SDK clients with its key work', async () => {
    await metadata.principals.create({ name: 'ana', kind: 'user', policies: [EVERYTHING] });
    key = await metadata.principals.createAccessKey('ana');
    token = (await metadata.principals.createToken('ana')).token;
    const sm = new SageMakerClient({ endpoint: server.url, region, credentials: key });
    assert.ok(Array.isArray((await sm.send(new ListEndpointsCommand({}))).Endpoints));
    const sfn = new SFNClient({ endpoint: server.url, region: 'eu-west-1', credentials: key });
    assert.ok(Array.isArray((await sfn.send(new ListStateMachinesCommand({}))).stateMachines));
    const s3 = new S3Client({ endpoint: server.url, region, forcePathStyle: true, credentials: key });
    await s3.send(new CreateBucketCommand({ Bucket: 'secured' }));
    await s3.send(new PutObjectCommand({ Bucket: 'secured', Key: 'dir/a b.txt', Body: 'signed body' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'secured', Key: 'dir/a b.txt' }));
    assert.equal(await got.Body?.transformToString(), 'signed body');
    // Passing authentication, InvokeEndpoint reaches the runtime, which knows no such endpoint.
    const rt = new SageMakerRuntimeClient({ endpoint: server.url, region, credentials: key });
    assert.equal(
      await errorName(rt.send(new InvokeEndpointCommand({ EndpointName: 'none', Body: Buffer.from('1') }))),
      'ValidationError',
    );
  });

  test('a wrong secret, an unknown key and no signature get AWS error names', async () => {
    // The secret with its last character changed (a secret already ending in x got x: the same secret).
    const last = key.secretAccessKey.endsWith('x') ? 'y' : 'x';
    const wrong = { accessKeyId: key.accessKeyId, secretAccessKey: `${key.secretAccessKey.slice(0, -1)}${last}` };
    const unknown = { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40) };
    const sm = (c: typeof key) => new SageMakerClient({ endpoint: server.url, region, credentials: c, maxAttempts: 1 });
    assert.equal(await errorName(sm(wrong).send(new ListEndpointsCommand({}))), 'InvalidSignatureException');
    assert.equal(await errorName(sm(unknown).send(new ListEndpointsCommand({}))), 'UnrecognizedClientException');
    const rt = new SageMakerRuntimeClient({ endpoint: server.url, region, credentials: unknown, maxAttempts: 1 });
    assert.equal(
      await errorName(rt.send(new InvokeEndpointCommand({ EndpointName: 'none', Body: Buffer.from('1') }))),
      'UnrecognizedClientException',
    );
    const sfn = new SFNClient({ endpoint: server.url, region, credentials: wrong, maxAttempts: 1 });
    assert.equal(await errorName(sfn.send(new ListStateMachinesCommand({}))), 'InvalidSignatureException');
    const s3 = (c: typeof key) =>
      new S3Client({ endpoint: server.url, region, forcePathStyle: true, credentials: c, maxAttempts: 1 });
    assert.equal(
      await errorName(s3(wrong).send(new GetObjectCommand({ Bucket: 'secured', Key: 'dir/a b.txt' }))),
      'SignatureDoesNotMatch',
    );
    assert.equal(
      await errorName(s3(unknown).send(new PutObjectCommand({ Bucket: 'secured', Key: 'x', Body: 'no' }))),
      'InvalidAccessKeyId',
    );
    const unsigned = await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'SageMaker.ListEndpoints', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    assert.equal(unsigned.status, 403);
    assert.equal(((await unsigned.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException');
  });

  test('a signature dated more than 15 minutes off is refused', async () => {
    const url = new URL(server.url);
    const signer = new SignatureV4({ credentials: key, region, service: 'sagemaker', sha256: NodeSha256 });
    const body = '{}';
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: {},
        body,
        headers: { host: url.host, 'x-amz-target': 'SageMaker.ListEndpoints', 'content-type': 'application/x-amz-json-1.1' },
      },
      { signingDate: new Date(Date.now() - 20 * 60_000) },
    );
    const res = await fetch(server.url, { method: 'POST', headers: signed.headers, body });
    assert.equal(res.status, 403);
    const answer = (await res.json()) as { __type: string; message: string };
    assert.equal(answer.__type, 'InvalidSignatureException');
    assert.match(answer.message, /Signature expired/);
  });

  test('a presigned S3 URL works; tampered or expired it is refused', async () => {
    const url = await presignGet(server.url, key, '/secured/dir/a%20b.txt');
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'signed body');
    const tampered = await fetch(url.replace('a%20b.txt', 'other.txt'));
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    const sig = /X-Amz-Signature=([0-9a-f]{64})/.exec(url)?.[1] as string;
    const flipped = await fetch(url.replace(sig, `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`));
    assert.equal(flipped.status, 403);
    const old = await presignGet(server.url, key, '/secured/dir/a%20b.txt', {
      date: new Date(Date.now() - 3600_000),
      expiresIn: 60,
    });
    const expired = await fetch(old);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired/);
  });

  test("Godwit's own processes on this machine still reach S3 with the home's local key; the old fixed secret is refused", async () => {
    const local = await localS3Credentials(home.root);
    assert.equal(local.accessKeyId, 'godwit');
    const s3 = new S3Client({ endpoint: server.url, region, forcePathStyle: true, credentials: local });
    const got = await s3.send(new GetObjectCommand({ Bucket: 'secured', Key: 'dir/a b.txt' }));
    assert.equal(await got.Body?.transformToString(), 'signed body');
    // What every home used to share (`godwit`/`godwit-local`, shipped in Godwit's source): no longer a key here.
    const old = new S3Client({
      endpoint: server.url,
      region,
      forcePathStyle: true,
      credentials: OPEN_S3_CREDENTIALS,
      maxAttempts: 1,
    });
    assert.equal(
      await errorName(old.send(new GetObjectCommand({ Bucket: 'secured', Key: 'dir/a b.txt' }))),
      'SignatureDoesNotMatch',
    );
  });

  test('the REST API needs a bearer token or the session cookie', async () => {
    const bare = await fetch(`${server.url}/api/v1/runs`);
    assert.equal(bare.status, 401);
    assert.equal(((await bare.json()) as { error: { code: string } }).error.code, 'E_UNAUTHENTICATED');
    const bad = await fetch(`${server.url}/api/v1/runs`, {
      headers: { authorization: 'Bearer gw_notavalidtokennotavalidtoken0000' },
    });
    assert.equal(bad.status, 401);
    assert.equal((await fetch(`${server.url}/api/v1/runs`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    const signIn = await fetch(`${server.url}/api/session`, { method: 'POST', body: JSON.stringify({ token }) });
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^godwit_session=gw_\w+; HttpOnly; SameSite=Strict; Path=\//);
    const withCookie = await fetch(`${server.url}/api/v1/runs`, { headers: { cookie: cookie.split(';')[0] } });
    assert.equal(withCookie.status, 200);
    const whoami = (await (await fetch(`${server.url}/api/session`, { headers: { cookie: cookie.split(';')[0] } })).json()) as {
      caller: { arn: string };
    };
    assert.equal(whoami.caller.arn, 'arn:aws:iam::000000000000:user/ana');
    assert.equal((await fetch(`${server.url}/api/session`, { method: 'POST', body: '{"token":"gw_nope"}' })).status, 401);
    const signOut = await fetch(`${server.url}/api/session`, { method: 'DELETE' });
    assert.match(signOut.headers.get('set-cookie') ?? '', /^godwit_session=; .*Max-Age=0/);
    // Vertex AI's :predict is Godwit's own door: a bearer token, refused in Google's shape.
    const predict = `${server.url}/v1/projects/p/locations/us-central1/endpoints/none:predict`;
    const vertex = await fetch(predict, { method: 'POST', body: '{"instances": []}' });
    assert.equal(vertex.status, 401);
    assert.equal(((await vertex.json()) as { error: { status: string } }).error.status, 'UNAUTHENTICATED');
    const signedIn = await fetch(predict, {
      method: 'POST',
      body: '{"instances": []}',
      headers: { authorization: `Bearer ${token}` },
    });
    // With the token the door itself answers (it refuses an empty instance list).
    assert.equal(signedIn.status, 400);
    assert.equal(((await signedIn.json()) as { error: { status: string } }).error.status, 'INVALID_ARGUMENT');
  });

  test('deleting the principal ends its key and token at once', async () => {
    await metadata.principals.create({ name: 'keeper', kind: 'user' });
    await metadata.principals.delete('ana');
    const sm = new SageMakerClient({ endpoint: server.url, region, credentials: key, maxAttempts: 1 });
    assert.equal(await errorName(sm.send(new ListEndpointsCommand({}))), 'UnrecognizedClientException');
    assert.equal((await fetch(`${server.url}/api/v1/runs`, { headers: { authorization: `Bearer ${token}` } })).status, 401);
  });

  test('no credential reaches the access log', () => {
    const log = lines.join('\n');
    for (const secret of [key.secretAccessKey, key.accessKeyId, token, 'X-Amz-Signature'])
      assert.ok(!log.includes(secret), `the log holds ${secret}`);
    assert.match(log, / 403 POST \/ sagemaker Authenticate /);
  });
});

describe('binding beyond loopback', () => {
  test('is refused without credentials, allowed with them, and then every request needs them', async () => {
    const home = godwitHome(join(scratchDir('godwit-auth-'), 'home'));
    const metadata = await openMetadata(home, systemClock, {});
    after(() => metadata.close());
    await assert.rejects(startServer(home, { host: '0.0.0.0', port: 0, log: () => {} }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_SERVER_HOST_REFUSED');
      assert.match(err.message, /no principal with an access key or a token/);
      return true;
    });
    await metadata.principals.create({ name: 'remote', kind: 'user', policies: [EVERYTHING] });
    await assert.rejects(startServer(home, { host: '0.0.0.0', port: 0, log: () => {} }), /no principal with an access key/);
    const key = await metadata.principals.createAccessKey('remote');
    const server = await startServer(home, { host: '0.0.0.0', port: 0, log: () => {} });
    after(() => server.stop());
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    const url = `http://${lan ?? '127.0.0.1'}:${server.port}`;
    const sm = new SageMakerClient({ endpoint: url, region, credentials: key });
    assert.ok(Array.isArray((await sm.send(new ListEndpointsCommand({}))).Endpoints));
    assert.equal((await fetch(`${url}/api/v1/runs`)).status, 401);
    if (lan) {
      // From another address the home's local key is nobody's.
      const s3 = new S3Client({ endpoint: url, region, forcePathStyle: true, credentials: OPEN_S3_CREDENTIALS, maxAttempts: 1 });
      assert.equal(await errorName(s3.send(new CreateBucketCommand({ Bucket: 'nope' }))), 'InvalidAccessKeyId');
    }
    // With every principal gone, a server bound beyond loopback refuses everything rather than opening up.
    await metadata.principals.delete('remote');
    const open = new SageMakerClient({
      endpoint: url,
      region,
      credentials: { accessKeyId: 'ANY', secretAccessKey: 'thing' },
      maxAttempts: 1,
    });
    assert.equal(await errorName(open.send(new ListEndpointsCommand({}))), 'UnrecognizedClientException');
  });
});

describe('a principal made by another process', () => {
  test('takes effect within a second, without a restart', async () => {
    const home = godwitHome(join(scratchDir('godwit-auth-'), 'home'));
    const server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    after(() => server.stop());
    assert.equal((await fetch(`${server.url}/api/v1/runs`)).status, 200);
    // Written straight into the table, as `godwit principals create` in another process would: this process's store never hears of it.
    const db = await openDatabase({ file: home.metadataFile });
    after(() => db.close());
    await db.run(
      "INSERT INTO principals (name, kind, arn, policies, created_at) VALUES ('elsewhere', 'user', 'arn:aws:iam::000000000000:user/elsewhere', '[]', ?)",
      [new Date().toISOString()],
    );
    const deadline = Date.now() + 1500;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await fetch(`${server.url}/api/v1/runs`)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 401, 'the REST API still answered without a token 1.5 s later');
  });
});
