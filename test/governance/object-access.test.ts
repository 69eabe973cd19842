/**
 * Object-store enforcement (docs/governance.md, "Object stores") on real stores (offline gs://
 * buckets in the home), over the catalog on SQLite and PostgreSQL: reads by table grants, writes
 * and deletes by DATA_LOCATION_ACCESS with sub-prefix coverage, filtered tables unreadable as
 * files, objects outside every registered location by IAM policy, listings, the local user, and
 * every decision in the access log. A refusal writes and deletes nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import type { Caller, PolicyDocument } from '../../src/governance/governance-records.js';
import { storeGovernance } from '../../src/governance/stores/store-governance.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { storeForUri } from '../../src/store/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const OPEN_BUCKET: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: ['gs://open', 'gs://open/*'] },
  ],
};

const denied = (pattern: RegExp) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, 'E_ACCESS_DENIED', String(err));
  assert.match((err as Error).message, pattern);
  return true;
};

const grant = (m: Metadata, who: string, Resource: object, Permissions: string[]) =>
  m.catalog.grant(
    {
      Principal: { DataLakePrincipalIdentifier: `arn:aws:iam::000000000000:user/${who}` },
      Resource,
      Permissions: Permissions as never,
      PermissionsWithGrantOption: [],
    },
    'admin',
  );

function objectAccessSuite(kind: string, open: (home: string) => Promise<Metadata>, options: { skip?: string } = {}) {
  describe(`object-store enforcement (${kind})`, options, () => {
    test('reads by table grants, writes by DATA_LOCATION_ACCESS, outside by IAM; every decision logged', async () => {
      const root = join(scratchDir('godwit-object-access-'), 'home');
      const home = godwitHome(root);
      const m = await open(home.root);
      try {
        const raw = (bucket: string) => storeForUri(`gs://${bucket}`, { home: home.root });
        const callers: Record<string, Caller> = {};
        for (const name of ['ana', 'bob', 'carl']) {
          const principal = await m.principals.create({ name, kind: 'user', policies: name === 'ana' ? [OPEN_BUCKET] : [] });
          callers[name] = { kind: 'principal', principal };
        }
        await m.catalog.registerLocation('gs://lake/');
        const cols = [
          { name: 'id', type: 'INTEGER' },
          { name: 'email', type: 'VARCHAR' },
        ];
        await m.catalog.createTable({
          database: 'lake',
          name: 'sales',
          columns: cols,
          location: { uri: 'gs://lake/sales/', format: 'csv' },
        });
        await m.catalog.createTable({
          database: 'lake',
          name: 'hr',
          columns: cols,
          location: { uri: 'gs://lake/hr/', format: 'csv' },
        });
        await m.catalog.registerLocation('gs://open/governed/');
        await grant(m, 'ana', { Table: { DatabaseName: 'lake', Name: 'sales' } }, ['SELECT']);
        await grant(m, 'ana', { DataLocation: { ResourceArn: 'gs://lake/raw/' } }, ['DATA_LOCATION_ACCESS']);
        await grant(m, 'carl', { TableWithColumns: { DatabaseName: 'lake', Name: 'hr', ColumnNames: ['id'] } }, ['SELECT']);
        // ALL on a table gives no DATA_LOCATION_ACCESS (Lake Formation's rule).
        await grant(m, 'carl', { Table: { DatabaseName: 'lake', Name: 'sales' } }, ['ALL']);

        const lake = await raw('lake');
        const openBucket = await raw('open');
        await lake.put('sales/part-0.csv', 'id,email\n1,a@x\n');
        await lake.put('sales/2026/12/part-1.csv', 'id,email\n2,b@x\n');
        await lake.put('hr/people.csv', 'id,email\n3,c@x\n');
        await lake.put('raw/in.csv', 'in\n');
        await openBucket.put('a.txt', 'open');
        await openBucket.put('governed/secret.csv', 'secret');

        const as = async (who: string, bucket: string) =>
          storeForUri(`gs://${bucket}`, { home: home.root, governed: storeGovernance(callers[who], m, 'test') });
        const ana = await as('ana', 'lake');

        // Reads: SELECT on the table over the object, at any depth below its location.
        assert.equal((await ana.get('sales/part-0.csv')).toString(), 'id,email\n1,a@x\n');
        assert.equal((await ana.head('sales/2026/12/part-1.csv'))?.size, 15);
        await assert.rejects(
          ana.get('hr/people.csv'),
          denied(/Reading gs:\/\/lake\/hr\/people\.csv needs SELECT.*no SELECT on lake\.hr/),
        );
        await assert.rejects(ana.get('raw/in.csv'), denied(/no table of the catalog lies over it/));

        // Writes: DATA_LOCATION_ACCESS on a location covering the object (sub-prefixes included).
        await ana.put('raw/new.csv', 'new\n');
        await ana.put('raw/deep/sub/x.csv', 'deep\n');
        assert.equal((await lake.get('raw/deep/sub/x.csv')).toString(), 'deep\n');
        await assert.rejects(
          ana.put('sales/new.csv', 'x'),
          denied(/Writing gs:\/\/lake\/sales\/new\.csv needs DATA_LOCATION_ACCESS on gs:\/\/lake/),
        );
        await assert.rejects(ana.put('rawish/x.csv', 'x'), denied(/DATA_LOCATION_ACCESS/), 'raw/ does not cover rawish/');
        assert.equal(await lake.head('sales/new.csv'), undefined, 'nothing written when refused');
        await assert.rejects(
          ana.delete('sales/part-0.csv'),
          denied(/Deleting gs:\/\/lake\/sales\/part-0\.csv needs DATA_LOCATION_ACCESS/),
        );
        assert.ok(await lake.head('sales/part-0.csv'), 'nothing deleted when refused');
        await ana.delete('raw/new.csv');
        assert.equal(await lake.head('raw/new.csv'), undefined);

        // Listings: only where the caller may read.
        assert.deepEqual(
          (await ana.list('sales/')).map((o) => o.key),
          ['sales/2026/12/part-1.csv', 'sales/part-0.csv'],
        );
        await assert.rejects(ana.list('hr/'), denied(/Listing gs:\/\/lake\/hr\/ needs SELECT/));
        await assert.rejects(ana.list(''), denied(/Listing gs:\/\/lake needs SELECT/));

        // Outside every registered location: IAM policy alone.
        const anaOpen = await as('ana', 'open');
        assert.equal((await anaOpen.get('a.txt')).toString(), 'open');
        await anaOpen.put('b.txt', 'by IAM');
        await assert.rejects(
          anaOpen.delete('a.txt'),
          denied(/not authorized to perform: s3:DeleteObject on resource: gs:\/\/open\/a\.txt/),
        );
        assert.ok(await openBucket.head('a.txt'));
        // A listing above a registered location shows only what the caller may read below it.
        assert.deepEqual(
          (await anaOpen.list('')).map((o) => o.key),
          ['a.txt', 'b.txt'],
        );
        await assert.rejects(anaOpen.get('governed/secret.csv'), denied(/no table of the catalog lies over it/));
        const bob = await as('bob', 'open');
        await assert.rejects(bob.get('a.txt'), denied(/not authorized to perform: s3:GetObject/));
        await assert.rejects(bob.put('c.txt', 'x'), denied(/s3:PutObject/));
        assert.equal(await openBucket.head('c.txt'), undefined);

        // A filtered (column) grant does not let its files be read: they would bypass it.
        const carl = await as('carl', 'lake');
        await assert.rejects(carl.get('hr/people.csv'), denied(/only through filters or column grants/));
        // ALL on a table reads its files, but writes none of them.
        assert.ok(await carl.get('sales/part-0.csv'));
        await assert.rejects(carl.put('sales/x.csv', 'x'), denied(/DATA_LOCATION_ACCESS/));

        // The local user: the store itself, no decision.
        const local = await storeForUri('gs://lake', {
          home: home.root,
          governed: storeGovernance({ kind: 'local', user: 'me' }, m, 'test'),
        });
        assert.equal(local.constructor, lake.constructor);
        await local.put('hr/extra.csv', 'x');

        // The access log holds every decision, allowed and denied.
        const log = await m.accessLog.list({ limit: 1000 });
        const has = (principal: string, action: string, resource: string, decision: string) =>
          log.some(
            (d) =>
              d.principal === `arn:aws:iam::000000000000:user/${principal}` &&
              d.action === action &&
              d.resource === resource &&
              d.decision === decision &&
              d.via === 'test',
          );
        assert.ok(has('ana', 'lakeformation:SELECT', 'gs://lake/sales/part-0.csv', 'allowed'));
        assert.ok(has('ana', 'lakeformation:SELECT', 'gs://lake/hr/people.csv', 'denied'));
        assert.ok(has('ana', 'lakeformation:DATA_LOCATION_ACCESS', 'gs://lake/raw/deep/sub/x.csv', 'allowed'));
        assert.ok(has('ana', 'lakeformation:DATA_LOCATION_ACCESS', 'gs://lake/sales/new.csv', 'denied'));
        assert.ok(has('ana', 'lakeformation:SELECT', 'gs://lake/sales/', 'allowed'));
        assert.ok(has('ana', 's3:GetObject', 'gs://open/a.txt', 'allowed'));
        assert.ok(has('ana', 's3:DeleteObject', 'gs://open/a.txt', 'denied'));
        assert.ok(has('bob', 's3:GetObject', 'gs://open/a.txt', 'denied'));
        assert.ok(has('carl', 'lakeformation:SELECT', 'gs://lake/hr/people.csv', 'denied'));
        assert.match(
          log.find((d) => d.resource === 'gs://lake/sales/new.csv')?.detail ?? '',
          /s3:PutObject: no DATA_LOCATION_ACCESS covering it \(registered gs:\/\/lake\)/,
        );
        assert.ok(!log.some((d) => d.principal.startsWith('local:')), 'the local user is not logged');
      } finally {
        await m.close();
      }
    });
  });
}

objectAccessSuite('sqlite', (home) => openMetadata(godwitHome(home), systemClock, {}));
objectAccessSuite('postgres', async (home) => openMetadata(godwitHome(home), systemClock, { url: await testDatabase() }), {
  skip: POSTGRES_SKIP,
});
