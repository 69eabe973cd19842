import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pipeline, sql } from '../../src/pipeline/dsl/index.js';
import { resolveRunAs } from '../../src/runtime/run-caller.js';
import { cli } from '../cli/capture.js';
import { harness } from '../helpers/harness.js';
import { ANA_SEES, valuesSql } from './worked-example.js';

// The design doc's worked example (docs/governance-design.md), end to end on a real DuckDB
// warehouse in a home: set up with the CLI, then read as ana through `godwit sql --as` and
// through a pipeline's sql step run as ana.
const ROWS = valuesSql({ ssn: false });

describe('reading as a principal: godwit sql --as and a sql step of a run as ana', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => cli(args, env);
  const ok = async (...args: string[]) => {
    const r = await run(...args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  before(async () => {
    h = await harness({ warehouse: true });
    env = { GODWIT_HOME: h.home.root, GODWIT_USER: 'admin' };
    await ok(
      'sql',
      `create schema churn; create table churn.customers(id bigint, region varchar, email varchar, plan varchar, spend bigint); insert into churn.customers values ${ROWS}`,
    );
    await ok('catalog', 'sync');
    await ok('principals', 'create', 'ana');
    await ok('filter', 'create', 'eu_no_pii', '--on', 'churn.customers', '--where', "region = 'EU'", '--exclude', 'email');
    await ok('filter', 'create', 'vip_contact', '--on', 'churn.customers', '--where', "plan = 'vip'", '--columns', 'id,email');
    await ok('grant', 'SELECT', '--on', 'filter:churn.customers.eu_no_pii', '--to', 'user/ana');
    await ok('grant', 'SELECT', '--on', 'filter:churn.customers.vip_contact', '--to', 'user/ana');
  });
  after(() => h?.close());

  test('godwit sql --as ana reads the cell-level view; the local user reads the table', async () => {
    const rows = (out: string) => JSON.parse(out).statements[0].rows;
    assert.deepEqual(rows(await ok('sql', '--as', 'ana', '--json', 'select * from churn.customers order by id')), ANA_SEES);
    assert.equal(rows(await ok('sql', '--json', 'select count(*) as n from churn.customers'))[0].n, 4);
    // BigQuery SQL is enforced too: it reaches the same rewriter after translation.
    assert.deepEqual(
      rows(await ok('sql', '--as', 'ana', '--dialect', 'bigquery', '--json', 'SELECT id FROM churn.customers ORDER BY id')),
      [{ id: 1 }, { id: 2 }, { id: 3 }],
    );
  });

  test('refusals name what was refused; an unknown principal is refused before anything runs', async () => {
    const files = await run('sql', '--as', 'ana', "select * from read_csv('/etc/passwd')");
    assert.notEqual(files.code, 0);
    assert.match(files.stderr, /Access denied: the function read_csv/);
    const nobody = await run('sql', '--as', 'nobody', 'select 1');
    assert.notEqual(nobody.code, 0);
    assert.match(nobody.stderr, /There is no principal "nobody"/);
  });

  test('a sql step of a run as ana writes only what ana may read, and the access log has its decisions', async () => {
    const { caller } = await resolveRunAs('ana', (name) => h.services.metadata.principals.get(name));
    const copy = sql('copy', {
      dialect: 'duckdb',
      statements: 'create or replace table churn.ana_copy as select * from churn.customers',
    });
    await ok('grant', 'CREATE_TABLE', '--on', 'churn', '--to', 'user/ana');
    const outcome = await h.run(pipeline('as-ana', { steps: [copy] }), {}, { caller });
    assert.equal(outcome.status, 'succeeded');
    const copied = JSON.parse(await ok('sql', '--json', 'select * from churn.ana_copy order by id')).statements[0].rows;
    assert.deepEqual(copied, ANA_SEES);
    // As the local user, the same step copies the whole table.
    assert.equal((await h.run(pipeline('as-admin', { steps: [copy] }))).status, 'succeeded');
    assert.equal(JSON.parse(await ok('sql', '--json', 'select count(*) as n from churn.ana_copy')).statements[0].rows[0].n, 4);
    const log = JSON.parse(await ok('audit', '--principal', 'ana', '--json'));
    const entries = Array.isArray(log) ? log : log.decisions;
    assert.ok(entries.some((d: { decision: string }) => d.decision === 'allowed'));
    assert.ok(entries.some((d: { decision: string }) => d.decision === 'denied'));
  });

  test('a BigQuery ML model ana trains with godwit sql --as is recorded as lineage, through the home --as opened', async () => {
    await ok(
      'sql',
      '--as',
      'ana',
      '--dialect',
      'bigquery',
      "CREATE MODEL churn.by_ana OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['id']) AS SELECT id, spend FROM churn.customers",
    );
    const found = await h.services.metadata.lineage.find({ sourceUri: 'bq://default.churn.by_ana' });
    assert.deepEqual(found.map((e) => e.type).sort(), ['BigQueryMLTraining', 'Model']);
  });
});
