import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { godwitHome } from '../../src/core/home.js';
import { digestObjectInput, stageObjectInput } from '../../src/runtime/object-input.js';
import { localS3Endpoint } from '../../src/server/aws/s3/s3-endpoint.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { cli } from '../cli/capture.js';
import { OPEN_S3_CREDENTIALS } from '../helpers/open-s3.js';
import { scratchDir } from '../helpers/scratch.js';

const root = join(import.meta.dirname, '..', '..');
const ABALONE = join(root, 'examples/abalone/pipeline.ts');

// A literal s3:// input (here the abalone example's `input_data` parameter) is downloaded through
// the S3 store from the home's own S3 server, which a boto3 script or the SDK also writes to.
describe('steps read literal s3:// inputs through the stores', () => {
  const dir = scratchDir('godwit-s3-input-');
  const home = join(dir, 'home');
  let server: RunningServer;
  before(async () => {
    server = await startServer(godwitHome(home), { host: '127.0.0.1', port: 0, log: () => undefined });
    const s3 = new S3Client({
      endpoint: server.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: OPEN_S3_CREDENTIALS,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'raw' }));
    const csv = readFileSync(join(root, 'examples/abalone/data/abalone.csv'));
    // Uploaded by the raw SDK: no recorded SHA-256, as for any object another tool wrote.
    await s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'abalone/abalone.csv', Body: csv }));
    s3.destroy();
  });
  after(async () => server?.stop());

  const run = (input: string) =>
    cli(['run', ABALONE, '--param', `input_data=${input}`, '--json'], { GODWIT_HOME: home, PATH: process.env.PATH }, dir);

  test('the abalone example runs on s3://raw/abalone/abalone.csv and its run record shows that URI', async () => {
    const r = await run('s3://raw/abalone/abalone.csv');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const report = JSON.parse(r.stdout);
    assert.equal(report.status, 'succeeded');
    assert.equal(report.parameters.input_data, 's3://raw/abalone/abalone.csv');
    const shown = await cli(['runs', 'show', report.id], { GODWIT_HOME: home }, dir);
    assert.match(shown.stdout, /s3:\/\/raw\/abalone\/abalone\.csv/);
  });

  test('a missing key fails the run naming the URI, and is E_INPUT_MISSING', async () => {
    const r = await run('s3://raw/abalone/no-such.csv');
    assert.notEqual(r.code, 0);
    assert.match(JSON.parse(r.stdout).error, /input "raw": s3:\/\/raw\/abalone\/no-such\.csv does not exist/);
    await assert.rejects(stageObjectInput('s3://raw/abalone/no-such.csv', join(dir, 'missing'), 'input "raw"', options()), {
      code: 'E_INPUT_MISSING',
      message: /s3:\/\/raw\/abalone\/no-such\.csv/,
    });
  });

  test('as in SageMaker, a key naming one object fetches that file and a prefix fetches what is under it', async () => {
    const one = join(dir, 'one');
    await stageObjectInput('s3://raw/abalone/abalone.csv', one, 'input', options());
    assert.deepEqual(readdirSync(one), ['abalone.csv']);
    const all = join(dir, 'all');
    await stageObjectInput('s3://raw/abalone', all, 'input', options());
    assert.deepEqual(readdirSync(all), ['abalone.csv']);
    const csv = readFileSync(join(root, 'examples/abalone/data/abalone.csv'));
    assert.ok(readFileSync(join(all, 'abalone.csv')).equals(csv));
  });

  test('the cache key of an s3:// input follows the object it names', async () => {
    const s3 = new S3Client({
      endpoint: server.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: OPEN_S3_CREDENTIALS,
    });
    await s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'cache/x.csv', Body: 'a\n1\n' }));
    const first = await digestObjectInput('s3://raw/cache/x.csv', options());
    assert.equal(await digestObjectInput('s3://raw/cache/x.csv', options()), first);
    await s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'cache/x.csv', Body: 'a\n2\n' }));
    assert.notEqual(await digestObjectInput('s3://raw/cache/x.csv', options()), first);
    assert.equal(await digestObjectInput('s3://raw/cache/none.csv', options()), 'missing');
    s3.destroy();
  });

  /** Store options for the home's server, as `godwit run` makes them. */
  function options() {
    const s3 = localS3Endpoint(server.url, OPEN_S3_CREDENTIALS);
    return {
      s3: { endpoint: s3.endpoint, region: s3.region, forcePathStyle: s3.forcePathStyle },
      env: { AWS_ACCESS_KEY_ID: OPEN_S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: OPEN_S3_CREDENTIALS.secretAccessKey },
    };
  }
});
