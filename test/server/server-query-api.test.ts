import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { type GodwitHome, godwitHome } from '../../src/core/home.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { cli } from '../cli/capture.js';
import { ANA_SEES, valuesSql } from '../governance/worked-example.js';
import { scratchDir } from '../helpers/scratch.js';

// The design's worked example (docs/governance-design.md) plus a column no filter grants (ssn),
// read through the server's query API by principals holding bearer tokens.
const ROWS = valuesSql({ ssn: true });
/** What the query API answers: the query's result, or the REST error shape. */
interface Answer {
  readonly warehouse: string;
  readonly columns: { name: string; type: string }[];
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
  readonly truncated: boolean;
  readonly error: { code: string; message: string };
}
const policy = (actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

describe('the query API: POST /api/v1/query as the request caller', () => {
  let dir: string;
  let home: GodwitHome;
  let env: NodeJS.ProcessEnv;
  let server: RunningServer;
  let metadata: Metadata;
  const tokens: Record<string, string> = {};
  const ok = async (...args: string[]) => {
    const r = await cli(args, env);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const query = async (body: unknown, token?: string) => {
    const res = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };

  before(async () => {
    dir = scratchDir('godwit-query-api-');
    home = godwitHome(join(dir, 'home'));
    env = { GODWIT_HOME: home.root, GODWIT_USER: 'admin' };
    await ok(
      'sql',
      `create schema churn; create table churn.customers(id bigint, region varchar, email varchar, plan varchar, spend bigint, ssn varchar); insert into churn.customers values ${ROWS}`,
    );
    await ok('catalog', 'sync');
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    metadata = await openMetadata(home, systemClock, {});
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  test('with no principals, the local user reads the whole table', async () => {
    const { status, body } = await query({ sql: 'select * from churn.customers order by id' });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.rowCount, 4);
    assert.deepEqual(
      body.columns.map((c) => c.name),
      ['id', 'region', 'email', 'plan', 'spend', 'ssn'],
    );
    assert.equal(body.rows[3].ssn, 's4');
    assert.equal(body.truncated, false);
    assert.equal(body.warehouse, 'default');
  });

  test('set up: ana reads through two data cells filters; bob may not query; carol may query but holds no grant', async () => {
    const file = (name: string, actions: string[]) => {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify(policy(actions)));
      return path;
    };
    await ok('principals', 'create', 'ana', '--policy', file('ana', ['godwit:Query']));
    await ok('principals', 'create', 'bob', '--policy', file('bob', ['godwit:ListRuns']));
    await ok('principals', 'create', 'carol', '--policy', file('carol', ['godwit:Query']));
    await ok('filter', 'create', 'eu_no_pii', '--on', 'churn.customers', '--where', "region = 'EU'", '--exclude', 'email,ssn');
    await ok('filter', 'create', 'vip_contact', '--on', 'churn.customers', '--where', "plan = 'vip'", '--columns', 'id,email');
    await ok('grant', 'SELECT', '--on', 'filter:churn.customers.eu_no_pii', '--to', 'user/ana');
    await ok('grant', 'SELECT', '--on', 'filter:churn.customers.vip_contact', '--to', 'user/ana');
    for (const name of ['ana', 'bob', 'carol']) tokens[name] = (await metadata.principals.createToken(name)).token;
  });

  test('401 without a token, once principals exist', async () => {
    // The server re-reads whether principals exist at most once a second.
    const deadline = Date.now() + 5000;
    let answer = await query({ sql: 'select 1' });
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await query({ sql: 'select 1' });
    }
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error.code, 'E_UNAUTHENTICATED');
  });

  test('ana reads only her view: rows her filters cover, NULL in cells no covering filter grants', async () => {
    const { status, body } = await query({ sql: 'select * from churn.customers order by id' }, tokens.ana);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.rows, ANA_SEES);
    assert.deepEqual(
      body.columns.map((c) => c.name),
      ['id', 'region', 'email', 'plan', 'spend'],
      'SELECT * leaves out the column no filter grants',
    );
    assert.equal(body.rowCount, 3);
    // Aggregates run over the view, never the table.
    const counted = await query({ sql: 'select count(*) as n, sum(spend) as s from churn.customers' }, tokens.ana);
    assert.deepEqual(counted.body.rows, [{ n: 3, s: 80 }]);
  });

  test('bounded: maxRows cuts the answer and says so; params are bound; BigQuery SQL is enforced too', async () => {
    const cut = await query({ sql: 'select id from churn.customers order by id', maxRows: 2 }, tokens.ana);
    assert.deepEqual(cut.body.rows, [{ id: 1 }, { id: 2 }]);
    assert.equal(cut.body.truncated, true);
    const bound = await query({ sql: 'select id, email from churn.customers where id = $id', params: { id: 2 } }, tokens.ana);
    assert.deepEqual(bound.body.rows, [{ id: 2, email: 'b@x' }]);
    const bq = await query({ sql: 'SELECT id FROM churn.customers ORDER BY id', dialect: 'bigquery' }, tokens.ana);
    assert.deepEqual(bq.body.rows, [{ id: 1 }, { id: 2 }, { id: 3 }]);
    const tooMany = await query({ sql: 'select 1', maxRows: 1_000_000 }, tokens.ana);
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error.code, 'E_REQUEST_BODY');
    const noSql = await query({}, tokens.ana);
    assert.equal(noSql.status, 400);
    assert.match(noSql.body.error.message, /"sql"/);
  });

  test('a hidden column is denied by name; a table without a grant, files and SQL errors are refused with codes', async () => {
    const hidden = await query({ sql: 'select id, ssn from churn.customers' }, tokens.ana);
    assert.equal(hidden.status, 403);
    assert.equal(hidden.body.error.code, 'E_ACCESS_DENIED');
    assert.match(hidden.body.error.message, /column "ssn" of churn\.customers/);
    const carol = await query({ sql: 'select id from churn.customers' }, tokens.carol);
    assert.equal(carol.status, 403);
    assert.match(carol.body.error.message, /churn\.customers/);
    const file = await query({ sql: "select * from read_csv('/etc/passwd')" }, tokens.ana);
    assert.equal(file.status, 403);
    assert.match(file.body.error.message, /read_csv/);
    const broken = await query({ sql: 'select id from churn.customers where' }, tokens.ana);
    assert.equal(broken.status, 400, JSON.stringify(broken.body));
    assert.equal(broken.body.error.code, 'E_SQL');
  });

  test('403 without godwit:Query on the warehouse, in the REST shape, naming the action', async () => {
    const { status, body } = await query({ sql: 'select 1' }, tokens.bob);
    assert.equal(status, 403);
    assert.equal(body.error.code, 'E_ACCESS_DENIED');
    assert.match(body.error.message, /godwit:Query on resource: arn:aws:godwit:us-east-1:000000000000:warehouse\/default/);
  });

  test("godwit sql --server URL --token T reads through the query API as the token's principal", async () => {
    const asJson = await ok(
      'sql',
      '--server',
      server.url,
      '--token',
      tokens.ana,
      '--json',
      'select * from churn.customers order by id',
    );
    assert.deepEqual(JSON.parse(asJson).rows, ANA_SEES);
    const fromEnv = await cli(
      ['sql', '--server', server.url, '--max-rows', '1', 'select id, email from churn.customers order by id'],
      {
        ...env,
        GODWIT_TOKEN: tokens.ana,
      },
    );
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.match(fromEnv.stdout, /NULL/, 'the cell no covering filter grants');
    assert.match(fromEnv.stderr, /1 row from .*more rows were cut/);
    const anonymous = await cli(['sql', '--server', server.url, 'select 1'], env);
    assert.notEqual(anonymous.code, 0);
    assert.match(anonymous.stderr, /--token or GODWIT_TOKEN/);
    const hidden = await cli(['sql', '--server', server.url, '--token', tokens.ana, 'select ssn from churn.customers'], env);
    assert.notEqual(hidden.code, 0);
    assert.match(hidden.stderr, /column "ssn" of churn\.customers/);
    const both = await cli(['sql', '--server', server.url, '--as', 'ana', 'select 1'], env);
    assert.equal(both.code, 2);
  });

  test('every decision is in the access log, via rest', async () => {
    await server.stop(); // flushes the door's queued decisions
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const log = JSON.parse(await ok('audit', '--json', '--limit', '500'));
    const entries: { principal: string; action: string; decision: string; via: string; resource: string; detail?: string }[] =
      Array.isArray(log) ? log : log.decisions;
    const rest = entries.filter((e) => e.via === 'rest');
    const of = (who: string) => rest.filter((e) => e.principal.endsWith(`user/${who}`));
    assert.ok(of('ana').some((e) => e.action === 'godwit:Query' && e.decision === 'allowed'));
    assert.ok(
      of('ana').some((e) => e.resource.includes('churn') && e.decision === 'allowed'),
      'the table read, with its filters',
    );
    assert.ok(
      of('ana').some((e) => e.decision === 'denied'),
      'the hidden column',
    );
    assert.ok(of('bob').some((e) => e.action === 'godwit:Query' && e.decision === 'denied'));
    assert.ok(of('carol').some((e) => e.decision === 'denied' && e.resource.includes('customers')));
  });
});
