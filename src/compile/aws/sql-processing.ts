/**
 * A sql step as the SageMaker processing jobs that run it: Godwit's image running `godwit sql`
 * against Redshift through the Data API. The job has no Godwit configuration of its own, so a
 * small shell prologue writes one from `GODWIT_SQL_CONFIG` (the profile's `redshift` target as
 * the step's warehouse, JSON being YAML) into its working folder first. The `.sql` file is shipped as the job's code input (as a script is) and read with
 * `-f`; inline statements are the SQL argument; each parameter is `--param NAME=VALUE`, a run-time
 * value SageMaker resolves.
 *
 * Unloaded outputs run in a second job, `<step>-unload`, whose SQL is Redshift's own
 * `UNLOAD (…) TO '<its processing output prefix>'` for each output (the prefix holds the
 * execution id, known only at run time, so it cannot sit in the shipped file). Its processing
 * outputs name those prefixes, so a later step reads `Steps.<step>-unload.ProcessingOutputConfig…`
 * as it reads any processing output.
 *
 * ```
 * features:        godwit sql --dialect redshift --warehouse redshift -f /opt/ml/processing/input/code/features.sql --param since=…
 * features-unload: godwit sql --dialect redshift --warehouse redshift "UNLOAD ('select …') TO 's3://…/<execution>/features-unload/output/train/' …"
 * ```
 */
import { isRef, type ProcessingStep, type SqlStep, type Value } from '../../pipeline/ir.js';
import { tableRefsInStep } from '../../pipeline/walk.js';
import { sqlParamNames } from '../../sql/sql-params.js';
import { CompileError } from '../compile-error.js';
import { checkRedshiftDialect, unloadSelect } from '../sql-text.js';
import type { AwsContext } from './aws-context.js';
import { redshiftTarget, unloadStatement } from './redshift-sql.js';

/** The SageMaker step that unloads a sql step's datasets. */
export function sqlUnloadStepName(step: string): string {
  return `${step}-unload`;
}

/** The processing steps a sql step compiles to: its statements, then (with unloaded outputs) the unload job. */
export function sqlAsProcessing(step: SqlStep, ctx: AwsContext): ProcessingStep[] {
  checkRedshiftDialect(step, ctx.target);
  const base = [...PROLOGUE, '--dialect', step.dialect, '--warehouse', step.warehouse ?? 'redshift'];
  const params: Value[] = Object.entries(step.params ?? {}).flatMap(([name, v]): Value[] => [
    '--param',
    isRef(v) ? { kind: 'Join', on: '', values: [`${name}=`, v] } : `${name}=${v}`,
  ]);
  // SageMaker orders steps by their `Get` expressions only; a table another sql step writes is not one.
  const dependsOn = [...new Set([...(step.dependsOn ?? []), ...tableRefsInStep(step).map((t) => t.step)])];
  const statements: ProcessingStep = {
    ...policies(step),
    name: step.name,
    ...(step.displayName !== undefined ? { displayName: step.displayName } : {}),
    ...(step.description !== undefined ? { description: step.description } : {}),
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    type: 'processing',
    process: {
      image: godwitImage(ctx, step),
      command: step.file !== undefined ? [...base, '-f'] : base,
      ...(step.file !== undefined ? { code: step.file } : {}),
      args: [...(step.statements !== undefined ? [step.statements] : []), ...params],
      env: redshiftEnv(ctx, step),
    },
    inputs: [],
    outputs: [],
  };
  if (step.outputs.length === 0) return [statements];
  const name = sqlUnloadStepName(step.name);
  const unloads: Value[] = step.outputs.flatMap((o) => {
    const select = unloadSelect(o);
    const [before, after] = unloadStatement(ctx, step, o, select, sqlParamNames(select, step.dialect).length > 0, name);
    return [before, { kind: 'ExecutionVariable', name: 'ExecutionId' }, `${after};\n`];
  });
  const unload: ProcessingStep = {
    ...policies(step),
    name,
    dependsOn: [step.name],
    type: 'processing',
    process: {
      image: godwitImage(ctx, step),
      command: base,
      args: [{ kind: 'Join', on: '', values: unloads }],
      env: redshiftEnv(ctx, step),
    },
    inputs: [],
    outputs: step.outputs.map((o) => ({ name: o.name, type: 'dataset', source: `/opt/ml/processing/output/${o.name}` })),
  };
  return [statements, unload];
}

function godwitImage(ctx: AwsContext, step: SqlStep): string {
  const image = ctx.profile.images.godwit;
  if (image !== undefined) return image;
  throw new CompileError(
    ctx.target,
    step.name,
    'a sql step with no Godwit image',
    `Add images.godwit to profile "${ctx.profile.name}".`,
  );
}

function policies(step: SqlStep) {
  const { retry, cache, timeoutSeconds } = step;
  return {
    ...(retry !== undefined ? { retry } : {}),
    ...(cache !== undefined ? { cache } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
}

/**
 * `sh -ec SCRIPT godwit-sql ARGS…`: writes the configuration, then runs `godwit sql ARGS…` where
 * `godwit.config.yaml` is found (the nearest one upwards from the working folder).
 */
const PROLOGUE = [
  'sh',
  '-ec',
  'mkdir -p /tmp/godwit && printf %s "$GODWIT_SQL_CONFIG" > /tmp/godwit/godwit.config.yaml && cd /tmp/godwit && exec godwit sql "$@"',
  'godwit-sql',
];

/** The Data API target `godwit sql` connects to inside the job, as a Godwit configuration (a redshift warehouse). */
function redshiftEnv(ctx: AwsContext, step: SqlStep): Record<string, Value> {
  const { iamRole, ...target } = redshiftTarget(ctx, step);
  const warehouse = {
    type: 'redshift',
    ...target,
    ...(ctx.profile.region ? { region: ctx.profile.region } : {}),
    ...(iamRole ? { iamRole } : {}),
  };
  return { GODWIT_SQL_CONFIG: JSON.stringify({ warehouses: { [step.warehouse ?? 'redshift']: warehouse } }) };
}
