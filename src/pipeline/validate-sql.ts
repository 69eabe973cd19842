/**
 * The rules of a sql step: a known dialect, SQL inline or from a file (not both), parameters the
 * SQL uses exactly as given, outputs whose names do not clash, table names that are plain
 * identifiers, table references to tables that exist, and no cache on a step whose outputs are
 * tables (a table has no digest to reuse). SQL in a file is read at load time, where the
 * pipeline's folder is known (`sqlFileProblems`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Problem } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { sqlParamNames } from '../sql/sql-params.js';
import { SQL_DATA_FORMATS, SQL_DIALECTS, type SqlDialect, type SqlStep } from './ir.js';
import { PARAM_NAME, parseTableName, TABLE_NAME_RULE } from './sql-names.js';
import type { CheckContext } from './validate-context.js';
import { nameList } from './validate-format.js';

type Report = CheckContext['report'];

export function checkSqlStep(ctx: CheckContext, step: SqlStep): void {
  const report = ctx.report;
  const known = (SQL_DIALECTS as readonly string[]).includes(step.dialect);
  if (!known)
    report(
      step.name,
      'dialect',
      `unknown SQL dialect "${step.dialect}".${didYouMean(step.dialect, SQL_DIALECTS)} Dialects: ${nameList(SQL_DIALECTS)}.`,
      'E_SQL_DIALECT',
    );
  if ((step.statements === undefined) === (step.file === undefined))
    report(
      step.name,
      step.file === undefined ? 'statements' : 'file',
      'a sql step takes its SQL from `statements` (inline) or from `file` (a .sql file relative to the pipeline file): give exactly one.',
      'E_SQL_STATEMENTS',
    );
  else if (step.statements?.trim() === '' || step.file === '')
    report(step.name, step.file === undefined ? 'statements' : 'file', 'is empty; give the SQL to run.', 'E_SQL_STATEMENTS');
  if (step.warehouse?.trim() === '')
    report(step.name, 'warehouse', "is empty; name a configured warehouse, or leave it out for the configuration's default.");
  checkOutputs(report, step);
  checkReads(ctx, step);
  if (known && step.statements !== undefined) checkParams(report, step, step.statements);
  else if (known) checkParamNames(report, step);
}

/** Problems of sql steps whose SQL sits in a file: the file is missing, or its parameters do not match. */
export function sqlFileProblems(step: Record<string, unknown>, baseDir: string): Problem[] {
  const problems: Problem[] = [];
  const name = String(step.name);
  const report: Report = (s, field, message, code) =>
    problems.push({ step: s ?? name, field, message, ...(code ? { code } : {}) });
  if (typeof step.file !== 'string' || step.file === '') return problems;
  const path = resolve(baseDir, step.file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    report(
      name,
      'file',
      `the SQL file ${JSON.stringify(step.file)} does not exist (looked at ${path}); it is relative to the pipeline file.`,
      'E_SQL_FILE_MISSING',
    );
    return problems;
  }
  // The file is read even when the shape is broken (load.ts reports both): match parameters only on a sound step.
  const sound = Array.isArray(step.outputs) && (step.params === undefined || typeof step.params === 'object');
  if (sound && (SQL_DIALECTS as readonly unknown[]).includes(step.dialect))
    checkParams(report, step as unknown as SqlStep, readFileSync(path, 'utf8'));
  return problems;
}

/** Every parameter the SQL (and its unload queries) uses is given, and every one given is used. */
function checkParams(report: Report, step: SqlStep, statements: string): void {
  checkParamNames(report, step);
  const texts = [statements, ...step.outputs.map((o) => (typeof o.unload === 'string' ? o.unload : ''))];
  const used = new Set(texts.flatMap((t) => sqlParamNames(t, step.dialect as SqlDialect)));
  const given = Object.keys(step.params ?? {});
  const prefix = { redshift: ':', postgres: ':', bigquery: '@', duckdb: '$' }[step.dialect];
  for (const name of used)
    if (!given.includes(name))
      report(
        step.name,
        'params',
        `the SQL uses parameter ${prefix}${name}, which params does not give.${didYouMean(name, given)} Add it to params, ` +
          'with a literal, a pipeline parameter or a step reference.',
        'E_SQL_PARAM_MISSING',
      );
  for (const name of given)
    if (!used.has(name))
      report(
        step.name,
        `params.${name}`,
        `is given but the SQL never uses ${prefix}${name}; use it or remove it (in ${step.dialect} SQL a parameter is written ${prefix}name).`,
        'E_SQL_PARAM_UNUSED',
      );
}

function checkParamNames(report: Report, step: SqlStep): void {
  for (const name of Object.keys(step.params ?? {}))
    if (!PARAM_NAME.test(name))
      report(
        step.name,
        `params.${name}`,
        `"${name}" cannot be a query parameter name: use letters, digits and underscores, not starting with a digit.`,
        'E_SQL_PARAM_NAME',
      );
}

function checkOutputs(report: Report, step: SqlStep): void {
  const unloaded = new Set(step.outputs.map((o) => o.name));
  const seenTables = new Map<string, string>();
  for (const t of step.tables) {
    if (unloaded.has(t.name))
      report(
        step.name,
        `tables.${t.name}`,
        `output "${t.name}" is both a table and an unloaded dataset; give each output its own name.`,
        'E_SQL_OUTPUT_CLASH',
      );
    checkTableName(report, step.name, `tables.${t.name}.table`, t.table);
    const other = seenTables.get(t.table.toLowerCase());
    if (other !== undefined)
      report(
        step.name,
        `tables.${t.name}.table`,
        `outputs "${other}" and "${t.name}" both name table ${t.table}; one output per table.`,
        'E_SQL_OUTPUT_CLASH',
      );
    seenTables.set(t.table.toLowerCase(), t.name);
  }
  for (const o of step.outputs) {
    if (!(SQL_DATA_FORMATS as readonly string[]).includes(o.format))
      report(
        step.name,
        `outputs.${o.name}.format`,
        `unknown format "${o.format}".${didYouMean(o.format, SQL_DATA_FORMATS)} Formats: ${nameList(SQL_DATA_FORMATS)}.`,
        'E_SQL_FORMAT',
      );
    else if (o.header !== undefined && o.format !== 'csv')
      report(
        step.name,
        `outputs.${o.name}.header`,
        `only CSV files have a header line; remove it or use format "csv".`,
        'E_SQL_FORMAT',
      );
    if (typeof o.unload === 'string' && o.unload.trim() === '')
      report(step.name, `outputs.${o.name}.unload`, 'is empty; give the select whose rows are unloaded.', 'E_SQL_STATEMENTS');
    if (typeof o.unload === 'object') checkTableName(report, step.name, `outputs.${o.name}.unload.table`, o.unload.table);
  }
  if (step.cache?.enabled && (step.tables.length > 0 || step.outputs.length === 0))
    report(
      step.name,
      'cache',
      step.tables.length > 0
        ? `is enabled, but the step writes table ${step.tables[0].table}, which has no digest to reuse; only a sql step whose outputs are all unloaded datasets can be cached. Remove the cache, or move the table into a step of its own.`
        : 'is enabled, but the step has no unloaded dataset to reuse; only a sql step whose outputs are all unloaded datasets can be cached.',
      'E_SQL_CACHE',
    );
}

function checkReads(ctx: CheckContext, step: SqlStep): void {
  for (const r of step.reads ?? []) {
    const field = `reads.${r.name}.table`;
    if (typeof r.table === 'string') {
      checkTableName(ctx.report, step.name, field, r.table);
      continue;
    }
    const { step: from, table } = r.table;
    const target = ctx.steps.get(from);
    if (target?.type === 'sql' && target.tables.some((t) => t.name === table)) continue;
    const tables = target?.type === 'sql' ? target.tables.map((t) => t.name) : [];
    const why =
      target === undefined
        ? `there is no step "${from}".${didYouMean(from, ctx.steps.keys())}`
        : target.type !== 'sql'
          ? `step "${from}" is a ${target.type} step; only sql steps have tables.`
          : `step "${from}" has no table output "${table}".${didYouMean(table, tables)} Its tables: ${nameList(tables)}.`;
    ctx.report(step.name, field, `reads table "${table}" of step "${from}", but ${why}`, 'E_SQL_TABLE_REF');
  }
}

function checkTableName(report: Report, step: string, field: string, table: string): void {
  if (parseTableName(table) === undefined)
    report(step, field, `${JSON.stringify(table)} is not a table name Godwit accepts: ${TABLE_NAME_RULE}.`, 'E_SQL_TABLE_NAME');
}
