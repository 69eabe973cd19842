/**
 * A sql step as the SageMaker processing job that runs it: Godwit's image running `godwit sql`
 * against Redshift through the Data API. The `.sql` file is shipped as the job's code input (as
 * a script is), inline statements are an argument, each parameter is `--param NAME=VALUE` (a
 * run-time value resolved by SageMaker), and each unloaded output is `--unload NAME=FORMAT` plus
 * its select, written under `/opt/ml/processing/output/<name>`, a processing output like any other.
 *
 * ```
 * ContainerEntrypoint: ['godwit', 'sql', '--dialect', 'redshift', '--warehouse', 'redshift', '-f', '/opt/ml/processing/input/code/features.sql']
 * ContainerArguments:  ['--param', 'since=2024-01-01', '--unload', 'train=csv', 'select * from analytics.features', '--output-dir', '/opt/ml/processing/output']
 * Environment:         { GODWIT_REDSHIFT_DATABASE: 'dev', GODWIT_REDSHIFT_WORKGROUP_NAME: 'godwit', GODWIT_REDSHIFT_SECRET_ARN: '…' }
 * ```
 */
import { isRef, type ProcessingStep, type SqlStep, type Value } from '../../pipeline/ir.js';
import { tableRefsInStep } from '../../pipeline/walk.js';
import { checkRedshiftDialect, unloadSelect } from '../sql-text.js';
import type { AwsContext } from './aws-context.js';
import { redshiftTarget } from './redshift-sql.js';

const OUTPUT_DIR = '/opt/ml/processing/output';

export function sqlAsProcessing(step: SqlStep, ctx: AwsContext): ProcessingStep {
  checkRedshiftDialect(step, ctx.target);
  const r = redshiftTarget(ctx, step);
  const base = ['godwit', 'sql', '--dialect', step.dialect, '--warehouse', step.warehouse ?? 'redshift'];
  const params: Value[] = Object.entries(step.params ?? {}).flatMap(([name, v]): Value[] => [
    '--param',
    isRef(v) ? { kind: 'Join', on: '', values: [`${name}=`, v] } : `${name}=${v}`,
  ]);
  const unloads = step.outputs.flatMap((o) => [
    '--unload',
    `${o.name}=${o.format}${o.header === false ? ':noheader' : ''}`,
    unloadSelect(o),
  ]);
  const env: Record<string, Value> = {
    GODWIT_REDSHIFT_DATABASE: r.database,
    ...(r.clusterIdentifier !== undefined ? { GODWIT_REDSHIFT_CLUSTER_IDENTIFIER: r.clusterIdentifier } : {}),
    ...(r.workgroupName !== undefined ? { GODWIT_REDSHIFT_WORKGROUP_NAME: r.workgroupName } : {}),
    ...(r.secretArn !== undefined ? { GODWIT_REDSHIFT_SECRET_ARN: r.secretArn } : {}),
    ...(r.dbUser !== undefined ? { GODWIT_REDSHIFT_DB_USER: r.dbUser } : {}),
  };
  const { name, displayName, description, retry, cache, timeoutSeconds } = step;
  // SageMaker infers order from `Get` expressions only; a table another sql step writes is not one.
  const dependsOn = [...new Set([...(step.dependsOn ?? []), ...tableRefsInStep(step).map((t) => t.step)])];
  return {
    name,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    ...(retry !== undefined ? { retry } : {}),
    ...(cache !== undefined ? { cache } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    type: 'processing',
    process: {
      command: step.file !== undefined ? [...base, '-f'] : base,
      ...(step.file !== undefined ? { code: step.file } : {}),
      args: [
        ...(step.statements !== undefined ? [step.statements] : []),
        ...params,
        ...unloads,
        ...(unloads.length ? ['--output-dir', OUTPUT_DIR] : []),
      ],
      env,
    },
    inputs: [],
    outputs: step.outputs.map((o) => ({ name: o.name, type: 'dataset', source: `${OUTPUT_DIR}/${o.name}` })),
  };
}
