/**
 * Redshift warehouses holding the penguins (test/fixtures/penguins) for Redshift ML's tests — the
 * DuckDB dialect front end on a file, or Redshift on the test run's PostgreSQL — and the model's
 * own predictions (its algorithm's `predict` over BigQuery ML's encoding), which the SQL
 * functions must equal.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toFileUri } from '../../../src/core/uri.js';
import { objectIn } from '../../../src/store/index.js';
import { loadAlgorithm } from '../../../src/warehouse/bqml/bqml-algorithms.js';
import { encode } from '../../../src/warehouse/bqml/bqml-features.js';
import { argmax, argmin } from '../../../src/warehouse/bqml/bqml-metrics.js';
import { unscaled } from '../../../src/warehouse/bqml/bqml-train.js';
import { dialectWarehouse } from '../../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../../src/warehouse/duckdb/duckdb-warehouse.js';
import { createWarehouse as createRedshift } from '../../../src/warehouse/redshift/redshift-warehouse.js';
import type { RedshiftModel } from '../../../src/warehouse/rsml/rsml-model.js';
import type { Row, Warehouse } from '../../../src/warehouse/warehouse.js';
import { testDatabase } from '../../helpers/postgres.js';
import { scratchDir } from '../../helpers/scratch.js';

export const PENGUINS_CSV = fileURLToPath(new URL('../../fixtures/penguins/penguins.csv', import.meta.url));
export const FEATURES = 'island, culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g, sex';

export interface RsFixture {
  readonly rs: Warehouse;
  /** The same database from a new warehouse object (a later `godwit sql -f`), once this one is closed. */
  reopen(): Warehouse;
  close(): Promise<void>;
}

/**
 * The penguins CSV as a file URI in a scratch folder: COPY reads it through Godwit's object store,
 * which keeps its index beside the file, so the repository's fixture is never the one read.
 */
function penguinsUri(dir: string): string {
  const path = join(dir, 'penguins.csv');
  copyFileSync(PENGUINS_CSV, path);
  return toFileUri(path);
}

/** Redshift SQL on DuckDB, the penguins in `penguins`. */
export async function duckdbPenguins(): Promise<RsFixture> {
  const home = scratchDir('godwit-rsml-');
  const open = () =>
    dialectWarehouse(createWarehouse('test', { type: 'duckdb' }, { home, stores: (u: string) => objectIn(u) }), 'redshift');
  const rs = open();
  await rs.execute(
    'CREATE TABLE penguins (species VARCHAR, island VARCHAR, culmen_length_mm FLOAT8, culmen_depth_mm FLOAT8, flipper_length_mm INTEGER, body_mass_g INTEGER, sex VARCHAR)',
  );
  await rs.execute(
    `COPY penguins FROM '${penguinsUri(scratchDir('godwit-rsml-data-'))}' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1`,
  );
  return { rs, reopen: open, close: () => rs.close() };
}

/** Redshift on the test run's PostgreSQL (a database of its own), the penguins in `penguins`. */
export async function postgresPenguins(): Promise<RsFixture> {
  const url = await testDatabase();
  const home = scratchDir('godwit-rsml-pg-');
  const open = () => createRedshift('test', { type: 'redshift', url }, { home, stores: (u: string) => objectIn(u) });
  const rs = open();
  await rs.execute(
    'CREATE TABLE penguins (species VARCHAR(20), island VARCHAR(20), culmen_length_mm FLOAT8, culmen_depth_mm FLOAT8, flipper_length_mm INTEGER, body_mass_g INTEGER, sex VARCHAR(10))',
  );
  await rs.execute(
    `COPY penguins FROM '${penguinsUri(scratchDir('godwit-rsml-data-'))}' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1`,
  );
  return { rs, reopen: open, close: () => rs.close() };
}

/** The model's stored document, read as a later process would. */
export async function storedModel(rs: Warehouse, name: string): Promise<RedshiftModel> {
  const { rows } = await rs.query(`SELECT body FROM godwit_rsml.models WHERE model_name = '${name}'`);
  assert.equal(rows.length, 1, `model ${name} is stored once`);
  return JSON.parse(String(rows[0].body)) as RedshiftModel;
}

/** What the model's own predict says for each row: the value, the label or the 0-based cluster. */
export async function ownPredictions(model: RedshiftModel, rows: readonly Row[]): Promise<unknown[]> {
  const m = model.trained;
  const x = encode(m.features, rows);
  const algorithm = await loadAlgorithm(m.algorithm);
  const out = unscaled(algorithm.predict(m.model, x), m.targetScale);
  const w = algorithm.outputs(m.model);
  return rows.map((_, r) => {
    if (!m.label) return argmin(out, r * w, w);
    const classes = m.label.classes;
    if (!classes) return out[r];
    return classes[classes.length === 2 ? (out[r * 2 + 1] >= 0.5 ? 1 : 0) : argmax(out, r * w, w)];
  });
}

/** The function's value for every penguin beside the model's own; floats within 1e-9, labels equal. */
export async function assertSamePredictions(rs: Warehouse, model: RedshiftModel, call: string): Promise<void> {
  const { rows } = await rs.query(
    `SELECT ${call} AS godwit_predicted, * FROM penguins ORDER BY culmen_length_mm, culmen_depth_mm, body_mass_g, island, sex`,
  );
  const own = await ownPredictions(model, rows);
  assert.ok(rows.length > 300);
  rows.forEach((row, r) => {
    const got = row.godwit_predicted;
    if (typeof own[r] === 'number' && model.trained.label?.classes === undefined && model.modelType !== 'KMEANS')
      assert.ok(
        Math.abs(Number(got) - (own[r] as number)) <= 1e-9 * Math.max(1, Math.abs(own[r] as number)),
        `row ${r}: ${got} vs ${own[r]}`,
      );
    else assert.equal(typeof got === 'bigint' ? Number(got) : got, own[r], `row ${r} (${JSON.stringify(row)})`);
  });
}

/** The Value of SHOW MODEL's row `key`. */
export async function value(rs: Warehouse, sql: string, key: string): Promise<unknown> {
  const { rows } = await rs.query(sql);
  return rows.find((r) => r.Key === key)?.Value;
}
