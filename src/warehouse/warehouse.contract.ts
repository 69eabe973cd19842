/**
 * The contract every `Warehouse` passes: one node:test suite per backend, run against a real
 * engine (DuckDB in a temp folder, the test run's PostgreSQL, a BigQuery stand-in). Each test gets
 * a fresh warehouse and a fresh, empty object prefix from `make`, and calls `cleanup` after itself.
 * The SQL it sends is written once; `dialect` says how this warehouse spells parameters, table
 * names, types and a series of integers, so the same suite runs on DuckDB, PostgreSQL, Redshift
 * and BigQuery.
 *
 * ```ts
 * warehouseContract('duckdb', async () => {
 *   const dir = scratchDir('wh-');
 *   const stores = (uri: string) => objectIn(uri);
 *   const warehouse = createWarehouse('t', { type: 'duckdb', url: join(dir, 'w.duckdb') }, { home: dir, stores });
 *   return { warehouse, stores, objects: `${toFileUri(join(dir, 'objects'))}/`, cleanup: () => warehouse.close() };
 * }, ansiDialect('$'));
 * ```
 *
 * COPY and UNLOAD cases live in `warehouse-io.contract.ts`; this file holds the SQL cases.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { StoreResolver, TableRef, Warehouse } from './warehouse.js';
import { warehouseIoContract } from './warehouse-io.contract.js';

export interface WarehouseUnderTest {
  readonly warehouse: Warehouse;
  /** How the suite puts source objects and reads unloaded ones (the warehouse's own resolver). */
  readonly stores: StoreResolver;
  /** A fresh, empty prefix URI ending in `/` that the warehouse's COPY and UNLOAD can reach. */
  readonly objects: string;
  /** The schema (BigQuery: dataset) the suite's tables go in; the default one when absent. */
  readonly schema?: string;
  readonly cleanup: () => Promise<void>;
}

/** How the warehouse under test spells what the suite's SQL needs. */
export interface ContractDialect {
  /** A named parameter in SQL text: `$n` (DuckDB), `:n` (PostgreSQL, Redshift), `@n` (BigQuery). */
  readonly param: (name: string) => string;
  /** A table reference in SQL text, quoted as the dialect quotes it. */
  readonly table: (ref: TableRef) => string;
  /** Column types for integers and text (`integer`/`varchar`, `INT64`/`STRING`). */
  readonly types: { readonly int: string; readonly text: string };
  /** A select of one column `i` holding the integers 1..n. */
  readonly series: (n: number) => string;
  /** Contract tests this warehouse cannot run (by title), each with the reason shown as the skip. */
  readonly skip?: Readonly<Record<string, string>>;
}

/** The dialect of DuckDB (`$`) and PostgreSQL/Redshift (`:`): double-quoted names, generate_series. */
export function ansiDialect(sigil: '$' | ':'): ContractDialect {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return {
    param: (name) => `${sigil}${name}`,
    table: (ref) => (ref.schema ? `${quote(ref.schema)}.${quote(ref.name)}` : quote(ref.name)),
    types: { int: 'integer', text: 'varchar' },
    series: (n) => `select i from generate_series(1, ${n}) as s(i)`,
  };
}

/** What each contract test reaches: the current fixture and the helpers written over it. */
export interface ContractContext {
  readonly current: () => WarehouseUnderTest;
  readonly dialect: ContractDialect;
  /** A TableRef in the fixture's schema. */
  readonly ref: (name: string) => TableRef;
  /** `create table <name> (id int, name text)` plus the given rows. */
  readonly peopleTable: (name: string, rows?: readonly [number, string | null][]) => Promise<TableRef>;
  /** All rows of a table ordered by its first column. */
  readonly rowsOf: (ref: TableRef) => Promise<Record<string, unknown>[]>;
  readonly test: (title: string, body: () => Promise<void>) => void;
}

export function expectCode(...codes: string[]): (err: unknown) => boolean {
  return (err) => {
    const code = (err as { code?: unknown }).code;
    assert.ok(codes.includes(String(code)), `expected ${codes.join(' or ')}, got ${code}: ${String(err)}`);
    return true;
  };
}

export function warehouseContract(name: string, make: () => Promise<WarehouseUnderTest>, dialect: ContractDialect): void {
  describe(`Warehouse contract: ${name}`, () => {
    let fixture: WarehouseUnderTest | undefined;
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });
    const current = () => fixture ?? assert.fail('no warehouse under test');
    const ref = (n: string): TableRef => ({ name: n, ...(current().schema ? { schema: current().schema } : {}) });
    const ctx: ContractContext = {
      current,
      dialect,
      ref,
      peopleTable: async (n, rows = []) => {
        const t = ref(n);
        const wh = current().warehouse;
        await wh.execute(`create table ${dialect.table(t)} (id ${dialect.types.int}, name ${dialect.types.text})`);
        for (const [id, who] of rows) {
          await wh.execute(
            `insert into ${dialect.table(t)} (id, name) values (${dialect.param('id')}, ${dialect.param('who')})`,
            { id, who },
          );
        }
        return t;
      },
      rowsOf: async (t) =>
        (await current().warehouse.query(`select * from ${dialect.table(t)} order by 1`)).rows.map((r) => ({ ...r })),
      test: (title, body) => {
        const reason = dialect.skip?.[title];
        test(title, reason ? { skip: reason } : {}, body);
      },
    };
    sqlCases(ctx);
    warehouseIoContract(ctx);
  });
}

function sqlCases(ctx: ContractContext): void {
  const { dialect: d, current, ref, peopleTable, rowsOf } = ctx;
  const wh = () => current().warehouse;

  ctx.test('query binds named parameters and returns columns, plain JS rows and cost', async () => {
    const result = await wh().query(`select ${d.param('a')} as a, ${d.param('b')} as b, ${d.param('n')} as n`, {
      a: 41,
      b: 'text',
      n: null,
    });
    assert.deepEqual(
      result.columns.map((c) => c.name),
      ['a', 'b', 'n'],
    );
    assert.ok(result.columns.every((c) => typeof c.type === 'string' && c.type.length > 0));
    assert.deepEqual(result.rows, [{ a: 41, b: 'text', n: null }]);
    assert.equal(result.cost.rows, 1);
    assert.ok(result.cost.durationMs >= 0);
  });

  ctx.test('counts and integer columns come back as numbers', async () => {
    const t = await peopleTable('counted', [
      [1, 'a'],
      [2, 'b'],
      [3, null],
    ]);
    const { rows } = await wh().query(`select count(*) as n, sum(id) as total, max(id) as top from ${d.table(t)}`);
    assert.deepEqual(rows, [{ n: 3, total: 6, top: 3 }]);
  });

  ctx.test('a parameter the SQL names but params lack is E_SQL_PARAMETER', async () => {
    await assert.rejects(wh().query(`select ${d.param('missing')} as x`, {}), expectCode('E_SQL_PARAMETER'));
  });

  ctx.test('a value holding SQL is bound as data, never run', async () => {
    const t = await peopleTable('victims', [[1, 'alice']]);
    const evil = `x'); drop table ${d.table(t)}; --`;
    await wh().execute(`insert into ${d.table(t)} (id, name) values (2, ${d.param('v')})`, { v: evil });
    const echoed = await wh().query(`select ${d.param('v')} as v`, { v: `'; drop table ${d.table(t)}; select '` });
    assert.equal(echoed.rows[0]?.v, `'; drop table ${d.table(t)}; select '`);
    assert.deepEqual(await rowsOf(t), [
      { id: 1, name: 'alice' },
      { id: 2, name: evil },
    ]);
  });

  ctx.test('stream yields every row in batches of batchRows', async () => {
    const sizes: number[] = [];
    let sum = 0;
    for await (const batch of wh().stream(`select i from (${d.series(2500)}) as s order by i`, {}, { batchRows: 1000 })) {
      assert.deepEqual(
        batch.columns.map((c) => c.name),
        ['i'],
      );
      sizes.push(batch.rows.length);
      for (const row of batch.rows) sum += row.i as number;
    }
    assert.deepEqual(sizes, [1000, 1000, 500]);
    assert.equal(sum, (2500 * 2501) / 2);
  });

  ctx.test('execute reports rows affected; a rejected statement is E_SQL, a missing table E_TABLE_NOT_FOUND', async () => {
    const t = await peopleTable('affected');
    const cost = await wh().execute(`insert into ${d.table(t)} (id, name) select i, 'n' from (${d.series(7)}) as s`);
    assert.equal(cost.rows, 7);
    assert.ok(cost.durationMs >= 0);
    assert.equal((await wh().execute(`delete from ${d.table(t)} where id > ${d.param('k')}`, { k: 5 })).rows, 2);
    await assert.rejects(wh().execute('selec nonsense'), expectCode('E_SQL'));
    await assert.rejects(wh().query(`select * from ${d.table(ref('no_such_table'))}`), (err: Error) => {
      expectCode('E_TABLE_NOT_FOUND')(err);
      assert.match(err.message, /no_such_table/);
      return true;
    });
  });

  ctx.test('createTableAs creates with bound params, refuses an existing table, replaces atomically', async () => {
    const src = await peopleTable('src', [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const t = ref('derived');
    const made = await wh().createTableAs(t, `select id, name from ${d.table(src)} where id >= ${d.param('lo')}`, {
      params: { lo: 2 },
    });
    assert.equal(made.rows, 2);
    assert.deepEqual(await rowsOf(t), [
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ]);
    await assert.rejects(wh().createTableAs(t, `select id from ${d.table(src)}`), expectCode('E_TABLE_EXISTS'));
    await assert.rejects(
      wh().createTableAs(t, `select no_such_column from ${d.table(src)}`, { replace: true }),
      expectCode('E_SQL'),
    );
    assert.deepEqual(
      await rowsOf(t),
      [
        { id: 2, name: 'b' },
        { id: 3, name: 'c' },
      ],
      'a failed replace leaves the old table',
    );
    await wh().createTableAs(t, `select id * 10 as id from ${d.table(src)}`, { replace: true });
    assert.deepEqual(await rowsOf(t), [{ id: 10 }, { id: 20 }, { id: 30 }]);
  });

  ctx.test('a materialized view is queryable and changes only on refresh', async () => {
    const base = await peopleTable('orders', [
      [1, 'a'],
      [2, 'a'],
      [3, 'b'],
    ]);
    const view = ref('per_name');
    await wh().createMaterializedView(view, `select name, count(*) as n from ${d.table(base)} group by name`);
    assert.deepEqual(await rowsOf(view), [
      { name: 'a', n: 2 },
      { name: 'b', n: 1 },
    ]);
    const before = await wh().tableVersion(view);
    await wh().execute(`insert into ${d.table(base)} (id, name) values (4, 'b'), (5, 'c')`);
    assert.deepEqual(
      await rowsOf(view),
      [
        { name: 'a', n: 2 },
        { name: 'b', n: 1 },
      ],
      'not refreshed yet',
    );
    const refreshed = await wh().refreshMaterializedView(view);
    assert.ok(refreshed.durationMs >= 0);
    assert.deepEqual(await rowsOf(view), [
      { name: 'a', n: 2 },
      { name: 'b', n: 2 },
      { name: 'c', n: 1 },
    ]);
    assert.notEqual(await wh().tableVersion(view), before);
    await assert.rejects(wh().refreshMaterializedView(ref('no_such_view')), expectCode('E_TABLE_NOT_FOUND'));
  });

  ctx.test('a hostile table name is quoted safely or refused, never run', async () => {
    const keep = await peopleTable('keep', [[1, 'kept']]);
    for (const name of [`x"; drop table ${d.table(keep)}; --`, 'y`; drop table keep; --', "z'); drop table keep; --"]) {
      const t = ref(name);
      try {
        await wh().createTableAs(t, 'select 1 as one');
        assert.deepEqual(await rowsOf(t), [{ one: 1 }], `${name} is a table of its own`);
        assert.ok((await wh().tableVersion(t)) !== undefined);
      } catch (err) {
        expectCode('E_SQL_IDENTIFIER')(err);
      }
    }
    const hostileSchema = { name: 'ok', schema: `a"; drop table ${d.table(keep)}; --` };
    const version = await wh()
      .tableVersion(hostileSchema)
      .catch((err: unknown) => (expectCode('E_SQL_IDENTIFIER')(err) ? undefined : 'unexpected'));
    assert.equal(version, undefined);
    await assert.rejects(wh().createTableAs(ref(''), 'select 1 as one'), expectCode('E_SQL_IDENTIFIER'));
    assert.deepEqual(await rowsOf(keep), [{ id: 1, name: 'kept' }]);
  });

  ctx.test('tableVersion is undefined for a missing table and changes whenever rows change', async () => {
    assert.equal(await wh().tableVersion(ref('absent')), undefined);
    const t = await peopleTable('versioned', [[1, 'a']]);
    const v1 = await wh().tableVersion(t);
    assert.equal(typeof v1, 'string');
    await wh().query(`select * from ${d.table(t)}`);
    assert.equal(await wh().tableVersion(t), v1, 'reading does not change the version');
    await wh().execute(`insert into ${d.table(t)} (id, name) values (2, 'b')`);
    const v2 = await wh().tableVersion(t);
    assert.notEqual(v2, v1);
    await wh().execute(`update ${d.table(t)} set name = 'c' where id = 2`);
    const v3 = await wh().tableVersion(t);
    assert.notEqual(v3, v2);
    await wh().createTableAs(t, 'select 1 as id', { replace: true });
    assert.ok(![v1, v2, v3].includes(await wh().tableVersion(t)));
  });

  ctx.test('close is safe to call twice', async () => {
    await wh().query('select 1 as one');
    await wh().close();
    await wh().close();
  });
}
