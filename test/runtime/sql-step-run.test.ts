/**
 * Sql steps on the embedded DuckDB warehouse, run as `godwit run` runs them: a CTAS then an
 * UNLOAD whose CSV a function step reads as an ordinary artifact; the cache (a hit when nothing
 * changed, a miss when the input table's rows did); parameters that stay data; Redshift SQL
 * through the dialect front end.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fn, param, pipeline, sql } from '../../src/pipeline/dsl/index.js';
import { attemptPaths } from '../../src/runtime/workspace.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { harness } from '../helpers/harness.js';

type H = Awaited<ReturnType<typeof harness>>;

async function onWarehouse<T>(h: H, work: (wh: Warehouse) => Promise<T>): Promise<T> {
  return (h.services as { warehouses: { use: (n: undefined, w: typeof work) => Promise<T> } }).warehouses.use(undefined, work);
}

async function seed(h: H, rows: number): Promise<void> {
  await onWarehouse(h, async (wh) => {
    await wh.execute('create schema if not exists raw');
    await wh.execute(`create or replace table raw.events as select i as id, i % 3 as kind from range(${rows}) t(i)`);
  });
}

/** A function step that reads the unloaded CSV files and reports their lines. */
function reader(source: ReturnType<ReturnType<typeof sql>['output']>, seen: string[][]) {
  return fn('read', {
    inputs: { data: source },
    run: async (ctx) => {
      const files = (await readdir(ctx.inputs.data)).filter((f) => f.endsWith('.csv')).sort();
      const lines: string[] = [];
      for (const f of files) lines.push(...(await readFile(join(ctx.inputs.data, f), 'utf8')).trim().split('\n'));
      seen.push(lines);
    },
  });
}

describe('sql steps on DuckDB', () => {
  test('a CTAS, then an UNLOAD whose CSV a later step reads as an artifact with a digest', async () => {
    const h = await harness({ warehouse: true });
    try {
      await seed(h, 10);
      const minId = param.integer('min_id', 4);
      const features = sql('features', {
        dialect: 'duckdb',
        statements:
          'create schema if not exists analytics;\ncreate or replace table analytics.features as select id, id * 2 as x from raw.events where id >= $min_id;',
        params: { min_id: minId },
        outputs: { features: { table: 'analytics.features' } },
      });
      const stage = sql('stage', {
        dialect: 'duckdb',
        statements: 'select count(*) from analytics.features',
        reads: { features: features.table('features') },
        outputs: { train: { unload: 'select id, x from analytics.features where x > $least order by id', format: 'csv' } },
        params: { least: 9 },
      });
      const seen: string[][] = [];
      const run = await h.run(pipeline('ctas-unload', { parameters: [minId], steps: [reader(stage.output('train'), seen)] }));
      assert.equal(run.status, 'succeeded');
      assert.deepEqual(seen, [['id,x', '5,10', '6,12', '7,14', '8,16', '9,18']]);
      const [artifact] = await h.services.metadata.store.listArtifacts(run.runId, 'stage');
      assert.equal(artifact.type, 'dataset');
      assert.match(artifact.sha256, /^[0-9a-f]{64}$/);
      const steps = await h.steps(run.runId);
      assert.ok((steps.features.startedAt as Date) <= (steps.stage.startedAt as Date), 'the table reference orders the steps');
      const log = await readFile(attemptPaths(run.runDir, 'features', 1).log, 'utf8');
      assert.match(log, /statement 2\/2: create or replace table analytics\.features .* — \d+ ms, 6 rows/);
      const metrics = await h.services.metadata.store.listMetrics(run.runId, 'features');
      assert.equal(metrics.find((m) => m.name === 'sql:statements')?.value, 2);
      assert.match(await readFile(attemptPaths(run.runDir, 'stage', 1).log, 'utf8'), /unload train \(csv\): \d+ ms, 5 rows/);
    } finally {
      await h.close();
    }
  });

  test('a step whose outputs are all unloaded is cached until its input table changes', async () => {
    const h = await harness({ warehouse: true });
    try {
      await seed(h, 5);
      const stage = sql('stage', {
        dialect: 'duckdb',
        statements: 'select count(*) from raw.events',
        reads: { events: 'raw.events' },
        outputs: { all: { unload: 'select id from raw.events order by id', format: 'csv' } },
        cache: { enabled: true },
      });
      const seen: string[][] = [];
      const p = pipeline('cached-sql', { steps: [reader(stage.output('all'), seen)] });
      const first = await h.run(p);
      const second = await h.run(p);
      assert.equal((await h.steps(first.runId)).stage.status, 'succeeded');
      assert.equal((await h.steps(second.runId)).stage.status, 'cached');
      assert.deepEqual(seen[1], seen[0]);

      await onWarehouse(h, (wh) => wh.execute('insert into raw.events values (5, 2)'));
      const third = await h.run(p);
      assert.equal((await h.steps(third.runId)).stage.status, 'succeeded', 'the input table changed: a miss');
      assert.deepEqual(seen[2], ['id', '0', '1', '2', '3', '4', '5']);
    } finally {
      await h.close();
    }
  });

  test('the SQL of a .sql file runs, and its content (not its name) is in the cache key', async () => {
    const h = await harness({ warehouse: true });
    try {
      await seed(h, 4);
      await writeFile(join(h.root, 'pick.sql'), 'select count(*) from raw.events where id < $n;\n');
      const pick = sql('pick', {
        dialect: 'duckdb',
        file: 'pick.sql',
        params: { n: 2 },
        outputs: { ids: { unload: 'select id from raw.events where id < $n order by id', format: 'csv' } },
        cache: { enabled: true },
      });
      const seen: string[][] = [];
      const p = pipeline('from-file', { steps: [reader(pick.output('ids'), seen)] });
      await h.run(p);
      const again = await h.run(p);
      assert.equal((await h.steps(again.runId)).pick.status, 'cached');
      await writeFile(join(h.root, 'pick.sql'), 'select count(*) from raw.events where id <= $n;\n');
      const edited = await h.run(p);
      assert.equal((await h.steps(edited.runId)).pick.status, 'succeeded', 'the file changed: a miss');
      assert.deepEqual(seen[0], ['id', '0', '1']);
    } finally {
      await h.close();
    }
  });

  test("a parameter holding '; drop table …; -- is bound as data, never pasted into the SQL", async () => {
    const h = await harness({ warehouse: true });
    try {
      await seed(h, 3);
      const note = param.string('note', "x'; drop table raw.events; --");
      const notes = sql('notes', {
        dialect: 'duckdb',
        statements: 'create or replace table raw.notes as select $note as note',
        params: { note },
        outputs: { notes: { table: 'raw.notes' } },
      });
      const run = await h.run(pipeline('injection', { parameters: [note], steps: [notes] }));
      assert.equal(run.status, 'succeeded');
      await onWarehouse(h, async (wh) => {
        assert.deepEqual((await wh.query('select note from raw.notes')).rows, [{ note: "x'; drop table raw.events; --" }]);
        assert.equal((await wh.query('select count(*)::integer as n from raw.events')).rows[0].n, 3);
      });
    } finally {
      await h.close();
    }
  });

  test('Redshift SQL runs on DuckDB through the dialect front end, its :name parameters bound', async () => {
    const h = await harness({ warehouse: true });
    try {
      await seed(h, 6);
      const picked = sql('picked', {
        dialect: 'redshift',
        statements: 'create table raw.picked as select id, nvl(kind, 0) as kind from raw.events where id >= :from_id',
        params: { from_id: 4 },
        outputs: { picked: { table: 'raw.picked' } },
      });
      const run = await h.run(pipeline('redshift-offline', { steps: [picked] }));
      assert.equal(run.status, 'succeeded', JSON.stringify(await h.steps(run.runId)));
      const rows = await onWarehouse(h, async (wh) => (await wh.query('select id from raw.picked order by id')).rows);
      assert.deepEqual(
        rows.map((r) => Number(r.id)),
        [4, 5],
      );
    } finally {
      await h.close();
    }
  });

  test('a table output the statements did not create fails the step, naming the table', async () => {
    const h = await harness({ warehouse: true });
    try {
      const nothing = sql('nothing', {
        dialect: 'duckdb',
        statements: 'select 1',
        outputs: { t: { table: 'main.never_made' } },
      });
      const run = await h.run(pipeline('missing-table', { steps: [nothing] }));
      assert.equal(run.status, 'failed');
      assert.match((await h.steps(run.runId)).nothing.reason ?? '', /did not create table main\.never_made/);
    } finally {
      await h.close();
    }
  });
});
