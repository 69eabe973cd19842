/**
 * The real-Redshift path at the request level: the official Data API client talks to a local
 * stand-in of the Data API (node:http, the JSON 1.1 protocol with X-Amz-Target), which records
 * every request and answers as the service does. No Redshift runs here; what is checked is what
 * Godwit sends (the SQL exactly as written, parameters as Parameters) and how it reads answers.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createWarehouse } from '../../src/warehouse/redshift/redshift-warehouse.js';
import { scratchDir } from '../helpers/scratch.js';

process.env.AWS_ACCESS_KEY_ID = 'AKIDSTANDIN';
process.env.AWS_SECRET_ACCESS_KEY = 'standin-secret';

interface Call {
  readonly action: string;
  readonly body: Record<string, unknown>;
}

/** What the stand-in answers for a statement: its status, error, rows affected, result pages. */
interface Outcome {
  status?: 'FINISHED' | 'FAILED';
  error?: string;
  resultRows?: number;
  queryId?: number;
  pages?: { ColumnMetadata?: unknown[]; Records: unknown[][] }[];
}

const calls: Call[] = [];
let outcomeFor: (sql: string) => Outcome = () => ({});
const statements = new Map<string, { sql: string; outcome: Outcome; polls: number }>();
let server: Server;
let endpoint: string;

function answer(action: string, body: Record<string, unknown>): [number, unknown] {
  if (action === 'ExecuteStatement' || action === 'BatchExecuteStatement') {
    const id = `stmt-${statements.size + 1}`;
    const sql = action === 'ExecuteStatement' ? String(body.Sql) : (body.Sqls as string[]).join(';\n');
    statements.set(id, { sql, outcome: outcomeFor(sql), polls: 0 });
    return [200, { Id: id, Database: body.Database, ClusterIdentifier: body.ClusterIdentifier, CreatedAt: 1.7e9 }];
  }
  const s = statements.get(String(body.Id));
  if (!s) return [400, { __type: 'ResourceNotFoundException', message: `no statement ${body.Id}` }];
  if (action === 'DescribeStatement') {
    // The first poll finds it still running, as a real statement often is.
    const status = s.polls++ === 0 ? 'STARTED' : (s.outcome.status ?? 'FINISHED');
    return [
      200,
      {
        Id: body.Id,
        Status: status,
        Error: s.outcome.error,
        HasResultSet: s.outcome.pages !== undefined,
        ResultRows: s.outcome.resultRows ?? -1,
        RedshiftQueryId: s.outcome.queryId,
        QueryString: s.sql,
      },
    ];
  }
  if (action === 'GetStatementResult') {
    const pages = s.outcome.pages ?? [];
    const at = body.NextToken ? Number(body.NextToken) : 0;
    const page = pages[at];
    return [200, { ...page, TotalNumRows: 0, ...(at + 1 < pages.length ? { NextToken: String(at + 1) } : {}) }];
  }
  return [400, { __type: 'ValidationException', message: `stand-in has no ${action}` }];
}

before(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace(/^RedshiftData\./, '');
      const body = JSON.parse(text || '{}');
      calls.push({ action, body });
      const [status, payload] = answer(action, body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  calls.length = 0;
  outcomeFor = () => ({});
});

function warehouse(extra: Record<string, string> = {}) {
  return createWarehouse(
    'prod',
    {
      type: 'redshift',
      clusterIdentifier: 'analytics',
      database: 'dev',
      secretArn: 'arn:aws:secretsmanager:us-east-1:1:secret:x',
      endpoint,
      region: 'us-east-1',
      ...extra,
    },
    { home: scratchDir('rsdata-'), stores: () => Promise.reject(new Error('a real Redshift reads S3 itself')) },
  );
}

const executed = () => calls.filter((c) => c.action === 'ExecuteStatement' || c.action === 'BatchExecuteStatement');

describe('Redshift through the Data API (request level, local stand-in)', () => {
  test('a query is sent exactly as written with its parameters as Parameters; typed fields become JS values', async () => {
    const sql = "select id, amount, day, flag, note from sales where region = :region and amount > :min -- ':x' is text\n";
    outcomeFor = () => ({
      resultRows: 2,
      pages: [
        {
          ColumnMetadata: [
            { name: 'id', label: 'id', typeName: 'int8' },
            { name: 'amount', label: 'amount', typeName: 'numeric' },
            { name: 'day', label: 'day', typeName: 'date' },
            { name: 'flag', label: 'flag', typeName: 'bool' },
            { name: 'note', label: 'note', typeName: 'varchar' },
          ],
          Records: [
            [{ longValue: 1 }, { stringValue: '10.50' }, { stringValue: '2024-01-31' }, { booleanValue: true }, { isNull: true }],
          ],
        },
        {
          Records: [
            [
              { longValue: 2 },
              { stringValue: '3' },
              { stringValue: '2024-02-01' },
              { booleanValue: false },
              { stringValue: 'x' },
            ],
          ],
        },
      ],
    });
    const wh = warehouse();
    const result = await wh.query(sql, { region: 'eu', min: 5 });
    const [call] = executed();
    assert.equal(call.action, 'ExecuteStatement');
    assert.equal(call.body.Sql, sql, 'the SQL text is sent as written');
    assert.deepEqual(call.body.Parameters, [
      { name: 'region', value: 'eu' },
      { name: 'min', value: '5' },
    ]);
    assert.equal(call.body.ClusterIdentifier, 'analytics');
    assert.equal(call.body.Database, 'dev');
    assert.equal(call.body.SecretArn, 'arn:aws:secretsmanager:us-east-1:1:secret:x');
    assert.deepEqual(result.rows, [
      { id: 1, amount: 10.5, day: new Date('2024-01-31T00:00:00Z'), flag: true, note: null },
      { id: 2, amount: 3, day: new Date('2024-02-01T00:00:00Z'), flag: false, note: 'x' },
    ]);
    assert.deepEqual(
      result.columns.map((c) => c.type),
      ['int8', 'numeric', 'date', 'bool', 'varchar'],
    );
    assert.ok(calls.filter((c) => c.action === 'DescribeStatement').length >= 2, 'polled until FINISHED');
    assert.equal(calls.filter((c) => c.action === 'GetStatementResult').length, 2, 'read every page');
    await wh.close();
  });

  test('COPY and UNLOAD written by the user go to Redshift as written (Redshift reads S3 itself)', async () => {
    const wh = warehouse();
    const copy = "COPY sales.orders FROM 's3://raw/orders/' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS CSV IGNOREHEADER 1;";
    const unload =
      "UNLOAD ('select * from sales.orders where region = ''EU''') TO 's3://out/orders/' IAM_ROLE default FORMAT AS PARQUET PARALLEL OFF MAXFILESIZE 100 MB MANIFEST ALLOWOVERWRITE";
    outcomeFor = () => ({ resultRows: 42 });
    assert.equal((await wh.execute(copy)).rows, 42);
    await wh.execute(unload);
    assert.deepEqual(
      executed().map((c) => [c.body.Sql, c.body.Parameters]),
      [
        [copy, undefined],
        [unload, undefined],
      ],
    );
    await wh.close();
  });

  test('copyFrom and unload are written as Redshift COPY / UNLOAD with quoted names and literals; unload reads its files from STL_UNLOAD_LOG', async () => {
    const wh = warehouse({ iamRole: 'arn:aws:iam::1:role/etl' });
    outcomeFor = (sql) =>
      sql.startsWith('UNLOAD')
        ? { queryId: 777 }
        : sql.includes('stl_unload_log')
          ? {
              pages: [
                {
                  ColumnMetadata: [
                    { name: 'path', typeName: 'text' },
                    { name: 'size', typeName: 'int8' },
                  ],
                  Records: [[{ stringValue: 's3://out/p/0000_part_00.csv' }, { longValue: 120 }]],
                },
              ],
            }
          : { resultRows: 3 };
    await wh.copyFrom({ schema: 'raw', name: 'o"rders' }, { uri: "s3://b/it's/", format: 'csv', csv: { delimiter: '|' } });
    const result = await wh.unload('select 1', {
      uri: 's3://out/p/',
      format: 'csv',
      parallel: false,
      maxFileBytes: 64 * 1024 ** 2,
      manifest: true,
    });
    const sqls = executed().map((c) => c.body.Sql);
    assert.equal(
      sqls[0],
      `COPY "raw"."o""rders" FROM 's3://b/it''s/' IAM_ROLE 'arn:aws:iam::1:role/etl' FORMAT AS CSV IGNOREHEADER 1 DELIMITER '|' NULL AS ''`,
    );
    assert.equal(
      sqls[1],
      `UNLOAD ('select 1') TO 's3://out/p/' IAM_ROLE 'arn:aws:iam::1:role/etl' FORMAT AS CSV HEADER PARALLEL OFF MAXFILESIZE 64 MB MANIFEST`,
    );
    assert.match(String(sqls[2]), /stl_unload_log where query = :q/);
    assert.deepEqual(executed()[2].body.Parameters, [{ name: 'q', value: '777' }]);
    assert.deepEqual(result.files, [{ uri: 's3://out/p/0000_part_00.csv', size: 120 }]);
    assert.equal(result.manifestUri, 's3://out/p/manifest');
    await assert.rejects(wh.copyFrom({ name: 't' }, { uri: 'file:///tmp/x.csv', format: 'csv' }), {
      code: 'E_WAREHOUSE_UNSUPPORTED',
    });
    await wh.close();
  });

  test('createTableAs with replace builds beside the old table and swaps in one transaction; physical design is written as DDL', async () => {
    const wh = warehouse();
    outcomeFor = () => ({ resultRows: 5 });
    const cost = await wh.createTableAs({ schema: 'a', name: 'daily' }, 'select day from t where x = :x', {
      replace: true,
      params: { x: 1 },
      physical: { DISTKEY: 'day', SORTKEY: ['day'] },
    });
    assert.equal(cost.rows, 5);
    const [create, swap] = executed();
    assert.match(
      String(create.body.Sql),
      /^CREATE TABLE "a"\."daily__godwit_[0-9a-f]{8}" DISTKEY\("day"\) SORTKEY\("day"\) AS select day from t where x = :x$/,
    );
    assert.deepEqual(create.body.Parameters, [{ name: 'x', value: '1' }]);
    assert.equal(swap.action, 'BatchExecuteStatement');
    assert.equal((swap.body.Sqls as string[])[0], 'DROP TABLE IF EXISTS "a"."daily"');
    assert.match((swap.body.Sqls as string[])[1], /^ALTER TABLE "a"\."daily__godwit_[0-9a-f]{8}" RENAME TO "daily"$/);
    await wh.close();
  });

  test("a failed statement is E_SQL with Redshift's error; a missing parameter never reaches the service", async () => {
    const wh = warehouse();
    outcomeFor = () => ({ status: 'FAILED', error: 'ERROR: relation "nope" does not exist' });
    await assert.rejects(wh.query('select * from nope'), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_SQL');
      assert.match(err.message, /relation "nope" does not exist/);
      return true;
    });
    calls.length = 0;
    await assert.rejects(wh.query('select :a', {}), { code: 'E_SQL_PARAMETER' });
    assert.deepEqual(calls, []);
    await wh.close();
  });

  test('an unreachable Data API endpoint is E_WAREHOUSE_UNREACHABLE', async () => {
    const wh = warehouse({ endpoint: 'http://127.0.0.1:1' });
    await assert.rejects(wh.query('select 1'), { code: 'E_WAREHOUSE_UNREACHABLE' });
    await wh.close();
  });

  test('a configuration with neither a url nor a cluster is E_WAREHOUSE_CONFIG', () => {
    assert.throws(
      () =>
        createWarehouse(
          'x',
          { type: 'redshift' },
          { home: scratchDir('rsdata-'), stores: () => Promise.reject(new Error('none')) },
        ),
      { code: 'E_WAREHOUSE_CONFIG' },
    );
  });
});
