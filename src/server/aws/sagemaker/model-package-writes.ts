import { GodwitError } from '../../../core/errors.js';
import type { ModelCard } from '../../../registry/model-card.js';
import { checkModelCard, parseModelCardContent } from '../../../registry/model-card-check.js';
import { APPROVAL_STATUSES, type MetricsSource, type ModelMetrics } from '../../../registry/model-registry.js';
import { readDescriptor } from '../../../registry/read-descriptor.js';
import { readReports } from '../../../registry/report-files.js';
import { header, type ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalEnum, optionalString, requiredString } from '../aws-input.js';
import { localS3Credentials, localS3Env } from '../s3/s3-endpoint.js';
import { list, refuse, stringMap, strings, struct, tags } from './hosting-input.js';
import { groupArn, groupName, modelPackageArn } from './sagemaker-arns.js';

/**
 * CreateModelPackageGroup and CreateModelPackage (a new version in a group) through the registry,
 * which numbers versions and writes the audit log and the event. The actor is the caller's SigV4
 * access key id (`callerOf`). Godwit's registry keeps versioned packages of one container;
 * unversioned packages (a `ModelPackageName` without a group) and several containers are refused
 * rather than half recorded. ModelMetrics' report files are read through this server's stores for
 * their digests (`ContentDigest` when the caller gave none); the model quality statistics are the
 * version's metrics, which the group's approval rules read.
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
  const modelMetrics = modelMetricsOf(struct(input, 'ModelMetrics'));
  const modelCard = modelCardOf(struct(input, 'ModelCard'));
  const tagList = tags(input);
  // The model's files are read for its descriptor as the endpoint host stages them, and the
  // reports for their digests: `s3://` through this server's own S3 door.
  const storeOptions = {
    home: home.root,
    s3: { endpoint: url, forcePathStyle: true },
    env: localS3Env(await localS3Credentials(home.root)),
  };
  const descriptor = await readDescriptor(modelUri, { home, storeOptions });
  const reports = modelMetrics && (await readReports(modelMetrics, storeOptions));
  const version = await registry.registerVersion({
    group,
    modelUri,
    approvalStatus: optionalEnum(input, 'ModelApprovalStatus', APPROVAL_STATUSES) ?? 'PendingManualApproval',
    description: optionalString(input, 'ModelPackageDescription'),
    metricsUri: statistics && optionalString(statistics, 'S3Uri'),
    metrics: reports?.statistics,
    modelMetrics: reports?.modelMetrics,
    tags: tagList.length ? Object.fromEntries(tagList.map((t) => [t.Key, t.Value])) : undefined,
    customerMetadata: stringMap(input, 'CustomerMetadataProperties'),
    modelCard,
    inference: {
      image: optionalString(containers[0], 'Image'),
      contentTypes: strings(spec ?? {}, 'SupportedContentTypes'),
      responseTypes: strings(spec ?? {}, 'SupportedResponseMIMETypes'),
      inferenceInstances: strings(spec ?? {}, 'SupportedRealtimeInferenceInstanceTypes'),
      transformInstances: strings(spec ?? {}, 'SupportedTransformInstanceTypes'),
    },
    descriptor,
    actor: callerOf(req),
  });
  return { ModelPackageArn: modelPackageArn(req.region, version.group, version.version) };
}

/**
 * Who is calling: the access key id of the request's SigV4 credential (header or presigned
 * query), as the audit log and approval rules name the caller; `sagemaker-api` for an unsigned one.
 */
export function callerOf(req: Pick<ServerRequest, 'headers' | 'query'>): string {
  const fromHeader = /Credential=([^/,\s]+)\//.exec(header(req, 'authorization') ?? '')?.[1];
  const fromQuery = /^([^/]+)\//.exec(req.query.get('X-Amz-Credential') ?? '')?.[1];
  return fromHeader ?? fromQuery ?? 'sagemaker-api';
}

const KINDS = {
  ModelQuality: ['modelQuality', { Statistics: 'statistics', Constraints: 'constraints' }],
  ModelDataQuality: ['modelDataQuality', { Statistics: 'statistics', Constraints: 'constraints' }],
  Bias: ['bias', { Report: 'report', PreTrainingReport: 'preTrainingReport', PostTrainingReport: 'postTrainingReport' }],
  Explainability: ['explainability', { Report: 'report' }],
} as const;

/** SageMaker's `ModelMetrics` (each report a `MetricsSource`: ContentType, S3Uri, ContentDigest) as the registry's. */
export function modelMetricsOf(metrics: Input | undefined): ModelMetrics | undefined {
  if (!metrics) return undefined;
  const out: Record<string, Record<string, MetricsSource>> = {};
  for (const [field, [kind, reports]] of Object.entries(KINDS)) {
    const group = struct(metrics, field);
    if (!group) continue;
    for (const [reportField, report] of Object.entries(reports)) {
      const source = struct(group, reportField);
      if (!source) continue;
      const digest = optionalString(source, 'ContentDigest');
      out[kind] = {
        ...out[kind],
        [report]: {
          contentType: requiredString(source, 'ContentType'),
          uri: requiredString(source, 'S3Uri'),
          ...(digest && { digest }),
        },
      };
    }
  }
  return Object.keys(out).length ? (out as ModelMetrics) : undefined;
}

/** SageMaker's `ModelPackageModelCard` (content as a JSON string), checked against the model card schema. */
export function modelCardOf(card: Input | undefined): ModelCard | undefined {
  if (!card) return undefined;
  const text = optionalString(card, 'ModelCardContent');
  const content = text === undefined ? {} : parseModelCardContent(text, 'ModelCard.ModelCardContent');
  return checkModelCard({ status: optionalString(card, 'ModelCardStatus'), content });
}
