/**
 * The S3 door's object-store enforcement, driven with the unmodified `@aws-sdk/client-s3` signed
 * with principals' access keys: after IAM, objects under registered locations need SELECT on a
 * table over them (reads, listings, a copy's source) or DATA_LOCATION_ACCESS (writes, deletes,
 * multipart uploads); refusals are S3's AccessDenied (403) and change nothing; every decision is
 * in the access log.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { systemClock } from '../../../src/core/clock.js';
import { type GodwitHome, godwitHome } from '../../../src/core/home.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { localS3Credentials } from '../../../src/server/aws/s3/s3-endpoint.js';
import { objectAccesses } from '../../../src/server/aws/s3/s3-object-access.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { refusal } from '../../helpers/sdk-refusal.js';

const region = 'us-east-1';
const S3_EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } as const;
const OPEN_READ = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::open/*' },
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::open' },
  ],
} as const;

describe('the S3 door checks objects under registered locations for a principal', () => {
  let home: GodwitHome;
  let metadata: Metadata;
  let server: RunningServer;
  let local: S3Client;
  let ana: S3Client;
  let bob: S3Client;
  const ARN = (n: string) => `arn:aws:iam::000000000000:user/${n}`;
  const exists = async (Bucket: string, Key: string) =>
    (await refusal(local.send(new HeadObjectCommand({ Bucket, Key })))) === 'no error';
  const text = async (client: S3Client, Bucket: string, Key: string) =>
    (await client.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString();

  before(async () => {
    home = godwitHome(join(scratchDir('godwit-s3-lf-'), 'home'));
    metadata = await openMetadata(home, systemClock, {});
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      new S3Client({ endpoint: server.url, region, forcePathStyle: true, credentials, maxAttempts: 1 });
    await metadata.principals.create({ name: 'ana', kind: 'user', policies: [S3_EVERYTHING] });
    await metadata.principals.create({ name: 'bob', kind: 'user', policies: [OPEN_READ] });
    ana = client(await metadata.principals.createAccessKey('ana'));
    bob = client(await metadata.principals.createAccessKey('bob'));
    // Godwit's own key, from loopback, is the local user: it lays out the buckets.
    local = client(await localS3Credentials(home.root));
    for (const Bucket of ['lake', 'open']) await local.send(new CreateBucketCommand({ Bucket }));
    const put = (Bucket: string, Key: string, Body: string) => local.send(new PutObjectCommand({ Bucket, Key, Body }));
    await put('lake', 'sales/part-0.csv', 'id\n1\n');
    await put('lake', 'sales/2026/part-1.csv', 'id\n2\n');
    await put('lake', 'hr/people.csv', 'id\n3\n');
    await put('lake', 'raw/in.csv', 'in\n');
    await put('open', 'a.txt', 'open');

    await metadata.catalog.registerLocation('arn:aws:s3:::lake');
    const columns = [{ name: 'id', type: 'INTEGER' }];
    for (const name of ['sales', 'hr'])
      await metadata.catalog.createTable({
        database: 'lake',
        name,
        columns,
        location: { uri: `s3://lake/${name}/`, format: 'csv' },
      });
    const grant = (Resource: object, Permissions: string[]) =>
      metadata.catalog.grant(
        {
          Principal: { DataLakePrincipalIdentifier: ARN('ana') },
          Resource,
          Permissions: Permissions as never,
          PermissionsWithGrantOption: [],
        },
        'admin',
      );
    await grant({ Table: { DatabaseName: 'lake', Name: 'sales' } }, ['SELECT']);
    await grant({ DataLocation: { ResourceArn: 'arn:aws:s3:::lake/raw' } }, ['DATA_LOCATION_ACCESS']);
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  test('reads and listings by SELECT on a table over the objects, at any depth', async () => {
    assert.equal(await text(ana, 'lake', 'sales/part-0.csv'), 'id\n1\n');
    assert.equal(await text(ana, 'lake', 'sales/2026/part-1.csv'), 'id\n2\n');
    assert.equal(await refusal(ana.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'sales/part-0.csv' }))), 'no error');
    assert.equal(await refusal(ana.send(new GetObjectCommand({ Bucket: 'lake', Key: 'hr/people.csv' }))), 'AccessDenied 403');
    assert.equal(await refusal(ana.send(new GetObjectCommand({ Bucket: 'lake', Key: 'raw/in.csv' }))), 'AccessDenied 403');
    const listed = await ana.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'sales/' }));
    assert.deepEqual(
      listed.Contents?.map((o) => o.Key),
      ['sales/2026/part-1.csv', 'sales/part-0.csv'],
    );
    assert.equal(await refusal(ana.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'hr/' }))), 'AccessDenied 403');
    assert.equal(await refusal(ana.send(new ListObjectsCommand({ Bucket: 'lake', Prefix: 'hr/' }))), 'AccessDenied 403');
    assert.equal(await refusal(ana.send(new ListObjectsV2Command({ Bucket: 'lake' }))), 'AccessDenied 403');
  });

  test('writes, deletes, copies and multipart uploads by DATA_LOCATION_ACCESS; refused, nothing changes', async () => {
    await ana.send(new PutObjectCommand({ Bucket: 'lake', Key: 'raw/deep/new.csv', Body: 'new' }));
    assert.equal(await text(local, 'lake', 'raw/deep/new.csv'), 'new');
    assert.equal(
      await refusal(ana.send(new PutObjectCommand({ Bucket: 'lake', Key: 'sales/part-0.csv', Body: 'overwritten' }))),
      'AccessDenied 403',
    );
    assert.equal(await text(local, 'lake', 'sales/part-0.csv'), 'id\n1\n', 'not overwritten');
    assert.equal(
      await refusal(ana.send(new DeleteObjectCommand({ Bucket: 'lake', Key: 'sales/part-0.csv' }))),
      'AccessDenied 403',
    );
    assert.ok(await exists('lake', 'sales/part-0.csv'), 'not deleted');
    // DeleteObjects names its keys in the body: it needs DATA_LOCATION_ACCESS over every location in the bucket.
    assert.equal(
      await refusal(
        ana.send(
          new DeleteObjectsCommand({ Bucket: 'lake', Delete: { Objects: [{ Key: 'raw/in.csv' }, { Key: 'sales/part-0.csv' }] } }),
        ),
      ),
      'AccessDenied 403',
    );
    assert.ok((await exists('lake', 'raw/in.csv')) && (await exists('lake', 'sales/part-0.csv')));
    await ana.send(new DeleteObjectCommand({ Bucket: 'lake', Key: 'raw/deep/new.csv' }));
    assert.equal(await exists('lake', 'raw/deep/new.csv'), false);

    // CopyObject reads its source and writes its destination.
    await ana.send(new CopyObjectCommand({ Bucket: 'lake', Key: 'raw/copy.csv', CopySource: 'lake/sales/part-0.csv' }));
    assert.equal(await text(local, 'lake', 'raw/copy.csv'), 'id\n1\n');
    assert.equal(
      await refusal(ana.send(new CopyObjectCommand({ Bucket: 'lake', Key: 'raw/hr.csv', CopySource: 'lake/hr/people.csv' }))),
      'AccessDenied 403',
    );
    assert.equal(await exists('lake', 'raw/hr.csv'), false);
    assert.equal(
      await refusal(ana.send(new CopyObjectCommand({ Bucket: 'lake', Key: 'sales/copy.csv', CopySource: 'lake/raw/in.csv' }))),
      'AccessDenied 403',
    );
    assert.equal(await exists('lake', 'sales/copy.csv'), false);

    // Multipart: each call is a write of the object.
    assert.equal(
      await refusal(ana.send(new CreateMultipartUploadCommand({ Bucket: 'lake', Key: 'sales/big.csv' }))),
      'AccessDenied 403',
    );
    const { UploadId } = await ana.send(new CreateMultipartUploadCommand({ Bucket: 'lake', Key: 'raw/big.csv' }));
    const part = await ana.send(
      new UploadPartCommand({ Bucket: 'lake', Key: 'raw/big.csv', UploadId, PartNumber: 1, Body: 'one part' }),
    );
    await ana.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'lake',
        Key: 'raw/big.csv',
        UploadId,
        MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] },
      }),
    );
    assert.equal(await text(local, 'lake', 'raw/big.csv'), 'one part');
  });

  test('outside every registered location IAM decides alone; the access log holds every decision', async () => {
    assert.equal(await text(bob, 'open', 'a.txt'), 'open');
    assert.deepEqual(
      (await bob.send(new ListObjectsV2Command({ Bucket: 'open' }))).Contents?.map((o) => o.Key),
      ['a.txt'],
    );
    assert.equal(await refusal(bob.send(new PutObjectCommand({ Bucket: 'open', Key: 'b.txt', Body: 'x' }))), 'AccessDenied 403');
    assert.equal(await exists('open', 'b.txt'), false);
    assert.equal(await refusal(bob.send(new GetObjectCommand({ Bucket: 'lake', Key: 'sales/part-0.csv' }))), 'AccessDenied 403');
    await ana.send(new PutObjectCommand({ Bucket: 'open', Key: 'by-ana.txt', Body: 'x' }));

    await server.stop(); // flushes the IAM decisions' batch
    const log = await metadata.accessLog.list({ limit: 1000 });
    const has = (who: string, action: string, resource: string, decision: string) =>
      log.some(
        (d) =>
          d.principal === ARN(who) && d.action === action && d.resource === resource && d.decision === decision && d.via === 's3',
      );
    assert.ok(has('ana', 'lakeformation:SELECT', 's3://lake/sales/part-0.csv', 'allowed'));
    assert.ok(has('ana', 'lakeformation:SELECT', 's3://lake/hr/people.csv', 'denied'));
    assert.ok(has('ana', 'lakeformation:SELECT', 's3://lake/hr/', 'denied'));
    assert.ok(has('ana', 'lakeformation:DATA_LOCATION_ACCESS', 's3://lake/raw/deep/new.csv', 'allowed'));
    assert.ok(has('ana', 'lakeformation:DATA_LOCATION_ACCESS', 's3://lake/sales/part-0.csv', 'denied'));
    assert.ok(has('ana', 'lakeformation:DATA_LOCATION_ACCESS', 's3://lake/sales/big.csv', 'denied'));
    assert.ok(has('bob', 's3:GetObject', 'arn:aws:s3:::open/a.txt', 'allowed'));
    assert.ok(has('bob', 's3:PutObject', 'arn:aws:s3:::open/b.txt', 'denied'));
    assert.ok(has('bob', 's3:GetObject', 'arn:aws:s3:::lake/sales/part-0.csv', 'denied'));
    assert.ok(!log.some((d) => d.resource === 's3://open/by-ana.txt'), 'outside registered locations, only IAM is logged');
    assert.ok(!log.some((d) => d.principal.startsWith('local:')));
  });
});

test('what each S3 operation touches, as the door asks it', () => {
  const req = (path: string, query = '', headers: Record<string, string> = {}) => ({
    path,
    query: new URLSearchParams(query),
    headers,
  });
  assert.deepEqual(objectAccesses('GetObject', req('/lake/sales/a%20b.csv')), [
    { action: 'read', uri: 's3://lake/sales/a b.csv' },
  ]);
  assert.deepEqual(objectAccesses('GetObjectTagging', req('/lake/k', 'tagging')), [{ action: 'read', uri: 's3://lake/k' }]);
  assert.deepEqual(objectAccesses('UploadPart', req('/lake/k', 'partNumber=1&uploadId=u')), [
    { action: 'write', uri: 's3://lake/k' },
  ]);
  assert.deepEqual(
    objectAccesses('CopyObject', req('/lake/raw/c', '', { 'x-amz-copy-source': '/lake/sales/x%2By.csv?versionId=1' })),
    [
      { action: 'write', uri: 's3://lake/raw/c' },
      { action: 'read', uri: 's3://lake/sales/x+y.csv' },
    ],
  );
  assert.deepEqual(objectAccesses('DeleteObject', req('/lake/k')), [{ action: 'delete', uri: 's3://lake/k' }]);
  assert.deepEqual(objectAccesses('ListObjectsV2', req('/lake', 'list-type=2&prefix=sales/')), [
    { action: 'list', uri: 's3://lake/sales/' },
  ]);
  assert.deepEqual(objectAccesses('GET ?versions', req('/lake', 'versions')), [{ action: 'list', uri: 's3://lake' }]);
  assert.deepEqual(objectAccesses('ListBuckets', req('/')), []);
  assert.deepEqual(objectAccesses('CreateBucket', req('/lake')), []);
});
