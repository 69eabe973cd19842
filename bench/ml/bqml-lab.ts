/**
 * Lab 6.5 end to end on the offline BigQuery warehouse — LOAD DATA of the penguins CSV, CREATE
 * MODEL … DNN_CLASSIFIER, ML.EVALUATE … ORDER BY roc_auc DESC LIMIT 1, ML.PREDICT over the
 * table — beside the same steps in scikit-learn (bench/ml/bqml-lab-sklearn.py), alternating,
 * REPEAT times, each in a fresh warehouse file. Wall and CPU time of the steps (process start
 * and imports excluded on both sides). Target: ≤ 3 s with roc_auc ≥ 0.95.
 *
 *   node --conditions=godwit-source --import tsx bench/ml/bqml-lab.ts
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toFileUri } from '../../src/core/uri.js';
import { objectIn } from '../../src/store/index.js';
import { dialectWarehouse } from '../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const PYTHON = process.env.GODWIT_PYTHON || '/usr/bin/python3';
const CSV = fileURLToPath(new URL('../../test/fixtures/penguins/penguins.csv', import.meta.url));
const SKLEARN = fileURLToPath(new URL('./bqml-lab-sklearn.py', import.meta.url));

interface Run {
  wallMs: number;
  cpuMs: number;
  rocAuc: number;
}

async function godwit(): Promise<Run> {
  const home = mkdtempSync(join(tmpdir(), 'godwit-bench-bqml-'));
  const engine = createWarehouse('bench', { type: 'duckdb' }, { home, stores: (uri: string) => objectIn(uri) });
  const bq = dialectWarehouse(engine, 'bigquery');
  // A copy: the file store keeps its digests beside the objects it reads, never in the repository.
  const csv = join(home, 'penguins.csv');
  copyFileSync(CSV, csv);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await bq.execute('CREATE SCHEMA penguins');
  await bq.execute(
    `LOAD DATA INTO penguins.penguins FROM FILES (format = 'CSV', skip_leading_rows = 1, uris = ['${toFileUri(csv)}'])`,
  );
  await bq.execute(`CREATE OR REPLACE MODEL penguins.penguins_model
    OPTIONS(model_type='DNN_CLASSIFIER', input_label_cols=['species']) AS SELECT * FROM penguins.penguins`);
  const evaluated = await bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.penguins_model) ORDER BY roc_auc DESC LIMIT 1');
  const predicted = await bq.query(
    'SELECT predicted_species FROM ML.PREDICT(MODEL penguins.penguins_model, TABLE penguins.penguins)',
  );
  const wallMs = performance.now() - wall;
  const used = process.cpuUsage(cpu);
  if (predicted.rows.length !== 344) throw new Error(`ML.PREDICT gave ${predicted.rows.length} rows`);
  await bq.close();
  rmSync(home, { recursive: true, force: true });
  return { wallMs, cpuMs: (used.user + used.system) / 1000, rocAuc: Number(evaluated.rows[0].roc_auc) };
}

function sklearn(): Run {
  const r = spawnSync(PYTHON, [SKLEARN, CSV], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scikit-learn side failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Run;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const ours: Run[] = [];
const peer: Run[] = [];
for (let i = 0; i < REPEAT; i++) {
  ours.push(await godwit());
  peer.push(sklearn());
}
const row = (name: string, runs: Run[]) =>
  `| ${name} | ${median(runs.map((r) => r.wallMs)).toFixed(0)} ms | ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms | ${median(runs.map((r) => r.rocAuc)).toFixed(4)} |`;
console.log(`lab 6.5 end to end, medians of ${REPEAT} (first Godwit round includes loading the algorithm modules)`);
console.log('| side | wall | CPU | roc_auc |\n| --- | --- | --- | --- |');
console.log(row('Godwit (LOAD DATA, CREATE MODEL DNN_CLASSIFIER, ML.EVALUATE, ML.PREDICT)', ours));
console.log(row('scikit-learn (read_csv, preprocessing, MLPClassifier(128), roc_auc, predict)', peer));
console.log(`ratio (wall): ${(median(ours.map((r) => r.wallMs)) / median(peer.map((r) => r.wallMs))).toFixed(2)}×`);
console.log(`ratio (CPU): ${(median(ours.map((r) => r.cpuMs)) / median(peer.map((r) => r.cpuMs))).toFixed(2)}×`);
