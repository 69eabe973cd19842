import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SqlStep, SqlUnloadOutput } from '../../pipeline/ir.js';
import { parseTableName } from '../../pipeline/sql-names.js';
import { splitStatements, sqlParamNames } from '../../sql/sql-params.js';
import type { SqlParams, StatementCost, Warehouse } from '../../warehouse/warehouse.js';
import { sqlParamsOf, sqlTextOf, withWarehouse } from '../sql-step.js';
import type { StepContext, StepResult } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/**
 * Runs a sql step: its statements in order on its warehouse, parameters bound (never pasted),
 * each statement's cost signals written to the step's log and totalled as its metrics; then each
 * unloaded output is UNLOADed into the attempt's folder, which the executor stores like any
 * output (an artifact with a digest). Table outputs must exist when the statements end.
 */
export async function runSql(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as SqlStep;
  const text = await sqlTextOf(step, ctx.run.baseDir);
  const params = await sqlParamsOf(step, (v) => ctx.resolve(v));
  return withWarehouse(
    step,
    ctx.services,
    async (wh) => {
      const costs: StatementCost[] = [];
      const statements = splitStatements(text, step.dialect);
      for (const [i, sql] of statements.entries()) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        const cost = await wh.execute(sql, paramsFor(sql, step, params));
        ctx.log(`statement ${i + 1}/${statements.length}: ${firstLine(sql)} — ${describeCost(cost)}`);
        costs.push(cost);
      }
      await checkTables(step, wh);
      // BigQuery ML models live in the warehouse: what trained them is recorded as lineage here,
      // read from Godwit's own model table, which is not the caller's data (so not governed).
      if (step.dialect === 'bigquery')
        await withWarehouse(step, ctx.services, async (own) =>
          (await import('../../lineage/bqml-lineage.js')).recordBqmlTraining(ctx.services.metadata.lineage, own, statements, {
            runId: ctx.run.id,
            step: step.name,
          }),
        );
      const outputs: Record<string, string> = {};
      for (const output of step.outputs) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        outputs[output.name] = join(ctx.workspace, 'outputs', output.name);
        const cost = await unload(wh, step, output, outputs[output.name], params);
        ctx.log(`unload ${output.name} (${output.format}): ${describeCost(cost)}`);
        costs.push(cost);
      }
      return { outputs, metrics: totals(costs), summary: `${statements.length} statement(s) on warehouse "${wh.name}"` };
    },
    ctx.caller,
  );
}

/** Only the parameters a statement uses: a warehouse may refuse one the SQL does not name. */
function paramsFor(sql: string, step: SqlStep, params: SqlParams): SqlParams {
  return Object.fromEntries(sqlParamNames(sql, step.dialect).map((n) => [n, params[n]]));
}

async function unload(wh: Warehouse, step: SqlStep, output: SqlUnloadOutput, dir: string, params: SqlParams) {
  const select = typeof output.unload === 'string' ? output.unload : `select * from ${output.unload.table}`;
  const csv = output.format === 'csv' ? { csv: { header: output.header ?? true } } : {};
  return wh.unload(
    select,
    { uri: `${pathToFileURL(dir).href}/`, format: output.format, parallel: false, ...csv },
    paramsFor(select, step, params),
  );
}

/** Every table output exists: a step that says it writes a table and did not is a failed step. */
async function checkTables(step: SqlStep, wh: Warehouse): Promise<void> {
  for (const t of step.tables) {
    const ref = parseTableName(t.table);
    if (ref && (await wh.tableVersion(ref)) !== undefined) continue;
    throw new StepFailure('E_SQL_STEP', 'error', `its statements did not create table ${t.table} (output "${t.name}").`, {
      retryable: false,
      hint: `Create it in the SQL (e.g. create table ${t.table} as select …), or remove the output.`,
    });
  }
}

function firstLine(sql: string): string {
  const line = sql.split('\n')[0].trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/** `12 ms, 1,000 rows, 4.0 MB scanned`: only the signals the engine knows. */
export function describeCost(c: StatementCost): string {
  const parts = [`${Math.round(c.durationMs)} ms`];
  if (c.rows !== undefined) parts.push(`${c.rows} rows`);
  if (c.bytesScanned !== undefined) parts.push(`${c.bytesScanned} bytes scanned`);
  if (c.bytesWritten !== undefined) parts.push(`${c.bytesWritten} bytes written`);
  if (c.filesWritten !== undefined) parts.push(`${c.filesWritten} files written`);
  return parts.join(', ');
}

/** The step's metrics: statements, total duration, and each signal summed where every statement that could report it did. */
function totals(costs: readonly StatementCost[]): Record<string, number> {
  const sum = (pick: (c: StatementCost) => number | undefined) => costs.reduce((a, c) => a + (pick(c) ?? 0), 0);
  const some = (pick: (c: StatementCost) => number | undefined) => costs.some((c) => pick(c) !== undefined);
  const metrics: Record<string, number> = {
    'sql:statements': costs.length,
    'sql:duration_ms': Math.round(sum((c) => c.durationMs)),
  };
  if (some((c) => c.rows)) metrics['sql:rows'] = sum((c) => c.rows);
  if (some((c) => c.bytesScanned)) metrics['sql:bytes_scanned'] = sum((c) => c.bytesScanned);
  if (some((c) => c.bytesWritten)) metrics['sql:bytes_written'] = sum((c) => c.bytesWritten);
  if (some((c) => c.filesWritten)) metrics['sql:files_written'] = sum((c) => c.filesWritten);
  return metrics;
}
