/**
 * The SQL of a sql step as a cloud document carries it: the step's statements, read from its
 * `.sql` file through the compile options when it has one, split into statements, and each
 * unloaded output's select (a whole table as `select * from <table>`; table names are plain
 * identifiers, checked by the validator).
 */
import type { SqlStep, SqlUnloadOutput } from '../pipeline/ir.js';
import { splitStatements } from '../sql/sql-params.js';
import { CompileError } from './compile-error.js';
import type { CompileOptions, TargetName } from './target.js';

export function sqlScript(step: SqlStep, target: TargetName, options: CompileOptions): string {
  if (step.statements !== undefined) return step.statements;
  const text = step.file === undefined ? undefined : options.readText?.(step.file);
  if (text === undefined)
    throw new CompileError(
      target,
      step.name,
      `the SQL file ${JSON.stringify(step.file)}, which could not be read`,
      'Compile from the pipeline file (godwit compile FILE) so the file is found beside it, or give the SQL inline as statements.',
    );
  return text;
}

export function sqlStatements(step: SqlStep, target: TargetName, options: CompileOptions): string[] {
  return splitStatements(sqlScript(step, target, options), step.dialect);
}

export function unloadSelect(output: SqlUnloadOutput): string {
  return typeof output.unload === 'string' ? output.unload : `select * from ${output.unload.table}`;
}

/** AWS targets run sql steps on Redshift: SQL written for another engine must be migrated first. */
export function checkRedshiftDialect(step: SqlStep, target: TargetName): void {
  if (step.dialect === 'redshift' || step.dialect === 'postgres') return;
  throw new CompileError(
    target,
    step.name,
    `SQL in the ${step.dialect} dialect`,
    `On AWS sql steps run on Redshift: write the step in the redshift dialect (godwit migrate turns BigQuery SQL into Redshift SQL).`,
  );
}
