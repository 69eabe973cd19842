import type { SqlDataFormat, SqlDialect, SqlStep, SqlTableOutput, SqlUnloadOutput, StepTableRef, Value } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, STEP_HANDLE, type Step } from './step.js';
import { plainRecord } from './values.js';

/** A sql step's output: a table its statements write, or a query's result unloaded as a dataset. */
export type SqlOutputArg = { table: string } | { unload: string | { table: string }; format: SqlDataFormat; header?: boolean };

export interface SqlOptions extends CommonOptions {
  /** The SQL, inline; or `file`. */
  statements?: string;
  /** A `.sql` file relative to the pipeline file; or `statements`. */
  file?: string;
  dialect: SqlDialect;
  warehouse?: string;
  params?: Readonly<Record<string, Value>>;
  /** Tables the SQL reads: another sql step's `step.table(name)`, or a name such as `raw.events`. */
  reads?: Readonly<Record<string, string | StepTableRef>>;
  outputs?: Readonly<Record<string, SqlOutputArg>>;
}

const OPTIONS: OptionNames<SqlOptions> = {
  ...COMMON_OPTIONS,
  statements: true,
  file: true,
  dialect: true,
  warehouse: true,
  params: true,
  reads: true,
  outputs: true,
};
const TABLE_OPTIONS = { table: true };
const UNLOAD_OPTIONS = { unload: true, format: true, header: true };

/**
 * SQL statements run on a warehouse. Parameters are bound, never pasted; `step.table(name)` is a
 * table output for a later sql step, `step.output(name)` an unloaded dataset any step can read.
 *
 * ```ts
 * const features = sql('features', {
 *   dialect: 'redshift', file: 'sql/features.sql', params: { since },
 *   outputs: { features: { table: 'analytics.features' }, train: { unload: 'select * from analytics.features', format: 'csv' } },
 * });
 * // { name: 'features', type: 'sql', dialect: 'redshift', file: 'sql/features.sql',
 * //   params: { since: { kind: 'Parameter', name: 'since' } },
 * //   tables: [{ name: 'features', table: 'analytics.features' }],
 * //   outputs: [{ name: 'train', type: 'dataset', unload: 'select * from analytics.features', format: 'csv' }] }
 * ```
 */
export function sql(name: string, o: SqlOptions): Step<SqlStep> {
  checkOptions('sql()', `Step "${name}"`, o, OPTIONS);
  const tables: SqlTableOutput[] = [];
  const outputs: SqlUnloadOutput[] = [];
  for (const [output, arg] of Object.entries(o.outputs ?? {})) {
    const where = `Step "${name}", output "${output}"`;
    if (typeof arg === 'object' && arg !== null && 'table' in arg) {
      checkOptions('a table output', where, arg, TABLE_OPTIONS);
      tables.push({ name: output, table: arg.table });
    } else {
      checkOptions('an unloaded output', where, arg, UNLOAD_OPTIONS);
      const u = arg as Extract<SqlOutputArg, { unload: unknown }>;
      outputs.push({
        name: output,
        type: 'dataset',
        unload: u.unload,
        format: u.format,
        ...(u.header !== undefined ? { header: u.header } : {}),
      });
    }
  }
  const reads = Object.entries(o.reads ?? {}).map(([input, table]) => ({
    name: input,
    table: typeof table === 'string' ? table : { kind: 'StepTable' as const, step: table.step, table: table.table },
  }));
  const ir: SqlStep = {
    ...common(name, o),
    type: 'sql',
    dialect: o.dialect,
    ...(o.statements !== undefined ? { statements: o.statements } : {}),
    ...(o.file !== undefined ? { file: o.file } : {}),
    ...(o.warehouse !== undefined ? { warehouse: o.warehouse } : {}),
    ...(o.params ? { params: plainRecord(o.params) } : {}),
    ...(reads.length > 0 ? { reads } : {}),
    tables,
    outputs,
  };
  // A table reference is not a `Value`, so `pipeline()` finds the steps it names from here.
  const tableSteps = Object.values(o.reads ?? {}).flatMap((t) => {
    const handle = typeof t === 'object' ? (t as { [STEP_HANDLE]?: Step })[STEP_HANDLE] : undefined;
    return handle ? [handle] : [];
  });
  return makeStep(ir, [...(o.dependsOn ?? []), ...tableSteps]);
}
