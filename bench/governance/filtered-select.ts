/**
 * bench/governance: a principal's filtered SELECT over a 10,000,000-row DuckDB table (a row filter
 * and excluded columns, one data cells filter), rewritten by the enforcer, beside the same query
 * written by hand with the filter's predicate and column list, in the same run and warehouse.
 * Prints the medians and their ratio (target ≤ 1.1×), the rewrite's own time in process, and the
 * whole-process time of a rewrite (a fresh Node process that loads the rewriter and rewrites one
 * statement, beside one that loads nothing).
 *
 *   node --conditions=godwit-source --import tsx bench/governance/filtered-select.ts [ROWS] [ROUNDS]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enforce } from '../../src/governance/enforce/enforce.js';
import { objectIn } from '../../src/store/index.js';
import { openWarehouse } from '../../src/warehouse/index.js';
import { ana, catalog } from './bench-catalog.js';

const ROWS = Number(process.argv[2] ?? 10_000_000);
const ROUNDS = Number(process.argv[3] ?? 5);

/** The two queries: every visible row materialized, and an aggregate over the view. */
const CASES = [
  {
    name: 'SELECT * (every visible cell read: the rows are consumed by an outer aggregate, not converted to JS)',
    principal: 'SELECT * FROM churn.customers',
    hand: "SELECT id, region, plan, spend FROM churn.customers WHERE region = 'EU'",
    wrap: (q: string) => `SELECT count(*) AS n, sum(id) AS ids, max(region) AS r, max(plan) AS p, sum(spend) AS s FROM (${q}) q`,
  },
  {
    name: 'aggregate with its own WHERE',
    principal: 'SELECT plan, count(*) AS n, sum(spend) AS s FROM churn.customers c WHERE c.spend > 100 GROUP BY plan',
    hand: "SELECT plan, count(*) AS n, sum(spend) AS s FROM churn.customers WHERE region = 'EU' AND spend > 100 GROUP BY plan",
    wrap: (q: string) => q,
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const root = mkdtempSync(join(tmpdir(), 'godwit-bench-governance-'));
try {
  const wh = await openWarehouse('bench', { type: 'duckdb' }, { home: root, stores: (uri: string) => objectIn(uri) });
  const loadStart = performance.now();
  await wh.execute('CREATE SCHEMA churn');
  await wh.execute(
    `CREATE TABLE churn.customers AS SELECT i AS id,
       CASE i % 4 WHEN 0 THEN 'EU' WHEN 1 THEN 'US' WHEN 2 THEN 'APAC' ELSE 'LATAM' END AS region,
       'user' || i || '@example.com' AS email, CASE WHEN i % 10 = 0 THEN 'vip' ELSE 'basic' END AS plan,
       (i * 7919) % 1000 AS spend, lpad(((i * 31) % 1000000000)::VARCHAR, 9, '0') AS ssn
     FROM range(${ROWS}) t(i)`,
  );
  console.log(
    `bench:governance — ${ROWS.toLocaleString('en')} rows loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s; ` +
      `${ROUNDS} rounds, alternating order; ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  for (const c of CASES) {
    const rewritten = (await enforce(c.principal, 'duckdb', ana, catalog, { warehouseCatalog: 'godwit' })).sql;
    const times: Record<'rewritten' | 'hand', number[]> = { rewritten: [], hand: [] };
    const run = async (which: 'rewritten' | 'hand') => {
      const started = performance.now();
      await wh.query(c.wrap(which === 'rewritten' ? rewritten : c.hand));
      times[which].push(performance.now() - started);
    };
    await run('hand'); // warm the file cache once, untimed below
    times.hand.length = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const order: ('rewritten' | 'hand')[] = r % 2 === 0 ? ['rewritten', 'hand'] : ['hand', 'rewritten'];
      for (const which of order) await run(which);
    }
    const [mr, mh] = [median(times.rewritten), median(times.hand)];
    console.log(`\n${c.name}\n  rewritten: ${rewritten}\n  by hand:   ${c.hand}`);
    console.log(
      `  median rewritten ${mr.toFixed(0)} ms, by hand ${mh.toFixed(0)} ms: ratio ${(mr / mh).toFixed(3)}× (target ≤ 1.1×)`,
    );
    console.log(
      `  all rewritten: ${times.rewritten.map((t) => t.toFixed(0)).join(', ')}; all by hand: ${times.hand.map((t) => t.toFixed(0)).join(', ')}`,
    );
  }
  await wh.close?.();

  // The rewrite itself, in process.
  const statement = CASES[1].principal;
  for (let i = 0; i < 200; i++) await enforce(statement, 'duckdb', ana, catalog);
  const each: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const started = performance.now();
    await enforce(statement, 'duckdb', ana, catalog);
    each.push(performance.now() - started);
  }
  console.log(`\nrewrite in process: median ${(median(each) * 1000).toFixed(1)} µs per statement (2,000 rewrites)`);

  // Whole process: load the rewriter and rewrite one statement, beside a process that loads nothing.
  const once = fileURLToPath(new URL('./rewrite-once.ts', import.meta.url));
  const child = (args: string[]) => {
    const started = performance.now();
    const ran = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    if (ran.status !== 0) throw new Error(`child failed: ${args.join(' ')}`);
    return performance.now() - started;
  };
  const bare: number[] = [];
  const rewrite: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bare.push(child(['-e', '0']));
    rewrite.push(child(['--conditions=godwit-source', '--import', 'tsx', once]));
  }
  console.log(
    `whole process (tsx, from source): rewrite one statement ${median(rewrite).toFixed(0)} ms, node -e 0 ${median(bare).toFixed(0)} ms`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
