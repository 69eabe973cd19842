import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AddLFTagsToResourceCommand,
  AlreadyExistsException,
  BatchGrantPermissionsCommand,
  BatchRevokePermissionsCommand,
  CreateDataCellsFilterCommand,
  CreateLFTagCommand,
  DeleteDataCellsFilterCommand,
  DeregisterResourceCommand,
  DescribeResourceCommand,
  EntityNotFoundException,
  GetDataCellsFilterCommand,
  GetResourceLFTagsCommand,
  GrantPermissionsCommand,
  InvalidInputException,
  LakeFormationClient,
  type LakeFormationServiceException,
  ListDataCellsFilterCommand,
  ListLFTagsCommand,
  ListPermissionsCommand,
  ListResourcesCommand,
  paginateListPermissions,
  RegisterResourceCommand,
  RevokePermissionsCommand,
} from '@aws-sdk/client-lakeformation';
import { godwitHome } from '../../src/core/home.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { cli } from '../cli/capture.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const ANA = 'arn:aws:iam::000000000000:user/ana';
const ANALYSTS = 'arn:aws:iam::000000000000:role/analysts';
const CUSTOMERS = { DatabaseName: 'churn', TableName: 'customers' };

async function failure(p: Promise<unknown>): Promise<LakeFormationServiceException> {
  try {
    await p;
  } catch (err) {
    return err as LakeFormationServiceException;
  }
  assert.fail('the call succeeded');
}

/** The server's metadata and the CLI's: the home's SQLite file, and PostgreSQL. */
const DATABASES: readonly { name: string; url: () => Promise<string | undefined>; skip?: string }[] = [
  { name: 'SQLite', url: async () => undefined },
  { name: 'PostgreSQL', url: testDatabase, skip: POSTGRES_SKIP },
];

// The official client, unmodified, against the in-process server; the CLI on the same home.
for (const database of DATABASES)
  describe(`Lake Formation through @aws-sdk/client-lakeformation (${database.name})`, { skip: database.skip }, () => {
    let server: RunningServer;
    let lf: LakeFormationClient;
    let env: NodeJS.ProcessEnv;
    let dir: string;
    const godwit = async (...args: string[]) => {
      const r = await cli(args, env, dir);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };
    before(async () => {
      dir = scratchDir('godwit-lakeformation-');
      const home = godwitHome(join(dir, 'home'));
      const url = await database.url();
      env = {
        GODWIT_HOME: home.root,
        HOME: dir,
        XDG_CONFIG_HOME: dir,
        GODWIT_USER: 'admin',
        ...(url ? { GODWIT_DATABASE_URL: url } : {}),
      };
      // The in-process server reads its database from this process's environment, as `godwit server` does.
      if (url) process.env.GODWIT_DATABASE_URL = url;
      else delete process.env.GODWIT_DATABASE_URL;
      await godwit('catalog', 'register-location', 'file:///data/');
      await godwit(
        'catalog',
        'create-table',
        'churn.customers',
        '--location',
        'file:///data/customers/',
        '--format',
        'csv',
        '--columns',
        'id:BIGINT,region:VARCHAR,email:VARCHAR,plan:VARCHAR,spend:DOUBLE',
      );
      server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
      lf = new LakeFormationClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' },
      });
    });
    after(async () => {
      lf?.destroy();
      await server?.stop();
    });

    test('data cells filters: create, get, list, and the errors Lake Formation gives', async () => {
      await lf.send(
        new CreateDataCellsFilterCommand({
          TableData: {
            TableCatalogId: '000000000000',
            ...CUSTOMERS,
            Name: 'eu_no_pii',
            RowFilter: { FilterExpression: "region = 'EU'" },
            ColumnWildcard: { ExcludedColumnNames: ['email'] },
          },
        }),
      );
      await lf.send(
        new CreateDataCellsFilterCommand({
          TableData: {
            TableCatalogId: '000000000000',
            ...CUSTOMERS,
            Name: 'vip_contact',
            RowFilter: { FilterExpression: "plan = 'vip'" },
            ColumnNames: ['id', 'email'],
          },
        }),
      );
      const got = await lf.send(
        new GetDataCellsFilterCommand({ TableCatalogId: '000000000000', ...CUSTOMERS, Name: 'eu_no_pii' }),
      );
      assert.deepEqual(got.DataCellsFilter?.RowFilter, { FilterExpression: "region = 'EU'" });
      assert.deepEqual(got.DataCellsFilter?.ColumnWildcard, { ExcludedColumnNames: ['email'] });
      assert.equal(got.DataCellsFilter?.TableCatalogId, '000000000000');
      const listed = await lf.send(new ListDataCellsFilterCommand({ Table: { DatabaseName: 'churn', Name: 'customers' } }));
      assert.deepEqual(
        listed.DataCellsFilters?.map((f) => f.Name),
        ['eu_no_pii', 'vip_contact'],
      );

      const exists = await failure(
        lf.send(
          new CreateDataCellsFilterCommand({
            TableData: {
              TableCatalogId: '000000000000',
              ...CUSTOMERS,
              Name: 'eu_no_pii',
              RowFilter: { AllRowsWildcard: {} },
              ColumnWildcard: {},
            },
          }),
        ),
      );
      assert.ok(exists instanceof AlreadyExistsException, exists.name);
      const sub = await failure(
        lf.send(
          new CreateDataCellsFilterCommand({
            TableData: {
              TableCatalogId: '000000000000',
              ...CUSTOMERS,
              Name: 'x',
              RowFilter: { FilterExpression: 'id in (select id from t)' },
              ColumnWildcard: {},
            },
          }),
        ),
      );
      assert.ok(sub instanceof InvalidInputException, sub.name);
      assert.match(sub.message, /subquery/);
      const missing = await failure(
        lf.send(new GetDataCellsFilterCommand({ TableCatalogId: '000000000000', ...CUSTOMERS, Name: 'ghost' })),
      );
      assert.ok(missing instanceof EntityNotFoundException, missing.name);
      const noTable = await failure(
        lf.send(
          new CreateDataCellsFilterCommand({
            TableData: {
              TableCatalogId: '000000000000',
              DatabaseName: 'churn',
              TableName: 'nope',
              Name: 'x',
              RowFilter: { AllRowsWildcard: {} },
              ColumnWildcard: {},
            },
          }),
        ),
      );
      assert.ok(noTable instanceof EntityNotFoundException, noTable.name);
      assert.match(noTable.message, /table "nope"/);
    });

    test('granted through the SDK, listed through the CLI; granted through the CLI, listed through the SDK', async () => {
      await lf.send(
        new GrantPermissionsCommand({
          Principal: { DataLakePrincipalIdentifier: ANA },
          Resource: { DataCellsFilter: { TableCatalogId: '000000000000', ...CUSTOMERS, Name: 'eu_no_pii' } },
          Permissions: ['SELECT'],
        }),
      );
      const cliListed = JSON.parse(await godwit('grants', '--principal', 'user/ana', '--json'));
      assert.deepEqual(
        cliListed.map((g: { Resource: unknown; Permissions: string[] }) => [g.Resource, g.Permissions]),
        [[{ DataCellsFilter: { ...CUSTOMERS, Name: 'eu_no_pii' } }, ['SELECT']]],
      );
      await godwit('grant', 'SELECT', '--on', 'filter:churn.customers.vip_contact', '--to', 'user/ana');
      await godwit('grant', 'SELECT', '--on', 'churn.customers(* except email)', '--to', 'role/analysts', '--with-grant-option');
      await godwit('grant', 'DESCRIBE', '--on', 'churn.customers', '--to', 'role/analysts');
      const sdkListed = await lf.send(new ListPermissionsCommand({ Principal: { DataLakePrincipalIdentifier: ANA } }));
      assert.deepEqual(
        sdkListed.PrincipalResourcePermissions?.map((p) => p.Resource?.DataCellsFilter?.Name),
        ['eu_no_pii', 'vip_contact'],
      );
      const p = sdkListed.PrincipalResourcePermissions?.[1];
      assert.equal(p?.LastUpdatedBy, 'admin');
      assert.ok(p?.LastUpdated instanceof Date && Math.abs(p.LastUpdated.getTime() - Date.now()) < 60_000);
      const onTable = await lf.send(
        new ListPermissionsCommand({ Resource: { Table: { DatabaseName: 'churn', Name: 'customers' } } }),
      );
      assert.deepEqual(
        onTable.PrincipalResourcePermissions?.map((x) => [
          x.Principal?.DataLakePrincipalIdentifier,
          x.Resource,
          x.Permissions?.sort(),
          x.PermissionsWithGrantOption?.sort(),
        ]),
        [
          [
            ANALYSTS,
            {
              TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnWildcard: { ExcludedColumnNames: ['email'] } },
            },
            ['SELECT'],
            ['SELECT'],
          ],
          [ANALYSTS, { Table: { DatabaseName: 'churn', Name: 'customers' } }, ['DESCRIBE'], []],
        ],
      );

      await lf.send(
        new RevokePermissionsCommand({
          Principal: { DataLakePrincipalIdentifier: ANALYSTS },
          Resource: {
            TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnWildcard: { ExcludedColumnNames: ['email'] } },
          },
          Permissions: [],
          PermissionsWithGrantOption: ['SELECT'],
        }),
      );
      await lf.send(
        new RevokePermissionsCommand({
          Principal: { DataLakePrincipalIdentifier: ANALYSTS },
          Resource: { Table: { DatabaseName: 'churn', Name: 'customers' } },
          Permissions: ['DESCRIBE'],
        }),
      );
      const after = JSON.parse(await godwit('grants', '--principal', 'role/analysts', '--json'));
      assert.deepEqual(
        after.map((g: { Permissions: string[]; PermissionsWithGrantOption: string[] }) => [
          g.Permissions,
          g.PermissionsWithGrantOption,
        ]),
        [[['SELECT'], []]],
      );
    });

    test('grants Lake Formation refuses are InvalidInputException or EntityNotFoundException, naming the problem', async () => {
      const onDatabase = await failure(
        lf.send(
          new GrantPermissionsCommand({
            Principal: { DataLakePrincipalIdentifier: ANA },
            Resource: { Database: { Name: 'churn' } },
            Permissions: ['SELECT'],
          }),
        ),
      );
      assert.ok(onDatabase instanceof InvalidInputException, onDatabase.name);
      assert.match(onDatabase.message, /SELECT cannot be granted on database churn/);
      const unknownTable = await failure(
        lf.send(
          new GrantPermissionsCommand({
            Principal: { DataLakePrincipalIdentifier: ANA },
            Resource: { Table: { DatabaseName: 'churn', Name: 'orders' } },
            Permissions: ['SELECT'],
          }),
        ),
      );
      assert.ok(unknownTable instanceof EntityNotFoundException, unknownTable.name);
      const badPrincipal = await failure(
        lf.send(
          new GrantPermissionsCommand({
            Principal: { DataLakePrincipalIdentifier: 'ana' },
            Resource: { Catalog: {} },
            Permissions: ['CREATE_DATABASE'],
          }),
        ),
      );
      assert.ok(badPrincipal instanceof InvalidInputException, badPrincipal.name);
      const nothing = await failure(
        lf.send(
          new RevokePermissionsCommand({
            Principal: { DataLakePrincipalIdentifier: ANA },
            Resource: { Catalog: {} },
            Permissions: ['CREATE_DATABASE'],
          }),
        ),
      );
      assert.ok(nothing instanceof InvalidInputException, nothing.name);
      assert.match(nothing.message, /No permissions revoked/);
    });

    test('batches apply each entry and report the failures; pages follow NextToken', async () => {
      const entries = ['bea', 'cal', 'dee'].map((n, i) => ({
        Id: String(i),
        Principal: { DataLakePrincipalIdentifier: `arn:aws:iam::000000000000:user/${n}` },
        Resource: { Table: { DatabaseName: 'churn', Name: 'customers' } },
        Permissions: ['DESCRIBE' as const],
      }));
      const granted = await lf.send(
        new BatchGrantPermissionsCommand({
          Entries: [
            ...entries,
            {
              Id: 'bad',
              Principal: { DataLakePrincipalIdentifier: ANA },
              Resource: { Table: { DatabaseName: 'churn', Name: 'nope' } },
              Permissions: ['SELECT'],
            },
          ],
        }),
      );
      assert.deepEqual(
        granted.Failures?.map((f) => [f.RequestEntry?.Id, f.Error?.ErrorCode]),
        [['bad', 'EntityNotFoundException']],
      );
      const pages = [];
      for await (const pg of paginateListPermissions({ client: lf, pageSize: 2 }, { ResourceType: 'TABLE' }))
        pages.push(pg.PrincipalResourcePermissions?.length);
      assert.ok(pages.length >= 3, `pages: ${pages}`);
      const revoked = await lf.send(new BatchRevokePermissionsCommand({ Entries: entries }));
      assert.deepEqual(revoked.Failures, []);
      assert.equal(JSON.parse(await godwit('grants', '--principal', 'user/bea', '--json')).length, 0);
    });

    test('LF-tags and locations: create, assign, read back; register and list', async () => {
      await lf.send(new CreateLFTagCommand({ TagKey: 'domain', TagValues: ['sales', 'finance'] }));
      await godwit('tags', 'create', 'pii', '--values', 'true,false');
      const tags = await lf.send(new ListLFTagsCommand({}));
      assert.deepEqual(
        tags.LFTags?.map((t) => [t.TagKey, t.TagValues]),
        [
          ['domain', ['sales', 'finance']],
          ['pii', ['true', 'false']],
        ],
      );
      await lf.send(
        new AddLFTagsToResourceCommand({
          Resource: { Database: { Name: 'churn' } },
          LFTags: [{ TagKey: 'domain', TagValues: ['sales'] }],
        }),
      );
      await lf.send(
        new AddLFTagsToResourceCommand({
          Resource: { TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnNames: ['email'] } },
          LFTags: [{ TagKey: 'pii', TagValues: ['true'] }],
        }),
      );
      const on = await lf.send(
        new GetResourceLFTagsCommand({ Resource: { Table: { DatabaseName: 'churn', Name: 'customers' } } }),
      );
      assert.deepEqual(
        on.LFTagOnDatabase?.map((t) => [t.TagKey, t.TagValues]),
        [['domain', ['sales']]],
      );
      assert.deepEqual(
        on.LFTagsOnColumns?.find((c) => c.Name === 'email')?.LFTags?.map((t) => t.TagKey),
        ['pii'],
      );
      const shown = JSON.parse(await godwit('tags', 'show', 'churn.customers', '--json'));
      assert.deepEqual(shown.database, [{ TagKey: 'domain', TagValues: ['sales'] }]);

      await lf.send(new RegisterResourceCommand({ ResourceArn: 'arn:aws:s3:::datalake/raw', UseServiceLinkedRole: true }));
      const resources = await lf.send(new ListResourcesCommand({}));
      assert.ok(
        resources.ResourceInfoList?.some((r) => r.ResourceArn === 'arn:aws:s3:::datalake/raw' && r.LastModified instanceof Date),
      );
      const described = await lf.send(new DescribeResourceCommand({ ResourceArn: 'arn:aws:s3:::datalake/raw' }));
      assert.equal(described.ResourceInfo?.ResourceArn, 'arn:aws:s3:::datalake/raw');
      assert.ok(described.ResourceInfo?.LastModified instanceof Date);
      const unknown = await failure(lf.send(new DescribeResourceCommand({ ResourceArn: 'arn:aws:s3:::elsewhere' })));
      assert.ok(unknown instanceof EntityNotFoundException, unknown.name);
      assert.match(unknown.message, /arn:aws:s3:::elsewhere/);
      // A location holding an external table stays registered; one holding none is deregistered.
      const inUse = await failure(lf.send(new DeregisterResourceCommand({ ResourceArn: 'file:///data/' })));
      assert.ok(inUse instanceof InvalidInputException, inUse.name);
      assert.match(inUse.message, /holds the external tables churn\.customers/);
      await lf.send(new RegisterResourceCommand({ ResourceArn: 'arn:aws:s3:::scratch/tmp' }));
      await lf.send(new DeregisterResourceCommand({ ResourceArn: 'arn:aws:s3:::scratch/tmp' }));
      const gone = await failure(lf.send(new DeregisterResourceCommand({ ResourceArn: 'arn:aws:s3:::scratch/tmp' })));
      assert.ok(gone instanceof EntityNotFoundException, gone.name);
      assert.doesNotMatch(await godwit('catalog', 'locations'), /scratch/);
      await lf.send(
        new GrantPermissionsCommand({
          Principal: { DataLakePrincipalIdentifier: ANALYSTS },
          Resource: { DataLocation: { ResourceArn: 'arn:aws:s3:::datalake/raw' } },
          Permissions: ['DATA_LOCATION_ACCESS'],
        }),
      );
      assert.match(
        await godwit('grants', '--on', 'location:s3://datalake/raw/'),
        /role\/analysts +location:arn:aws:s3:::datalake\/raw +DATA_LOCATION_ACCESS/,
      );
    });

    test('deleting a filter through the SDK takes its grants with it', async () => {
      await lf.send(new DeleteDataCellsFilterCommand({ TableCatalogId: '000000000000', ...CUSTOMERS, Name: 'vip_contact' }));
      assert.match(await godwit('filter', 'list', '--on', 'churn.customers'), /eu_no_pii/);
      assert.doesNotMatch(await godwit('grants', '--principal', 'user/ana'), /vip_contact/);
    });
    // Last: once principals exist the server authenticates every request (the local keys above stop working).
    test('a principal signed in with its access key grants only what it holds with the grant option', async () => {
      await godwit('principals', 'create', 'lead');
      await godwit('principals', 'create', 'intern');
      const key = JSON.parse(await godwit('principals', 'keys', 'create', 'lead', '--json'));
      await godwit('grant', 'SELECT', '--on', 'churn.customers(id,region)', '--to', 'user/lead', '--with-grant-option');
      await godwit('grant', 'DESCRIBE', '--on', 'churn.customers', '--to', 'user/lead');
      const asLead = new LakeFormationClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      });
      try {
        const intern = { DataLakePrincipalIdentifier: 'arn:aws:iam::000000000000:user/intern' };
        const columns = { TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnNames: ['id', 'region'] } };
        await asLead.send(new GrantPermissionsCommand({ Principal: intern, Resource: columns, Permissions: ['SELECT'] }));
        const denied = await failure(
          asLead.send(
            new GrantPermissionsCommand({
              Principal: intern,
              Resource: { Table: { DatabaseName: 'churn', Name: 'customers' } },
              Permissions: ['DESCRIBE'],
            }),
          ),
        );
        assert.equal(denied.name, 'AccessDeniedException');
        assert.equal(denied.$metadata.httpStatusCode, 403);
        assert.match(denied.message, /user\/lead does not hold DESCRIBE with the grant option/);
        const [made] = JSON.parse(await godwit('grants', '--principal', 'user/intern', '--json'));
        assert.equal(made.LastUpdatedBy, 'arn:aws:iam::000000000000:user/lead');
        await godwit('principals', 'delete', 'intern');
        assert.deepEqual(
          JSON.parse(await godwit('grants', '--principal', 'user/intern', '--json')),
          [],
          "a deleted principal's grants go with it",
        );
      } finally {
        asLead.destroy();
      }
    });
  });
