import { GodwitError } from '../../../core/errors.js';
import { APPROVAL_STATUSES } from '../../../registry/model-registry.js';
import { readDescriptor } from '../../../registry/read-descriptor.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalEnum, optionalString, requiredString } from '../aws-input.js';
import { LOCAL_S3_ENV } from '../s3/s3-endpoint.js';
import { list, refuse, strings, struct } from './hosting-input.js';
import { groupArn, groupName, modelPackageArn } from './sagemaker-arns.js';

/**
 * CreateModelPackageGroup and CreateModelPackage (a new version in a group) through the registry,
 * which numbers versions and writes the audit log and the event (actor `sagemaker-api`). Godwit's
 * registry keeps versioned packages of one container; unversioned packages (a `ModelPackageName`
 * without a group) and several containers are refused rather than half recorded.
 */
export async function createModelPackageGroupAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'ModelPackageGroupName');
  try {
    await services.metadata.registry.createGroup(name, optionalString(input, 'ModelPackageGroupDescription'));
  } catch (err) {
    if (err instanceof GodwitError && err.code === 'E_MODEL_GROUP_EXISTS') {
      throw new AwsError('ValidationException', `Model Package Group already exists: ${groupArn(req.region, name)}`);
    }
    throw err;
  }
  return { ModelPackageGroupArn: groupArn(req.region, name) };
}

export async function createModelPackageAction(input: Input, { services, home, url }: ServerContext, req: ServerRequest) {
  if (input.ModelPackageGroupName === undefined) {
    throw new AwsError('ValidationException', "Godwit's registry keeps versioned model packages: give a ModelPackageGroupName.");
  }
  refuse(
    input,
    ['SourceAlgorithmSpecification', 'ValidationSpecification', 'AdditionalInferenceSpecifications'],
    'CreateModelPackage',
  );
  const group = groupName(requiredString(input, 'ModelPackageGroupName'));
  const registry = services.metadata.registry;
  if ((await registry.listGroups()).every((g) => g.name !== group)) {
    throw new AwsError('ValidationException', `Model Package Group does not exist: ${groupArn(req.region, group)}`);
  }
  const spec = struct(input, 'InferenceSpecification');
  const containers = spec ? list(spec, 'Containers') : [];
  if (containers.length !== 1) {
    throw new AwsError(
      'ValidationException',
      "Godwit's CreateModelPackage takes an InferenceSpecification with exactly one container.",
    );
  }
  const modelUri = requiredString(containers[0], 'ModelDataUrl');
  const statistics = struct(struct(struct(input, 'ModelMetrics') ?? {}, 'ModelQuality') ?? {}, 'Statistics');
  // The model's files are read for its descriptor as the endpoint host stages them: `s3://`
  // through this server's own S3 door.
  const storeOptions = { home: home.root, s3: { endpoint: url, forcePathStyle: true }, env: LOCAL_S3_ENV };
  const descriptor = await readDescriptor(modelUri, { home, storeOptions });
  const version = await registry.registerVersion({
    group,
    modelUri,
    approvalStatus: optionalEnum(input, 'ModelApprovalStatus', APPROVAL_STATUSES) ?? 'PendingManualApproval',
    description: optionalString(input, 'ModelPackageDescription'),
    metricsUri: statistics && optionalString(statistics, 'S3Uri'),
    inference: {
      image: optionalString(containers[0], 'Image'),
      contentTypes: strings(spec ?? {}, 'SupportedContentTypes'),
      responseTypes: strings(spec ?? {}, 'SupportedResponseMIMETypes'),
      inferenceInstances: strings(spec ?? {}, 'SupportedRealtimeInferenceInstanceTypes'),
      transformInstances: strings(spec ?? {}, 'SupportedTransformInstanceTypes'),
    },
    descriptor,
    actor: 'sagemaker-api',
  });
  return { ModelPackageArn: modelPackageArn(req.region, version.group, version.version) };
}
