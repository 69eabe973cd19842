import { arn, arnResource } from '../arns.js';
import { AwsError } from '../aws-error.js';

/**
 * SageMaker's resources in the one ARN form (`../arns.ts`):
 *   pipeline            arn:aws:sagemaker:<region>:000000000000:pipeline/<pipeline>
 *   pipeline execution  arn:aws:sagemaker:<region>:000000000000:pipeline/<pipeline>/execution/<run id>
 *   model package group arn:aws:sagemaker:<region>:000000000000:model-package-group/<group>
 *   model package       arn:aws:sagemaker:<region>:000000000000:model-package/<group>/<version>
 *   model               arn:aws:sagemaker:<region>:000000000000:model/<name>
 *   endpoint config     arn:aws:sagemaker:<region>:000000000000:endpoint-config/<name>
 *   endpoint            arn:aws:sagemaker:<region>:000000000000:endpoint/<name>
 */
export { executionArn, groupArn, modelPackageArn, pipelineArn } from '../../../core/arns.js';

export const modelArn = (region: string, name: string) => arn('sagemaker', region, `model/${name}`);
export const endpointConfigArn = (region: string, name: string) => arn('sagemaker', region, `endpoint-config/${name}`);
export const endpointArn = (region: string, name: string) => arn('sagemaker', region, `endpoint/${name}`);

export function parseExecutionArn(value: string): { pipeline: string; runId: string } {
  const m = /^pipeline\/([^/]+)\/execution\/([^/]+)$/.exec(resource(value));
  if (!m)
    throw new AwsError('ValidationException', `"${value}" is not a pipeline execution ARN (…:pipeline/<name>/execution/<id>).`);
  return { pipeline: m[1], runId: m[2] };
}

export function parseModelPackageArn(value: string): { group: string; version: number } {
  const m = /^model-package\/([^/]+)\/([1-9]\d*)$/.exec(resource(value));
  if (!m)
    throw new AwsError(
      'ValidationException',
      `"${value}" is not a versioned model package ARN (…:model-package/<group>/<version>).`,
    );
  return { group: m[1], version: Number(m[2]) };
}

/** A pipeline named by name or by ARN, as `ListPipelineExecutions` accepts it. */
export function pipelineName(value: string): string {
  if (!value.startsWith('arn:')) return value;
  const m = /^pipeline\/([^/]+)$/.exec(resource(value));
  if (!m) throw new AwsError('ValidationException', `"${value}" is not a pipeline ARN (…:pipeline/<name>).`);
  return m[1];
}

/** A model package group named by name or by ARN. */
export function groupName(value: string): string {
  if (!value.startsWith('arn:')) return value;
  const m = /^model-package-group\/([^/]+)$/.exec(resource(value));
  if (!m)
    throw new AwsError('ValidationException', `"${value}" is not a model package group ARN (…:model-package-group/<name>).`);
  return m[1];
}

/** A SageMaker ARN's resource part; a malformed ARN is E_ARN_INVALID, answered as ValidationException. */
function resource(value: string): string {
  return arnResource(value, 'sagemaker');
}
