/**
 * A pipeline's sql steps read external tables too: as the local user (the engine wrapped by
 * externalTablesWarehouse) and as a principal (the rewriter's view over the objects), each step
 * listing the objects when it runs.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { toFileUri } from '../../src/core/uri.js';
import { pipeline, sql } from '../../src/pipeline/dsl/index.js';
import { resolveRunAs } from '../../src/runtime/run-caller.js';
import { cli } from '../cli/capture.js';
import { harness } from '../helpers/harness.js';

let h: Awaited<ReturnType<typeof harness>>;
let env: NodeJS.ProcessEnv;
let folder: string;
const ok = async (...args: string[]) => {
  const r = await cli(args, env);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const rows = async (q: string) => JSON.parse(await ok('sql', '--json', q)).statements[0].rows;

before(async () => {
  h = await harness({ warehouse: true });
  env = { GODWIT_HOME: h.home.root, GODWIT_USER: 'admin' };
  folder = join(h.home.root, 'landing', 'orders');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'a.csv'), 'id,region,amount\n1,EU,10\n2,US,20\n');
  await ok('catalog', 'register-location', `${toFileUri(join(h.home.root, 'landing'))}/`);
  await ok(
    'catalog',
    'create-table',
    'lake.orders',
    '--location',
    `${toFileUri(folder)}/`,
    '--format',
    'csv',
    '--columns',
    'id INT, region VARCHAR, amount INT',
  );
  await ok('sql', 'create schema copies; create table copies.seed(x int)');
  // Syncing the warehouse leaves the external table alone.
  await ok('catalog', 'sync');
  await ok('principals', 'create', 'ana');
  await ok('filter', 'create', 'eu', '--on', 'lake.orders', '--where', "region = 'EU'", '--exclude', 'amount');
  await ok('grant', 'SELECT', '--on', 'filter:lake.orders.eu', '--to', 'user/ana');
  await ok('grant', 'CREATE_TABLE', '--on', 'copies', '--to', 'user/ana');
});
after(() => h?.close());

const copy = (name: string) =>
  sql(name, { dialect: 'duckdb', statements: `create or replace table copies.${name} as select * from lake.orders` });

test('a sql step as the local user copies every object under the location, including one written just before', async () => {
  writeFileSync(join(folder, 'b.csv'), 'id,region,amount\n3,EU,30\n');
  const outcome = await h.run(pipeline('copy-local', { steps: [copy('local_copy')] }));
  assert.equal(outcome.status, 'succeeded');
  assert.deepEqual(await rows('select * from copies.local_copy order by id'), [
    { id: 1, region: 'EU', amount: 10 },
    { id: 2, region: 'US', amount: 20 },
    { id: 3, region: 'EU', amount: 30 },
  ]);
});

test('a sql step run as ana copies only her view of the external table', async () => {
  const { caller } = await resolveRunAs('ana', (name) => h.services.metadata.principals.get(name));
  const outcome = await h.run(pipeline('copy-ana', { steps: [copy('ana_copy')] }), {}, { caller });
  assert.equal(outcome.status, 'succeeded');
  assert.deepEqual(await rows('select * from copies.ana_copy order by id'), [
    { id: 1, region: 'EU' },
    { id: 3, region: 'EU' },
  ]);
});
