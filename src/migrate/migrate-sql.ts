/**
 * A sql step on the other cloud: Redshift SQL becomes BigQuery SQL (AWS → GCP) and back, through
 * the same translation as SQL files run by processing steps, with its parameters rewritten from
 * `:name` to `@name` (or back). Inline statements and unload queries are translated in place; a
 * `.sql` file gets a translated copy beside the migrated pipeline. DuckDB and PostgreSQL SQL
 * stays as written, and the report asks a person to port it.
 */
import type { SqlStep, SqlUnloadOutput } from '../pipeline/ir.js';
import { translateBigQueryToRedshift, translateRedshiftToBigQuery } from '../sql/index.js';
import { renameParams } from '../sql/sql-params.js';
import type { StepMigration } from './migrate-context.js';
import { mlFunctions } from './migrate-ml.js';
import { translateSqlCode } from './sql-files.js';

export function migrateSqlStep(step: SqlStep, m: StepMigration): SqlStep {
  const toBigQuery = m.options.to === 'gcp';
  const from = toBigQuery ? 'redshift' : 'bigquery';
  const to = toBigQuery ? 'bigquery' : 'redshift';
  if (step.dialect === to) return step;
  if (step.dialect !== from) {
    m.ask(
      `dialect: the step's SQL is ${step.dialect}, which the ${to === 'bigquery' ? 'KFP' : 'AWS'} compilers refuse; port it to ${to} by hand.`,
    );
    return step;
  }
  const translate = (sql: string): string => {
    const renamed = renameParams(sql, from, to);
    const ml = mlFunctions(m);
    const result = toBigQuery ? translateRedshiftToBigQuery(renamed, { ml }) : translateBigQueryToRedshift(renamed, { ml });
    for (const n of result.notes) if (n.severity === 'human') m.ask(`SQL statement ${n.statement}: ${n.message}`);
    return result.sql;
  };
  m.change('dialect', from, to, `${toBigQuery ? 'Redshift → BigQuery' : 'BigQuery → Redshift'} SQL translation`);
  const outputs = step.outputs.map(
    (o): SqlUnloadOutput => (typeof o.unload === 'string' ? { ...o, unload: translate(o.unload) } : o),
  );
  if (step.file !== undefined)
    return { ...step, dialect: to, file: translateSqlCode(step.file, m, 'file', (sql) => renameParams(sql, from, to)), outputs };
  return { ...step, dialect: to, statements: translate(step.statements ?? ''), outputs };
}
