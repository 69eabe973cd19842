import type { ModelDescriptor } from '../../../ml/model-descriptor.js';
import { APPROVAL_STATUSES, type MetricsSource, type ModelMetrics, type ModelVersion } from '../../../registry/model-registry.js';
import { loadRunReport } from '../../../runs/index.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import {
  epochSeconds,
  type Input,
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalTime,
  requiredString,
} from '../aws-input.js';
import { page, SORT_ORDERS, sorted } from '../pagination.js';
import { stringMap, strings, struct } from './hosting-input.js';
import { callerOf, modelCardOf } from './model-package-writes.js';
import { executionArn, groupArn, groupName, modelPackageArn, parseModelPackageArn } from './sagemaker-arns.js';

/**
 * The model registry as SageMaker's model package groups and versioned model packages, through
 * the registry's public interface. A group's creation time is when it was made (by
 * CreateModelPackageGroup or its first registration); every package is `Versioned` and `Completed`.
 */
export async function listModelPackageGroups(input: Input, { services }: ServerContext, req: ServerRequest) {
  const filter = timeFilter(input, 'CreationTimeAfter', 'CreationTimeBefore', optionalString(input, 'NameContains'));
  const sortBy = optionalEnum(input, 'SortBy', ['Name', 'CreationTime'] as const) ?? 'CreationTime';
  const max = optionalInteger(input, 'MaxResults', 1, 100, 10);
  const groups = await services.metadata.registry.listGroups();
  const kept = groups.filter((g) => filter(g.name, g.createdAt));
  const value = sortBy === 'Name' ? (g: { name: string }) => g.name : (g: { createdAt: Date }) => g.createdAt.getTime();
  const ordered = sorted(kept, value, (g) => g.name, optionalEnum(input, 'SortOrder', SORT_ORDERS));
  const { items, nextToken } = page(ordered, (g) => g.name, optionalString(input, 'NextToken'), max);
  return {
    ModelPackageGroupSummaryList: items.map((g) => ({
      ModelPackageGroupName: g.name,
      ModelPackageGroupArn: groupArn(req.region, g.name),
      CreationTime: epochSeconds(g.createdAt),
      ModelPackageGroupStatus: 'Completed',
    })),
    NextToken: nextToken,
  };
}

export async function listModelPackages(input: Input, { services }: ServerContext, req: ServerRequest) {
  const group = optionalString(input, 'ModelPackageGroupName');
  const status = optionalEnum(input, 'ModelApprovalStatus', APPROVAL_STATUSES);
  const type = optionalEnum(input, 'ModelPackageType', ['Versioned', 'Unversioned', 'Both'] as const) ?? 'Both';
  const filter = timeFilter(input, 'CreationTimeAfter', 'CreationTimeBefore', optionalString(input, 'NameContains'));
  const sortBy = optionalEnum(input, 'SortBy', ['Name', 'CreationTime'] as const) ?? 'CreationTime';
  const max = optionalInteger(input, 'MaxResults', 1, 100, 10);
  const registry = services.metadata.registry;
  const names = group ? [groupName(group)] : (await registry.listGroups()).map((g) => g.name);
  const versions = type === 'Unversioned' ? [] : (await Promise.all(names.map((n) => registry.listVersions(n)))).flat();
  const kept = versions.filter((v) => (!status || v.approvalStatus === status) && filter(v.group, v.createdAt));
  const key = (v: ModelVersion) => `${v.group}/${v.version}`;
  const value = sortBy === 'Name' ? (v: ModelVersion) => v.group : (v: ModelVersion) => v.createdAt.getTime();
  const ordered = sorted(kept, value, key, optionalEnum(input, 'SortOrder', SORT_ORDERS));
  const { items, nextToken } = page(ordered, key, optionalString(input, 'NextToken'), max);
  return {
    ModelPackageSummaryList: items.map((v) => ({
      ...packageFields(v, req.region),
      ModelPackageStatus: 'Completed',
      ModelApprovalStatus: v.approvalStatus,
    })),
    NextToken: nextToken,
  };
}

/** The fields a model package's summary and its description share. */
function packageFields(v: ModelVersion, region: string) {
  return {
    ModelPackageName: v.group,
    ModelPackageGroupName: v.group,
    ModelPackageVersion: v.version,
    ModelPackageArn: modelPackageArn(region, v.group, v.version),
    ModelPackageDescription: v.description,
    CreationTime: epochSeconds(v.createdAt),
  };
}

export async function describeModelPackage(input: Input, context: ServerContext, req: ServerRequest) {
  const arn = requiredString(input, 'ModelPackageName');
  const v = await modelPackage(arn, context);
  const history = await context.services.metadata.registry.auditLog(v.group, v.version);
  // ApprovalDescription is the note of the last change of status (votes and updates carry their own).
  const lastChange = history.filter((e) => e.kind === 'status').at(-1);
  return {
    ...packageFields(v, req.region),
    InferenceSpecification: {
      Containers: [{ Image: v.inference?.image, ModelDataUrl: v.modelUri, ...frameworkFields(v.descriptor) }],
      SupportedContentTypes: v.inference?.contentTypes,
      SupportedResponseMIMETypes: v.inference?.responseTypes,
      SupportedRealtimeInferenceInstanceTypes: v.inference?.inferenceInstances,
      SupportedTransformInstanceTypes: v.inference?.transformInstances,
    },
    ModelPackageStatus: 'Completed',
    ModelPackageStatusDetails: { ValidationStatuses: [] },
    ModelApprovalStatus: v.approvalStatus,
    ModelMetrics: v.modelMetrics
      ? sageMakerMetrics(v.modelMetrics)
      : v.metricsUri
        ? { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: v.metricsUri } } }
        : undefined,
    MetadataProperties: v.runId ? { GeneratedBy: await generatedBy(v.runId, context, req.region) } : undefined,
    CreatedBy: userContext(v.createdBy),
    LastModifiedTime: epochSeconds(v.lastModifiedAt ?? history.at(-1)?.at ?? v.createdAt),
    LastModifiedBy: userContext(v.lastModifiedBy),
    ApprovalDescription: lastChange?.note,
    CustomerMetadataProperties: v.customerMetadata,
    ModelCard: v.modelCard && {
      ModelCardContent: JSON.stringify(v.modelCard.content),
      ModelCardStatus: v.modelCard.status,
    },
  };
}

/** Who registered or changed a version, as SageMaker's `UserContext` names an IAM caller (here, its access key id). */
function userContext(actor: string | undefined) {
  return actor === undefined ? undefined : { UserProfileName: actor, IamIdentity: { PrincipalId: actor } };
}

/** The registry's report files as SageMaker's `ModelMetrics`, each with its `ContentDigest` when it was read. */
function sageMakerMetrics(m: ModelMetrics) {
  const source = (s: MetricsSource | undefined) =>
    s && { ContentType: s.contentType, S3Uri: s.uri, ...(s.digest && { ContentDigest: s.digest }) };
  return {
    ModelQuality: m.modelQuality && {
      Statistics: source(m.modelQuality.statistics),
      Constraints: source(m.modelQuality.constraints),
    },
    ModelDataQuality: m.modelDataQuality && {
      Statistics: source(m.modelDataQuality.statistics),
      Constraints: source(m.modelDataQuality.constraints),
    },
    Bias: m.bias && {
      Report: source(m.bias.report),
      PreTrainingReport: source(m.bias.preTrainingReport),
      PostTrainingReport: source(m.bias.postTrainingReport),
    },
    Explainability: m.explainability && { Report: source(m.explainability.report) },
  };
}

// SageMaker's `Framework` is free text; these are the upper-case spellings its own containers,
// Neo and Inference Recommender use (`XGBOOST`, `ONNX`), and Godwit's built-in algorithm.
const FRAMEWORKS: Record<ModelDescriptor['framework'], string | undefined> = {
  xgboost: 'XGBOOST',
  onnx: 'ONNX',
  'linear-learner': 'LINEAR-LEARNER',
  bqml: 'BIGQUERY-ML',
  container: undefined,
};

/**
 * A container's `Framework`, `FrameworkVersion` and `ModelInput` from the descriptor recorded at
 * registration. Only XGBoost's version is the framework's (the others record their file format's,
 * which SageMaker's `FrameworkVersion` pattern `[0-9]\.[A-Za-z0-9.]+` would not take anyway);
 * `ModelInput.DataInputConfig` is the inputs' shapes, an open batch dimension counted as 1, as Neo
 * and Inference Recommender write it (`{"features":[1,8]}`).
 */
function frameworkFields(d: ModelDescriptor | undefined) {
  if (!d) return {};
  const version = d.framework === 'xgboost' && d.version && /^[0-9]\.[A-Za-z0-9.]{1,8}$/.test(d.version) ? d.version : undefined;
  const shapes = Object.fromEntries(d.signature.inputs.map((i) => [i.name, i.shape.map((n) => n ?? 1)]));
  const config = JSON.stringify(shapes);
  return {
    Framework: FRAMEWORKS[d.framework],
    FrameworkVersion: version,
    ModelInput: d.signature.inputs.length && config.length <= 1024 ? { DataInputConfig: config } : undefined,
  };
}

/** Fields of UpdateModelPackage that Godwit's registry cannot record: refused, never dropped. */
const NOT_RECORDED = [
  'ModelPackageRegistrationType',
  'AdditionalInferenceSpecificationsToAdd',
  'InferenceSpecification',
  'SourceUri',
  'ModelLifeCycle',
];

/**
 * Changes approval status (under the group's approval rules: a refusal is a ValidationException
 * naming the rule), customer metadata and the model card through the registry, which writes the
 * audit log; the actor is the caller's access key id. The status is changed first, so a refused
 * approval changes nothing.
 */
export async function updateModelPackage(input: Input, context: ServerContext, req: ServerRequest) {
  const arn = requiredString(input, 'ModelPackageArn');
  const unsupported = NOT_RECORDED.filter((f) => input[f] !== undefined);
  if (unsupported.length) {
    throw new AwsError(
      'ValidationException',
      `Godwit's UpdateModelPackage changes ModelApprovalStatus, CustomerMetadataProperties and ModelCard; it cannot record ${unsupported.join(', ')}.`,
    );
  }
  const status = optionalEnum(input, 'ModelApprovalStatus', APPROVAL_STATUSES);
  const customerMetadata = stringMap(input, 'CustomerMetadataProperties');
  const toRemove =
    input.CustomerMetadataPropertiesToRemove === undefined ? undefined : strings(input, 'CustomerMetadataPropertiesToRemove');
  const modelCard = modelCardOf(struct(input, 'ModelCard'));
  if (!status && !customerMetadata && !toRemove && !modelCard) {
    throw new AwsError(
      'ValidationException',
      'Name what to change: ModelApprovalStatus (Approved, Rejected or PendingManualApproval), CustomerMetadataProperties, CustomerMetadataPropertiesToRemove or ModelCard.',
    );
  }
  const v = await modelPackage(arn, context);
  const registry = context.services.metadata.registry;
  const actor = callerOf(req);
  if (status) await registry.setApprovalStatus(v.group, v.version, status, actor, optionalString(input, 'ApprovalDescription'));
  if (customerMetadata || toRemove || modelCard) {
    await registry.updateVersion(v.group, v.version, { customerMetadata, customerMetadataToRemove: toRemove, modelCard }, actor);
  }
  return { ModelPackageArn: modelPackageArn(req.region, v.group, v.version) };
}

async function modelPackage(arn: string, { services }: ServerContext): Promise<ModelVersion> {
  const { group, version } = parseModelPackageArn(arn);
  const v = await services.metadata.registry.getVersion(group, version);
  if (!v) throw new AwsError('ValidationException', `ModelPackage ${arn} does not exist.`);
  return v;
}

async function generatedBy(runId: string, { services }: ServerContext, region: string): Promise<string | undefined> {
  const run = await loadRunReport(services, runId).catch(() => undefined);
  return run && executionArn(region, run.pipeline, run.id);
}

function timeFilter(input: Input, afterField: string, beforeField: string, nameContains: string | undefined) {
  const after = optionalTime(input, afterField);
  const before = optionalTime(input, beforeField);
  return (name: string, at: Date) =>
    (!nameContains || name.includes(nameContains)) && (!after || at > after) && (!before || at < before);
}
