/**
 * Redshift ML's prediction functions (the model compiled to SQL, rsml-compile.ts) beside the
 * model's own predict in Node, on the same rows of the same DuckDB file: `SELECT fn(…)` over
 * N rows against fetching the N rows and running encode + Algorithm.predict. Run:
 * `npx tsx bench/rsml/predict.ts [rows]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectIn } from '../../src/store/index.js';
import { loadAlgorithm } from '../../src/warehouse/bqml/bqml-algorithms.js';
import { encode } from '../../src/warehouse/bqml/bqml-features.js';
import { dialectWarehouse } from '../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import type { RedshiftModel } from '../../src/warehouse/rsml/rsml-model.js';

const rows = Number(process.argv[2] ?? 100_000);
const home = mkdtempSync(join(tmpdir(), 'godwit-rsml-bench-'));
const rs = dialectWarehouse(
  createWarehouse('bench', { type: 'duckdb' }, { home, stores: (u: string) => objectIn(u) }),
  'redshift',
);
const FEATURES = 'a, b, c, d, kind';
const MODELS = [
  ['xgb', "AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'multi:softprob' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '20')", 'y'],
  ['ll', 'MODEL_TYPE LINEAR_LEARNER', 'y'],
  ['mlp', "AUTO OFF MODEL_TYPE MLP HYPERPARAMETERS DEFAULT EXCEPT (EPOCHS '5')", 'y'],
  ['km', "AUTO OFF MODEL_TYPE KMEANS HYPERPARAMETERS DEFAULT EXCEPT (K '4')", ''],
] as const;

try {
  await rs.execute(
    `CREATE TABLE data AS SELECT random() AS a, random() AS b, random() * 10 AS c, random() - 0.5 AS d, CASE WHEN random() < 0.5 THEN 'x' ELSE 'z' END AS kind FROM generate_series(1, ${rows})`,
  );
  await rs.execute(
    "CREATE TABLE train AS SELECT *, CASE WHEN a + b > 1.2 THEN 'hi' WHEN c > 5 THEN 'mid' ELSE 'lo' END AS y FROM data LIMIT 5000",
  );
  console.log(`rows ${rows}; ms: sql function (cpu) | own predict in node incl. fetch (cpu) | ratio`);
  for (const [name, clauses, target] of MODELS) {
    const cols = target ? `${FEATURES}, y` : 'a, b, c, d';
    await rs.execute(
      `CREATE MODEL m_${name} FROM (SELECT ${cols} FROM train) ${target ? 'TARGET y' : ''} FUNCTION f_${name} IAM_ROLE default ${clauses} SETTINGS (S3_BUCKET 'b')`,
    );
    const args = target ? FEATURES : 'a, b, c, d';
    const sql = await time(() => rs.query(`SELECT count(DISTINCT f_${name}(${args})) FROM data`));
    const own = await time(async () => {
      const model = JSON.parse(
        String((await rs.query(`SELECT body FROM godwit_rsml.models WHERE model_name = 'm_${name}'`)).rows[0].body),
      ) as RedshiftModel;
      const { rows: data } = await rs.query(`SELECT ${args} FROM data`);
      const algorithm = await loadAlgorithm(model.trained.algorithm);
      algorithm.predict(model.trained.model, encode(model.trained.features, data));
    });
    console.log(
      `${name}: ${sql.ms.toFixed(0)} (${sql.cpu.toFixed(0)}) | ${own.ms.toFixed(0)} (${own.cpu.toFixed(0)}) | ${(sql.ms / own.ms).toFixed(2)}×`,
    );
  }
} finally {
  await rs.close();
  rmSync(home, { recursive: true, force: true });
}

async function time(fn: () => Promise<unknown>): Promise<{ ms: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}
