/**
 * The sql step in the DSL and the validator: the IR the builder makes, and every coded problem
 * (unknown dialect, SQL given twice or not at all, a missing `.sql` file, parameters used but not
 * given or given but not used, output name clashes, unsafe table names, table references that
 * point nowhere, a cache on a step that writes a table).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Problem } from '../../src/core/errors.js';
import { param, pipeline, processing, sql } from '../../src/pipeline/dsl/index.js';
import type { PipelineIR, SqlStep } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { missingFileProblems } from '../../src/pipeline/validate-files.js';
import { scratchDir } from '../helpers/scratch.js';

const since = param.string('since', '2024-01-01');

function features(extra: Partial<Parameters<typeof sql>[1]> = {}) {
  return sql('features', {
    dialect: 'redshift',
    statements: 'create table analytics.features as select * from raw.orders where d >= :since',
    params: { since },
    outputs: { features: { table: 'analytics.features' } },
    ...extra,
  });
}

/** The IR of a pipeline around `step`, with one sql step replaced by `patch` of it (for shapes the DSL cannot build). */
function withStep(patch: Partial<SqlStep>): PipelineIR {
  const { ir } = pipeline('p', { parameters: [since], steps: [features()] });
  return { ...ir, steps: ir.steps.map((s) => ({ ...s, ...patch }) as SqlStep) };
}

const codes = (problems: readonly Problem[]) => problems.map((p) => p.code);

describe('sql() builds the IR', () => {
  test('tables and unloaded outputs are split; a table reference orders steps and is collected', () => {
    const f = features();
    const stage = sql('stage', {
      dialect: 'redshift',
      statements: 'analyze analytics.features',
      reads: { features: f.table('features'), raw: 'raw.orders' },
      outputs: {
        train: { unload: 'select * from analytics.features', format: 'csv', header: false },
        all: { unload: { table: 'analytics.features' }, format: 'parquet' },
      },
    });
    const fit = processing('fit', { command: ['python3'], code: 'fit.py', inputs: { train: stage.output('train') } });
    const { ir } = pipeline('p', { parameters: [since], steps: [fit] });
    assert.deepEqual(
      ir.steps.map((s) => s.name),
      ['features', 'stage', 'fit'],
    );
    assert.deepEqual(ir.steps[0], {
      name: 'features',
      type: 'sql',
      dialect: 'redshift',
      statements: 'create table analytics.features as select * from raw.orders where d >= :since',
      params: { since: { kind: 'Parameter', name: 'since' } },
      tables: [{ name: 'features', table: 'analytics.features' }],
      outputs: [],
    });
    assert.deepEqual((ir.steps[1] as SqlStep).reads, [
      { name: 'features', table: { kind: 'StepTable', step: 'features', table: 'features' } },
      { name: 'raw', table: 'raw.orders' },
    ]);
    assert.deepEqual((ir.steps[1] as SqlStep).outputs, [
      { name: 'train', type: 'dataset', unload: 'select * from analytics.features', format: 'csv', header: false },
      { name: 'all', type: 'dataset', unload: { table: 'analytics.features' }, format: 'parquet' },
    ]);
    assert.deepEqual(validatePipeline(ir), []);
  });

  test('a misspelled option is E_DSL_OPTION, in an output too', () => {
    assert.throws(() => sql('x', { dialect: 'duckdb', statement: 'select 1' } as never), { code: 'E_DSL_OPTION' });
    assert.throws(
      () =>
        sql('x', { dialect: 'duckdb', statements: 'select 1', outputs: { a: { unload: 'select 1', fromat: 'csv' } as never } }),
      { code: 'E_DSL_OPTION', message: /fromat/ },
    );
  });
});

describe('validating a sql step', () => {
  test('an unknown dialect is E_SQL_DIALECT with a suggestion', () => {
    const problems = validatePipeline(withStep({ dialect: 'redshfit' as never }));
    assert.deepEqual(codes(problems), ['E_SQL_DIALECT']);
    assert.match(problems[0].message, /Did you mean "redshift"\?/);
  });

  test('SQL is given exactly once: statements or file', () => {
    assert.deepEqual(codes(validatePipeline(withStep({ file: 'sql/x.sql' }))), ['E_SQL_STATEMENTS']);
    assert.deepEqual(codes(validatePipeline(withStep({ statements: undefined }))), ['E_SQL_STATEMENTS']);
  });

  test('a parameter the SQL uses must be given; one given must be used (strings and comments do not count)', () => {
    const missing = validatePipeline(
      withStep({ statements: "select * from t where a = :since and b = :until and c = ':x' -- :y" }),
    );
    assert.deepEqual(codes(missing), ['E_SQL_PARAM_MISSING']);
    assert.match(missing[0].message, /:until/);
    const unused = validatePipeline(withStep({ statements: 'select 1 from t where d::date = current_date' }));
    assert.deepEqual(codes(unused), ['E_SQL_PARAM_UNUSED']);
    assert.equal(unused[0].field, 'params.since');
    const inUnload = validatePipeline(
      withStep({
        statements: 'select 1',
        outputs: [{ name: 'o', type: 'dataset', unload: 'select * from t where d >= :since', format: 'csv' }],
      }),
    );
    assert.deepEqual(inUnload, [], 'a parameter of an unload query counts as used');
  });

  test('BigQuery names parameters @name and DuckDB $name', () => {
    assert.deepEqual(validatePipeline(withStep({ dialect: 'bigquery', statements: 'select @since' })), []);
    assert.deepEqual(validatePipeline(withStep({ dialect: 'duckdb', statements: 'select $since' })), []);
    assert.deepEqual(codes(validatePipeline(withStep({ dialect: 'duckdb', statements: 'select :since' }))), [
      'E_SQL_PARAM_UNUSED',
    ]);
  });

  test('output names clash across tables and datasets; two outputs naming one table clash', () => {
    const clash = validatePipeline(
      withStep({
        tables: [
          { name: 'f', table: 'analytics.f' },
          { name: 'g', table: 'ANALYTICS.F' },
        ],
        outputs: [{ name: 'f', type: 'dataset', unload: 'select 1', format: 'csv' }],
      }),
    );
    assert.deepEqual(codes(clash), ['E_SQL_OUTPUT_CLASH', 'E_SQL_OUTPUT_CLASH']);
  });

  test('a table name that is not a plain identifier is refused: no SQL through a name', () => {
    for (const table of ['analytics.f; drop table x', 'a."b"', '1table', 'a.b.c.d', 'a b']) {
      const problems = validatePipeline(withStep({ tables: [{ name: 'f', table }] }));
      assert.deepEqual(codes(problems), ['E_SQL_TABLE_NAME'], table);
    }
    assert.deepEqual(validatePipeline(withStep({ tables: [{ name: 'f', table: 'my-project.analytics.f' }] })), []);
  });

  test('a table reference names a sql step and one of its table outputs', () => {
    const f = features();
    const read = (table: ReturnType<typeof f.table>) =>
      validatePipeline(
        pipeline('p', {
          parameters: [since],
          steps: [sql('r', { dialect: 'duckdb', statements: 'select 1', reads: { t: table } }), f],
        }).ir,
      );
    const problems = read(f.table('featurs'));
    assert.deepEqual(codes(problems), ['E_SQL_TABLE_REF']);
    assert.match(problems[0].message, /Did you mean "features"\?/);
    assert.deepEqual(codes(read({ kind: 'StepTable', step: 'nowhere', table: 'x' })), ['E_SQL_TABLE_REF']);
  });

  test('an unknown format, or a header on Parquet, is E_SQL_FORMAT', () => {
    const out = (format: string, header?: boolean) =>
      withStep({
        outputs: [
          {
            name: 'o',
            type: 'dataset',
            unload: 'select 1',
            format: format as 'csv',
            ...(header === undefined ? {} : { header }),
          },
        ],
      });
    assert.deepEqual(codes(validatePipeline(out('cvs'))), ['E_SQL_FORMAT']);
    assert.deepEqual(codes(validatePipeline(out('parquet', true))), ['E_SQL_FORMAT']);
  });

  test('a cache on a step that writes a table is E_SQL_CACHE: a table has no digest', () => {
    assert.deepEqual(codes(validatePipeline(withStep({ cache: { enabled: true } }))), ['E_SQL_CACHE']);
  });

  test('a .sql file is checked where the pipeline lives: missing, or its parameters not matching', () => {
    const dir = scratchDir('godwit-sql-file-');
    writeFileSync(join(dir, 'ok.sql'), 'create table t as select * from raw where d >= :since;\n');
    writeFileSync(join(dir, 'extra.sql'), 'select :since, :other');
    const at = (file: string) => missingFileProblems(withStep({ statements: undefined, file }), dir);
    assert.deepEqual(validatePipeline(withStep({ statements: undefined, file: 'ok.sql' })), []);
    assert.deepEqual(at('ok.sql'), []);
    assert.deepEqual(codes(at('gone.sql')), ['E_SQL_FILE_MISSING']);
    assert.deepEqual(codes(at('extra.sql')), ['E_SQL_PARAM_MISSING']);
  });
});
