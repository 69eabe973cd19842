import type { EndpointRecord } from '../../../endpoints/endpoint-records.js';
import type { ExperimentRecord, ExperimentStorage, ExperimentVariant } from '../../../experiments/experiment-records.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalEnum, optionalString, optionalTime, requiredString } from '../aws-input.js';
import { list, optionalNumber, strings, struct } from './hosting-input.js';
import { epochSeconds } from './list-request.js';

/**
 * SageMaker's inference-experiment shapes ↔ the experiments library's records: `ModelVariants`
 * with their `InfrastructureConfig`, `ShadowModeConfig`, `Schedule`, `DataStorageConfig`. Value
 * rules are the library's; here only JSON types and required fields are checked.
 */
export function modelVariantsIn(input: Input, field: string): ExperimentVariant[] {
  return list(input, field).map((v) => {
    const infra = requiredStruct(v, 'InfrastructureConfig');
    optionalEnum(infra, 'InfrastructureType', ['RealTimeInference']);
    const realTime = requiredStruct(infra, 'RealTimeInferenceConfig');
    return {
      modelName: requiredString(v, 'ModelName'),
      variantName: requiredString(v, 'VariantName'),
      instanceType: requiredString(realTime, 'InstanceType'),
      instanceCount: optionalNumber(realTime, 'InstanceCount') ?? Number.NaN,
    };
  });
}

export function shadowModeIn(config: Input): { productionVariant: string; shadowVariant: string; samplingPercentage: number } {
  const shadows = list(config, 'ShadowModelVariants');
  if (shadows.length !== 1) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${shadows.length}' at 'shadowModeConfig.shadowModelVariants' failed to satisfy constraint: Member must have length between 1 and 1`,
    );
  }
  return {
    productionVariant: requiredString(config, 'SourceModelVariantName'),
    shadowVariant: requiredString(shadows[0], 'ShadowModelVariantName'),
    samplingPercentage: optionalNumber(shadows[0], 'SamplingPercentage') ?? Number.NaN,
  };
}

export function scheduleIn(input: Input): { startTime?: Date; endTime?: Date } {
  const schedule = struct(input, 'Schedule');
  if (!schedule) return {};
  return { startTime: optionalTime(schedule, 'StartTime'), endTime: optionalTime(schedule, 'EndTime') };
}

export function storageIn(input: Input): ExperimentStorage | undefined {
  const s = struct(input, 'DataStorageConfig');
  if (!s) return undefined;
  const types = struct(s, 'ContentType') ?? {};
  const kmsKey = optionalString(s, 'KmsKey');
  return {
    destination: requiredString(s, 'Destination'),
    ...(kmsKey !== undefined && { kmsKey }),
    csvContentTypes: strings(types, 'CsvContentTypes'),
    jsonContentTypes: strings(types, 'JsonContentTypes'),
  };
}

export function requiredStruct(input: Input, field: string): Input {
  const value = struct(input, field);
  if (!value) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${field[0].toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

const variantOut = (v: ExperimentVariant) => ({
  ModelName: v.modelName,
  VariantName: v.variantName,
  InfrastructureConfig: {
    InfrastructureType: 'RealTimeInference',
    RealTimeInferenceConfig: { InstanceType: v.instanceType, InstanceCount: v.instanceCount },
  },
});

/**
 * A variant's `Status` as SageMaker reports it: the shadow is Creating until the experiment runs,
 * InService while it runs, then Deleted (removed), InService (retained or promoted) or, while
 * the stop is under way, Deleting / Updating; the production variant is InService unless a
 * promotion removed it.
 */
function variantStatus(e: ExperimentRecord, name: string): string {
  const action = e.stop?.actions[name];
  const ended = e.status === 'Completed' || e.status === 'Cancelled';
  if (name === e.productionVariant) return action === 'Remove' ? (ended ? 'Deleted' : 'Deleting') : 'InService';
  if (!e.runningSince) return ended ? 'Deleted' : 'Creating';
  if (e.status === 'Running') return 'InService';
  if (action === 'Promote') return ended ? 'InService' : 'Updating';
  if (action === 'Retain') return 'InService';
  return ended ? 'Deleted' : 'Deleting';
}

export function scheduleOut(e: ExperimentRecord) {
  return { StartTime: epochSeconds(e.startTime), EndTime: epochSeconds(e.endTime) };
}

/** ListInferenceExperiments' `InferenceExperimentSummary`: the fields DescribeInferenceExperiment starts with. */
export function experimentSummary(e: ExperimentRecord) {
  return {
    Name: e.name,
    Type: e.type,
    Schedule: scheduleOut(e),
    Status: e.status,
    StatusReason: e.statusReason,
    Description: e.description,
    CreationTime: epochSeconds(e.createdAt),
    CompletionTime: epochSeconds(e.completionTime),
    LastModifiedTime: epochSeconds(e.lastModifiedAt),
    RoleArn: e.roleArn,
  };
}

export function experimentOut(e: ExperimentRecord, arn: string, endpoint: EndpointRecord | undefined) {
  const storage = e.dataStorage;
  return {
    Arn: arn,
    ...experimentSummary(e),
    EndpointMetadata: {
      EndpointName: e.endpointName,
      EndpointConfigName: endpoint?.configName,
      EndpointStatus: endpoint?.status,
      FailureReason: endpoint?.failureReason,
    },
    ModelVariants: e.modelVariants.map((v) => ({ ...variantOut(v), Status: variantStatus(e, v.variantName) })),
    DataStorageConfig: storage && {
      Destination: storage.destination,
      KmsKey: storage.kmsKey,
      ContentType:
        storage.csvContentTypes.length + storage.jsonContentTypes.length > 0
          ? {
              CsvContentTypes: storage.csvContentTypes.length > 0 ? storage.csvContentTypes : undefined,
              JsonContentTypes: storage.jsonContentTypes.length > 0 ? storage.jsonContentTypes : undefined,
            }
          : undefined,
    },
    ShadowModeConfig: {
      SourceModelVariantName: e.productionVariant,
      ShadowModelVariants: [{ ShadowModelVariantName: e.shadowVariant, SamplingPercentage: e.samplingPercentage }],
    },
    KmsKey: e.kmsKey,
  };
}
