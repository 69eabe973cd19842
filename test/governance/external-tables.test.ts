/**
 * External tables over registered locations, end to end with the CLI on a real DuckDB warehouse:
 * objects in the home's own store (offline gs://, files on disk, read where they lie) and on a
 * remote S3 server (s3rver, fetched per query), read as the local user and as principals whose
 * data cells filters apply exactly as on a warehouse table; the catalog verbs for locations; and
 * the coded errors for a location not registered, a format mismatch and objects that do not parse.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { cli } from '../cli/capture.js';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { ANA_SEES } from './worked-example.js';

const HEADER = 'id,region,email,plan,spend';
const PART_1 = `${HEADER}\n1,EU,a@x,basic,10\n2,US,b@x,vip,50\n`;
const PART_2 = `${HEADER}\n3,EU,c@x,vip,70\n4,US,d@x,basic,5\n`;
const COLUMNS = 'id BIGINT, region VARCHAR, email VARCHAR, plan VARCHAR, spend BIGINT';

/** `godwit catalog create-table` of `table` over `location`, its objects in `format`. */
const createTable = (table: string, location: string, format = 'csv') => [
  'catalog',
  'create-table',
  table,
  '--location',
  location,
  '--format',
  format,
];

describe('external tables over registered locations, through godwit sql and the catalog verbs', () => {
  let s3: TestS3Server;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => cli(args, env, dir);
  const ok = async (...args: string[]) => {
    const r = await run(...args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const fails = async (pattern: RegExp, ...args: string[]) => {
    const r = await run(...args);
    assert.notEqual(r.code, 0, `${args.join(' ')} succeeded: ${r.stdout}`);
    assert.match(r.stderr, pattern);
    return r.stderr;
  };
  const rows = async (...args: string[]) => JSON.parse(await ok('sql', '--json', ...args)).statements[0].rows;
  const put = async (name: string, text: string, uri: string) => {
    writeFileSync(join(dir, name), text);
    await ok('storage', 'cp', join(dir, name), uri);
  };

  before(async () => {
    s3 = await startS3rver(['remote']);
    dir = scratchDir('godwit-external-');
    env = {
      ...s3.env,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      GODWIT_HOME: join(dir, 'home'),
      HOME: dir,
      XDG_CONFIG_HOME: dir,
      GODWIT_USER: 'admin',
    };
    await put('part-1.csv', PART_1, 'gs://lake/customers/part-1.csv');
  });

  test('a table over a location that is not registered is refused, naming the location and the way out', async () => {
    await fails(
      /E_CATALOG_NOT_FOUND|no registered data location covering "gs:\/\/lake\/customers\/"[\s\S]*register-location/,
      ...createTable('lake.customers', 'gs://lake/customers/'),
      '--columns',
      COLUMNS,
    );
    await fails(
      /no registered data location covering "gs:\/\/lake\/customers\/"/,
      ...createTable('lake.customers', 'gs://lake/customers/'),
    );
    assert.doesNotMatch(await ok('catalog', 'databases'), /lake/);
  });

  test('the local user reads every object under the location, and the next query sees a new object', async () => {
    assert.match(await ok('catalog', 'register-location', 'gs://lake/'), /Registered gs:\/\/lake\//);
    await fails(/already registered/, 'catalog', 'register-location', 'gs://lake');
    await ok(...createTable('lake.customers', 'gs://lake/customers/'), '--columns', COLUMNS);
    assert.deepEqual(await rows('select id, email from lake.customers order by id'), [
      { id: 1, email: 'a@x' },
      { id: 2, email: 'b@x' },
    ]);
    await put('part-2.csv', PART_2, 'gs://lake/customers/part-2.csv');
    assert.deepEqual(await rows('select count(*) as n, sum(spend) as s from lake.customers c'), [{ n: 4, s: 135 }]);
    // A join with a warehouse table, and an aliased item in a comma join.
    await ok(
      'sql',
      "create schema crm; create table crm.notes(id bigint, note varchar); insert into crm.notes values (3, 'call')",
    );
    assert.deepEqual(await rows('select c.email, n.note from crm.notes n, lake.customers c where c.id = n.id'), [
      { email: 'c@x', note: 'call' },
    ]);
  });

  test('a principal reads the cell-level view of the external table, exactly as of a warehouse table', async () => {
    await ok('principals', 'create', 'ana');
    await ok('principals', 'create', 'bob');
    await ok('filter', 'create', 'eu_no_pii', '--on', 'lake.customers', '--where', "region = 'EU'", '--exclude', 'email');
    await ok('filter', 'create', 'vip_contact', '--on', 'lake.customers', '--where', "plan = 'vip'", '--columns', 'id,email');
    await ok('grant', 'SELECT', '--on', 'filter:lake.customers.eu_no_pii', '--to', 'user/ana');
    await ok('grant', 'SELECT', '--on', 'filter:lake.customers.vip_contact', '--to', 'user/ana');
    await ok('grant', 'SELECT', '--on', 'filter:lake.customers.eu_no_pii', '--to', 'user/bob');
    assert.deepEqual(await rows('--as', 'ana', 'select * from lake.customers order by id'), ANA_SEES);
    // bob: the row filter and the excluded column; naming it is refused, and so is reading the objects directly.
    assert.deepEqual(await rows('--as', 'bob', 'select * from lake.customers order by id'), [
      { id: 1, region: 'EU', plan: 'basic', spend: 10 },
      { id: 3, region: 'EU', plan: 'vip', spend: 70 },
    ]);
    await fails(/Access denied: column "email" of lake\.customers/, 'sql', '--as', 'bob', 'select email from lake.customers');
    const file = join(dir, 'home', 'gcs', 'lake', 'customers', 'part-1.csv');
    await fails(/Access denied: the function read_csv/, 'sql', '--as', 'bob', `select * from read_csv('${file}')`);
    await fails(/Access denied: the file or value/, 'sql', '--as', 'bob', `select * from '${file}'`);
    // A new object is in the principal's next query too, through the same view.
    await put('part-3.csv', `${HEADER}\n5,EU,e@x,vip,1\n`, 'gs://lake/customers/part-3.csv');
    assert.deepEqual(await rows('--as', 'bob', 'select id from lake.customers order by id'), [{ id: 1 }, { id: 3 }, { id: 5 }]);
    assert.deepEqual(await rows('--as', 'ana', 'select id, email from lake.customers where id = 5'), [{ id: 5, email: 'e@x' }]);
  });

  test('Parquet on a remote S3 server: the columns read from the objects, fetched for each query', async () => {
    await ok(
      'sql',
      `copy (select * from (values (1, 'EU', 3.5), (2, 'US', 7.25)) t(id, region, score)) to '${join(dir, 'scores.parquet')}' (format parquet)`,
    );
    await ok('storage', 'cp', join(dir, 'scores.parquet'), 's3://remote/scores/2026/a.parquet');
    await ok('catalog', 'register-location', 's3://remote/scores/');
    const created = JSON.parse(
      await ok('catalog', 'create-table', 'lake.scores', '--location', 's3://remote/scores/', '--format', 'parquet', '--json'),
    );
    assert.deepEqual(
      created.columns.map((c: { name: string }) => c.name),
      ['id', 'region', 'score'],
    );
    assert.deepEqual(await rows('select region, score from lake.scores order by id'), [
      { region: 'EU', score: 3.5 },
      { region: 'US', score: 7.25 },
    ]);
    await ok('filter', 'create', 'eu', '--on', 'lake.scores', '--where', "region = 'EU'", '--columns', 'id,score');
    await ok('grant', 'SELECT', '--on', 'filter:lake.scores.eu', '--to', 'user/bob');
    assert.deepEqual(await rows('--as', 'bob', 'select * from lake.scores'), [{ id: 1, score: 3.5 }]);
    const listed = JSON.parse(await ok('catalog', 'locations', '--json'));
    assert.deepEqual(
      listed.map((l: { resourceArn: string; tables: { table: string }[] }) => [l.resourceArn, l.tables.map((t) => t.table)]),
      [
        ['gs://lake/', ['lake.customers']],
        ['s3://remote/scores/', ['lake.scores']],
      ],
    );
  });

  test('bad objects and bad input are coded errors naming the table, the object or the location', async () => {
    // An object of another format under a csv table's location.
    await ok('storage', 'cp', join(dir, 'scores.parquet'), 'gs://lake/customers/stray.parquet');
    await fails(
      /E_EXTERNAL_FORMAT|lake\.customers is csv, but gs:\/\/lake\/customers\/stray\.parquet/,
      'sql',
      'select count(*) from lake.customers',
    );
    await fails(
      /lake\.customers is csv, but gs:\/\/lake\/customers\/stray\.parquet/,
      'sql',
      '--as',
      'ana',
      'select id from lake.customers',
    );
    await ok('storage', 'rm', 'gs://lake/customers/stray.parquet');
    // JSON lines whose values are not the columns' types.
    mkdirSync(join(dir, 'events'), { recursive: true });
    await put('e1.jsonl', '{"at": 1, "kind": "open"}\n', 'gs://lake/events/e1.jsonl');
    await ok(...createTable('lake.events', 'gs://lake/events/', 'json'), '--columns', 'at:INTEGER,kind:VARCHAR');
    assert.deepEqual(await rows('select * from lake.events'), [{ at: 1, kind: 'open' }]);
    await put('e2.jsonl', '{"at": "yesterday", "kind": "close"}\n', 'gs://lake/events/e2.jsonl');
    const err = await fails(/Reading external table lake\.events/, 'sql', 'select * from lake.events');
    assert.match(err, /gs:\/\/lake\/events\/e2\.jsonl/);
    assert.doesNotMatch(err, /godwit-external-/, 'the message names the object, not a scratch copy');
    // Deregistering a location that still holds tables is refused; an unknown one is not found.
    await fails(/holds the external tables lake\.customers, lake\.events/, 'catalog', 'deregister-location', 'gs://lake/');
    await fails(/no registered data location "gs:\/\/nowhere\/"/, 'catalog', 'deregister-location', 'gs://nowhere/');
    await fails(/is not a column and its type/, ...createTable('lake.x', 'gs://lake/x/'), '--columns', 'id');
    await fails(/There is no object under gs:\/\/lake\/empty\//, ...createTable('lake.x', 'gs://lake/empty/'));
    // An empty prefix with declared columns is an empty table, not an error.
    await ok(...createTable('lake.empty', 'gs://lake/empty/'), '--columns', 'id INT');
    assert.deepEqual(await rows('select count(*) as n from lake.empty'), [{ n: 0 }]);
    await ok('catalog', 'delete-table', 'lake.empty');
  });
});
