/**
 * What both a sql step's runner and its cache key read: its SQL (from the file, if it has one),
 * its parameters resolved to values, the warehouse it runs on, and the tables it reads with
 * their versions.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Caller } from '../governance/governance-records.js';
import type { ParameterValue, PipelineIR, SqlStep, Value } from '../pipeline/ir.js';
import { parseTableName } from '../pipeline/sql-names.js';
import { upstreamOf } from '../pipeline/walk.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { Services } from './step-context.js';
import { StepFailure } from './step-failure.js';

/** The step's SQL text: inline, or read from its file (relative to the pipeline file). */
export async function sqlTextOf(step: SqlStep, baseDir: string): Promise<string> {
  if (step.statements !== undefined) return step.statements;
  const path = resolve(baseDir, step.file ?? '');
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new StepFailure(
      'E_SQL_FILE_MISSING',
      'error',
      `its SQL file ${JSON.stringify(step.file)} cannot be read (looked at ${path}).`,
      { retryable: false, hint: 'The path is relative to the pipeline file.' },
    );
  }
}

/** Parameters as the values bound to them: literals, pipeline parameters, output URIs, property-file values. */
export async function sqlParamsOf(
  step: SqlStep,
  resolveValue: (v: Value) => Promise<ParameterValue>,
): Promise<Record<string, ParameterValue>> {
  const params: Record<string, ParameterValue> = {};
  for (const [name, v] of Object.entries(step.params ?? {})) params[name] = await resolveValue(v);
  return params;
}

/**
 * Runs `work` on the warehouse the step names (or the default), in the dialect its SQL is
 * written in: Redshift or BigQuery SQL on the embedded DuckDB runs through the dialect front end,
 * a view of the run's shared warehouse (closed with it, never on its own).
 */
export function withWarehouse<T>(
  step: SqlStep,
  services: Services,
  work: (wh: Warehouse) => Promise<T>,
  caller?: Caller,
): Promise<T> {
  return warehouses(services).use(step.warehouse, async (wh) =>
    work(await inDialect(step, await governed(wh, caller ?? { kind: 'local', user: 'local' }, services))),
  );
}

/**
 * The warehouse as `caller` may see it: for a principal, every statement is rewritten over its
 * views of the catalog's tables (src/governance/enforce), beneath the dialect's front end, and
 * each decision goes to the access log; the local user's warehouse is the warehouse itself.
 */
async function governed(wh: Warehouse, caller: Caller, services: Services): Promise<Warehouse> {
  if (caller.kind === 'local') {
    // The catalog's external tables read their objects (src/governance/external).
    const { externalTablesWarehouse } = await import('../governance/external/external-warehouse.js');
    return externalTablesWarehouse(wh, async () => services.metadata.catalog);
  }
  const { governedWarehouse } = await import('../governance/enforce/governed-warehouse.js');
  const { catalog, accessLog } = services.metadata;
  return governedWarehouse(wh, caller, catalog, { record: (decisions) => accessLog.record(decisions) });
}

function warehouses(services: Services) {
  if (services.warehouses) return services.warehouses;
  throw new StepFailure('E_SQL_STEP', 'infrastructure', 'no warehouse is available to this run.', {
    retryable: false,
    hint: 'Run the pipeline with `godwit run`, which opens the configured warehouses.',
  });
}

async function inDialect(step: SqlStep, wh: Warehouse): Promise<Warehouse> {
  const { speaking } = await import('../warehouse/index.js');
  return speaking(wh, step.dialect);
}

/** A table the step reads, on the warehouse that holds it. */
export interface InputTable {
  readonly table: string;
  /** The warehouse name the producing step used (undefined: the default). */
  readonly warehouse: string | undefined;
}

/**
 * The tables a sql step reads: those it names in `reads` (another step's table by its name there),
 * and every table output of the sql steps it depends on, which its SQL may read without saying so.
 */
export function inputTablesOf(step: SqlStep, ir: PipelineIR): InputTable[] {
  const steps = new Map(ir.steps.map((s) => [s.name, s]));
  const found = new Map<string, InputTable>();
  const add = (table: string, warehouse: string | undefined) =>
    found.set(`${warehouse ?? ''}\u0000${table}`, { table, warehouse });
  for (const r of step.reads ?? []) {
    if (typeof r.table === 'string') add(r.table, step.warehouse);
    else {
      const producer = steps.get(r.table.step);
      const name = r.table.table;
      if (producer?.type === 'sql') for (const t of producer.tables) if (t.name === name) add(t.table, producer.warehouse);
    }
  }
  for (const name of upstreamOf(step)) {
    const producer = steps.get(name);
    if (producer?.type === 'sql') for (const t of producer.tables) add(t.table, producer.warehouse);
  }
  return [...found.values()].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}

/** Each input table's version (`tableVersion`), `missing` for a table that does not exist. */
export async function tableVersions(tables: readonly InputTable[], services: Services): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const t of tables) {
    const ref = parseTableName(t.table);
    if (!ref) continue;
    const version = await warehouses(services).use(t.warehouse, (wh) => wh.tableVersion(ref));
    versions[`${t.warehouse ?? ''}:${t.table}`] = version ?? 'missing';
  }
  return versions;
}

/**
 * What a sql step's cache key adds to its definition: the SQL as it will run (a file's content,
 * not its name), the warehouse it resolves to, the version of every table it reads and, for
 * BigQuery SQL, of every BigQuery ML model it reads without creating it (src/warehouse/bqml/bqml-lineage.ts).
 */
export async function sqlCacheParts(step: SqlStep, ir: PipelineIR, baseDir: string, services: Services) {
  const sql = await sqlTextOf(step, baseDir);
  const warehouse = await withWarehouse(step, services, async (wh) => ({ name: wh.name, type: wh.type }));
  return {
    sql,
    warehouse,
    tables: await tableVersions(inputTablesOf(step, ir), services),
    ...(step.dialect === 'bigquery' ? await modelParts(step, sql, services) : {}),
  };
}

/** The versions of the models the step reads, under `models` when there are any. */
async function modelParts(step: SqlStep, sql: string, services: Services) {
  const { modelsOf, modelVersions } = await import('../warehouse/bqml/bqml-lineage.js');
  const unloads = step.outputs.flatMap((o) => (typeof o.unload === 'string' ? [o.unload] : []));
  const { reads } = modelsOf([sql, ...unloads]);
  if (reads.length === 0) return {};
  return { models: await withWarehouse(step, services, (wh) => modelVersions(wh, reads)) };
}
