/**
 * `godwit storage … --as P` and `godwit run --as P` on a home's offline gs:// buckets: the
 * principal's Lake Formation grants decide under registered locations and its IAM policies
 * elsewhere; a refusal is E_ACCESS_DENIED naming the URI and the permission, changes nothing, and
 * is in the access log with the allowed decisions.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { cli } from '../cli/capture.js';
import { scratchDir } from '../helpers/scratch.js';

const ARN = (n: string) => `arn:aws:iam::000000000000:user/${n}`;

const PIPELINE = `apiVersion: godwit/v1
kind: Pipeline
name: read-lake
parameters:
  - { name: data, type: string, default: gs://lake/sales/ }
steps:
  - name: count
    type: processing
    process:
      command: [node]
      code: count.mjs
      args: [--in, { kind: InputPath, name: raw }, --out, { kind: OutputPath, name: counted }]
    inputs:
      - { name: raw, source: { kind: Parameter, name: data } }
    outputs:
      - { name: counted, type: dataset }
    cache: { enabled: false }
`;

const COUNT = `import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [, , , input, , out] = process.argv;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'count.txt'), String(readdirSync(input, { recursive: true }).length));
`;

describe('godwit storage --as and godwit run --as on governed locations', () => {
  const dir = scratchDir('godwit-storage-as-');
  const env = { GODWIT_HOME: join(dir, 'home'), HOME: dir, XDG_CONFIG_HOME: dir, PATH: process.env.PATH ?? '' };
  const bucket = (b: string, key: string) => join(dir, 'home', 'gcs', b, key);
  const withMetadata = async <T>(use: (m: Metadata) => Promise<T>) => {
    const m = await openMetadata(godwitHome(env.GODWIT_HOME), systemClock, {});
    try {
      return await use(m);
    } finally {
      await m.close();
    }
  };

  before(async () => {
    await writeFile(join(dir, 'part.csv'), 'id\n1\n');
    await writeFile(join(dir, 'pipeline.yaml'), PIPELINE);
    await writeFile(join(dir, 'count.mjs'), COUNT);
    // The local user (no --as) lays out the buckets.
    for (const to of ['gs://lake/sales/part-0.csv', 'gs://lake/hr/people.csv', 'gs://open/a.csv']) {
      const up = await cli(['storage', 'cp', join(dir, 'part.csv'), to], env, dir);
      assert.equal(up.code, 0, up.stderr);
    }
    await withMetadata(async (m) => {
      await m.principals.create({
        name: 'ana',
        kind: 'user',
        policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'gs://open/*' }] }],
      });
      await m.catalog.registerLocation('gs://lake/');
      const columns = [{ name: 'id', type: 'INTEGER' }];
      for (const name of ['sales', 'hr'])
        await m.catalog.createTable({ database: 'lake', name, columns, location: { uri: `gs://lake/${name}/`, format: 'csv' } });
      const grant = (Resource: object, Permissions: string[]) =>
        m.catalog.grant(
          {
            Principal: { DataLakePrincipalIdentifier: ARN('ana') },
            Resource,
            Permissions: Permissions as never,
            PermissionsWithGrantOption: [],
          },
          'admin',
        );
      await grant({ Table: { DatabaseName: 'lake', Name: 'sales' } }, ['SELECT']);
      await grant({ DataLocation: { ResourceArn: 'gs://lake/raw/' } }, ['DATA_LOCATION_ACCESS']);
    });
  });

  test('storage ls, cp and rm as a principal: allowed and refused; refused changes nothing', async () => {
    const ls = await cli(['storage', 'ls', 'gs://lake/sales/', '--as', 'ana', '--json'], env, dir);
    assert.equal(ls.code, 0, ls.stderr);
    assert.deepEqual(
      JSON.parse(ls.stdout).objects.map((o: { uri: string }) => o.uri),
      ['gs://lake/sales/part-0.csv'],
    );
    const lsHr = await cli(['storage', 'ls', 'gs://lake/hr/', '--as', 'ana'], env, dir);
    assert.notEqual(lsHr.code, 0);
    assert.match(lsHr.stderr, /Listing gs:\/\/lake\/hr\/ needs SELECT on a table over it.*no SELECT on lake\.hr/s);

    const down = await cli(['storage', 'cp', 'gs://lake/sales/part-0.csv', join(dir, 'got.csv'), '--as', 'ana'], env, dir);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(await readFile(join(dir, 'got.csv'), 'utf8'), 'id\n1\n');
    const hr = await cli(['storage', 'cp', 'gs://lake/hr/people.csv', join(dir, 'hr.csv'), '--as', 'ana'], env, dir);
    assert.notEqual(hr.code, 0);
    assert.match(hr.stderr, /Reading gs:\/\/lake\/hr\/people\.csv needs SELECT/);
    assert.equal(existsSync(join(dir, 'hr.csv')), false);

    const up = await cli(['storage', 'cp', join(dir, 'part.csv'), 'gs://lake/raw/2026/in.csv', '--as', 'ana'], env, dir);
    assert.equal(up.code, 0, up.stderr);
    assert.ok(existsSync(bucket('lake', 'raw/2026/in.csv')));
    const over = await cli(['storage', 'cp', join(dir, 'part.csv'), 'gs://lake/sales/more.csv', '--as', 'ana'], env, dir);
    assert.notEqual(over.code, 0);
    assert.match(over.stderr, /Writing gs:\/\/lake\/sales\/more\.csv needs DATA_LOCATION_ACCESS on gs:\/\/lake/);
    assert.match(over.stderr, /godwit grant DATA_LOCATION_ACCESS --on location:gs:\/\/lake\/ --to user\/ana/);
    assert.equal(existsSync(bucket('lake', 'sales/more.csv')), false);
    const rm = await cli(['storage', 'rm', 'gs://lake/sales/', '--recursive', '--as', 'ana'], env, dir);
    assert.notEqual(rm.code, 0);
    assert.match(rm.stderr, /Deleting gs:\/\/lake\/sales\/part-0\.csv needs DATA_LOCATION_ACCESS/);
    assert.ok(existsSync(bucket('lake', 'sales/part-0.csv')), 'nothing deleted');

    // Outside every registered location: IAM policy.
    const open = await cli(['storage', 'cp', 'gs://open/a.csv', join(dir, 'open.csv'), '--as', 'ana'], env, dir);
    assert.equal(open.code, 0, open.stderr);
    const openUp = await cli(['storage', 'cp', join(dir, 'part.csv'), 'gs://open/b.csv', '--as', 'ana'], env, dir);
    assert.notEqual(openUp.code, 0);
    assert.match(openUp.stderr, /not authorized to perform: s3:PutObject on resource: gs:\/\/open\/b\.csv/);
    assert.equal(existsSync(bucket('open', 'b.csv')), false);
    const mb = await cli(['storage', 'mb', 's3://new-bucket', '--as', 'ana'], env, dir);
    assert.notEqual(mb.code, 0);
    assert.match(mb.stderr, /not authorized to perform: s3:CreateBucket on resource: arn:aws:s3:::new-bucket/);

    const ghost = await cli(['storage', 'ls', 'gs://open/', '--as', 'ghost'], env, dir);
    assert.notEqual(ghost.code, 0);
    assert.match(ghost.stderr, /There is no principal "ghost"/);

    const log = await withMetadata((m) => m.accessLog.list({ principal: 'ana', limit: 1000 }));
    const has = (action: string, resource: string, decision: string) =>
      log.some((d) => d.action === action && d.resource === resource && d.decision === decision && d.via === 'godwit storage');
    assert.ok(has('lakeformation:SELECT', 'gs://lake/sales/', 'allowed'));
    assert.ok(has('lakeformation:SELECT', 'gs://lake/sales/part-0.csv', 'allowed'));
    assert.ok(has('lakeformation:SELECT', 'gs://lake/hr/people.csv', 'denied'));
    assert.ok(has('lakeformation:DATA_LOCATION_ACCESS', 'gs://lake/raw/2026/in.csv', 'allowed'));
    assert.ok(has('lakeformation:DATA_LOCATION_ACCESS', 'gs://lake/sales/more.csv', 'denied'));
    assert.ok(has('s3:GetObject', 'gs://open/a.csv', 'allowed'));
    assert.ok(has('s3:PutObject', 'gs://open/b.csv', 'denied'));
    assert.ok(has('s3:CreateBucket', 'arn:aws:s3:::new-bucket', 'denied'));
  });

  test('a run as a principal reads its inputs as it: refused on a location it may not read, allowed where it may', async () => {
    const refused = await cli(
      ['run', join(dir, 'pipeline.yaml'), '--as', 'ana', '--param', 'data=gs://lake/hr/', '--json'],
      env,
      dir,
    );
    assert.notEqual(refused.code, 0, refused.stderr + refused.stdout);
    if (!refused.stdout) assert.fail(refused.stderr);
    const report = JSON.parse(refused.stdout);
    assert.equal(report.status, 'failed');
    assert.match(report.error, /Step "count" failed: (Reading|Listing) gs:\/\/lake\/hr\/.* needs SELECT on a table over it/);

    const allowed = await cli(['run', join(dir, 'pipeline.yaml'), '--as', 'ana', '--json'], env, dir);
    assert.equal(allowed.code, 0, allowed.stderr + allowed.stdout);
    assert.equal(JSON.parse(allowed.stdout).status, 'succeeded');

    const local = await cli(['run', join(dir, 'pipeline.yaml'), '--param', 'data=gs://lake/hr/', '--json'], env, dir);
    assert.equal(local.code, 0, 'the local user reads everything');

    const log = await withMetadata((m) => m.accessLog.list({ principal: 'ana', limit: 1000 }));
    assert.ok(log.some((d) => d.via === 'godwit run' && d.decision === 'denied' && d.resource.startsWith('gs://lake/hr/')));
    assert.ok(log.some((d) => d.via === 'godwit run' && d.decision === 'allowed' && d.resource === 'gs://lake/sales/part-0.csv'));
  });
});
