/**
 * What both AWS targets need to run a sql step on Redshift: the Data API target from the
 * profile, and each unloaded output as Redshift's own UNLOAD statement to the S3 prefix where
 * a processing output of the step would land (`<root>/<pipeline>/<execution>/<step>/output/<name>/`),
 * so a later step reads it the same way.
 */
import type { SqlStep, SqlUnloadOutput } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import type { TargetProfile } from '../target.js';
import type { AwsContext } from './aws-context.js';

export type RedshiftTarget = NonNullable<TargetProfile['redshift']>;

const UNLOAD_FORMAT = { csv: 'CSV', parquet: 'PARQUET', jsonl: 'JSON' } as const;

export function redshiftTarget(ctx: AwsContext, step: SqlStep): RedshiftTarget {
  const r = ctx.profile.redshift;
  if (!r || (r.clusterIdentifier === undefined) === (r.workgroupName === undefined))
    throw new CompileError(
      ctx.target,
      step.name,
      r
        ? 'a redshift profile with both or neither of clusterIdentifier and workgroupName'
        : 'a sql step without a redshift profile',
      'Set redshift: { database, clusterIdentifier or workgroupName, secretArn or dbUser } in the profile (godwit.profiles.yaml).',
    );
  return r;
}

/** The Data API's connection fields (ExecuteStatement's Database, ClusterIdentifier | WorkgroupName, SecretArn, DbUser). */
export function dataApiFields(r: RedshiftTarget): Record<string, string> {
  return {
    Database: r.database,
    ...(r.clusterIdentifier !== undefined ? { ClusterIdentifier: r.clusterIdentifier } : {}),
    ...(r.workgroupName !== undefined ? { WorkgroupName: r.workgroupName } : {}),
    ...(r.secretArn !== undefined ? { SecretArn: r.secretArn } : {}),
    ...(r.dbUser !== undefined ? { DbUser: r.dbUser } : {}),
  };
}

/**
 * `UNLOAD ('<select>') TO '<prefix>' …` around a prefix given as text before and after the
 * execution id. The select becomes a string literal (quotes doubled); Redshift does not bind
 * parameters inside it, so an unload query that uses one is refused.
 */
export function unloadStatement(
  ctx: AwsContext,
  step: SqlStep,
  output: SqlUnloadOutput,
  select: string,
  usesParams: boolean,
  /** The step whose output prefix receives the files (SageMaker unloads in a step of its own). */
  into = step.name,
): [string, string] {
  if (usesParams)
    throw new CompileError(
      ctx.target,
      step.name,
      `a query parameter in the unload query of output "${output.name}"`,
      "Redshift's UNLOAD takes its query as a string and binds no parameters: create a table with the parameterised SQL, then unload the table.",
    );
  const format = UNLOAD_FORMAT[output.format];
  const header = output.format === 'csv' && output.header !== false ? ' HEADER' : '';
  const role = ctx.profile.redshift?.iamRole === undefined ? 'default' : `'${ctx.profile.redshift.iamRole}'`;
  const before = `UNLOAD ('${select.replace(/'/g, "''")}') TO 's3://${[ctx.bucket, ctx.prefix, ctx.ir.name].filter((s) => s !== '').join('/')}/`;
  const after = `/${into}/output/${output.name}/' IAM_ROLE ${role} FORMAT AS ${format}${header} ALLOWOVERWRITE`;
  return [before, after];
}
