/**
 * SQL files a step runs as its code: translated (Redshift → BigQuery, or back), written beside the
 * migrated pipeline as `<name>.bigquery.sql` / `<name>.redshift.sql`, and the step pointed at the
 * copy. The original is never touched.
 */
import { basename } from 'node:path';
import { translateBigQueryToRedshift, translateRedshiftToBigQuery } from '../sql/index.js';
import type { StepMigration } from './migrate-context.js';
import { mlFunctions } from './migrate-ml.js';

export function isSqlFile(path: string): boolean {
  return /\.sql$/i.test(path);
}

/**
 * Translates the step's SQL file and returns the path of the copy, relative to the output folder.
 * `field` names the step field that holds the path; `prepare` rewrites the text before translation
 * (a sql step's parameters change style with the dialect).
 */
export function translateSqlCode(path: string, m: StepMigration, field = 'process.code', prepare = (sql: string) => sql): string {
  const read = m.options.readText(path);
  const text = read === undefined ? undefined : prepare(read);
  if (text === undefined) {
    const rebased = m.rebase(path);
    m.ask(`${field}: Godwit could not read ${path}, so its SQL was not translated; translate it by hand.`);
    return rebased;
  }
  const toBigQuery = m.options.to === 'gcp';
  const dialect = toBigQuery ? 'bigquery' : 'redshift';
  const stem = basename(path).replace(/(\.(redshift|bigquery))?\.sql$/i, '');
  const output = m.outputs.claim(`${stem}.${dialect}.sql`, path, m.step);
  const mapUri = (uri: string) => {
    const mapped = m.buckets.map(uri);
    return mapped?.mapped ? mapped.uri : undefined;
  };
  const ml = mlFunctions(m);
  const options = toBigQuery ? { mapUri, ml } : { mapUri, ml, iamRole: m.options.redshiftRole };
  const result = toBigQuery ? translateRedshiftToBigQuery(text, options) : translateBigQueryToRedshift(text, options);
  const human = result.notes.filter((n) => n.severity === 'human').length;
  const source = m.rebase(path);
  const header = [
    `-- godwit migrate: ${toBigQuery ? 'BigQuery' : 'Redshift'} translation of ${source}; the original is unchanged.`,
    '-- godwit migrate: statements marked "needs a human" are listed in the migration report.',
    '',
  ].join('\n');
  m.outputs.add({ path: output, content: header + result.sql }, { step: m.step, source, output, notes: result.notes });
  m.change(field, path, output, `${toBigQuery ? 'Redshift → BigQuery' : 'BigQuery → Redshift'} SQL translation`);
  if (human > 0)
    m.ask(
      `${output}: ${human} item${human === 1 ? '' : 's'} of the SQL translation need${human === 1 ? 's' : ''} a human (listed under SQL translations).`,
    );
  return output;
}
