/**
 * The one local account and the one ARN form. Every resource Godwit names, in its AWS front doors
 * and in the events it publishes, is
 *
 *   arn:aws:<service>:<region>:000000000000:<resource-type>/<name>[/<more path>]
 *
 * with the region of the request that asked, or `us-east-1` (resources are not regional locally:
 * one home holds them all). Unlike AWS, which lower-cases SageMaker names in ARNs, names keep
 * their case, so an ARN always resolves back to exactly the resource it names.
 */
export const ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

export function arn(service: string, region: string, resource: string): string {
  return `arn:aws:${service}:${region}:${ACCOUNT_ID}:${resource}`;
}

/** SageMaker's resources:  pipeline/<pipeline>[/execution/<run id>], model-package-group/<group>, model-package/<group>/<version>. */
export const pipelineArn = (region: string, pipeline: string) => arn('sagemaker', region, `pipeline/${pipeline}`);

export const executionArn = (region: string, pipeline: string, runId: string) =>
  arn('sagemaker', region, `pipeline/${pipeline}/execution/${runId}`);

export const groupArn = (region: string, group: string) => arn('sagemaker', region, `model-package-group/${group}`);

export const modelPackageArn = (region: string, group: string, version: number) =>
  arn('sagemaker', region, `model-package/${group}/${version}`);

/** SageMaker jobs: training-job/<name>, processing-job/<name>, transform-job/<name>, the name lower-cased as SageMaker's ARNs have it. */
export const jobArn = (region: string, kind: 'training' | 'processing' | 'transform', name: string) =>
  arn('sagemaker', region, `${kind}-job/${name.toLowerCase()}`);
