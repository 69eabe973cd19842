import { arn, DEFAULT_REGION } from '../core/arns.js';
import type { EndpointConfigRecord, EndpointRecord, EndpointStatus } from '../endpoints/endpoint-records.js';
import type { NewEvent } from './event-envelope.js';

/** SageMaker's events spell endpoint statuses in upper snake case (`InService` is `IN_SERVICE`). */
const EVENT_STATUS: Readonly<Record<EndpointStatus, string>> = {
  Creating: 'CREATING',
  InService: 'IN_SERVICE',
  Updating: 'UPDATING',
  SystemUpdating: 'SYSTEM_UPDATING',
  RollingBack: 'ROLLING_BACK',
  Deleting: 'DELETING',
  OutOfService: 'OUT_OF_SERVICE',
  Failed: 'FAILED',
};

export const ENDPOINT_STATE_DETAIL_TYPE = 'SageMaker Endpoint State Change';

/**
 * "SageMaker Endpoint State Change", published by the endpoints catalog in the transaction that
 * writes a new `EndpointStatus` (create, update, delete, and each status the host reports). The
 * detail is SageMaker's (its guide's example): times in epoch milliseconds, the status in upper
 * case, `ProductionVariants` with desired weights and counts — the recorded ones, or, before the
 * first reconcile has recorded any, the config's initial ones.
 *
 *   { "EndpointName": "abalone", "EndpointArn": "arn:aws:sagemaker:us-east-1:000000000000:endpoint/abalone",
 *     "EndpointConfigName": "abalone-v2", "EndpointStatus": "IN_SERVICE",
 *     "ProductionVariants": [{ "VariantName": "AllTraffic", "DesiredWeight": 1, "DesiredInstanceCount": 1 }],
 *     "CreationTime": 1796551200000, "LastModifiedTime": 1796551203000, "Tags": {} }
 */
export function endpointStateChange(e: EndpointRecord, config?: EndpointConfigRecord): NewEvent {
  const endpointArn = arn('sagemaker', DEFAULT_REGION, `endpoint/${e.name}`);
  const variants =
    e.variants.length > 0
      ? e.variants.map((v) => ({ VariantName: v.variantName, DesiredWeight: v.weight, DesiredInstanceCount: v.instanceCount }))
      : (config?.productionVariants ?? []).map((v) => ({
          VariantName: v.variantName,
          DesiredWeight: v.initialVariantWeight,
          DesiredInstanceCount: v.initialInstanceCount,
        }));
  return {
    source: 'aws.sagemaker',
    detailType: ENDPOINT_STATE_DETAIL_TYPE,
    time: e.lastModifiedAt,
    resources: [endpointArn],
    detail: {
      EndpointName: e.name,
      EndpointArn: endpointArn,
      EndpointConfigName: e.configName,
      ProductionVariants: variants,
      EndpointStatus: EVENT_STATUS[e.status],
      ...(e.failureReason !== undefined && { FailureReason: e.failureReason }),
      CreationTime: e.createdAt.getTime(),
      LastModifiedTime: e.lastModifiedAt.getTime(),
      Tags: Object.fromEntries(e.tags.map((t) => [t.Key, t.Value])),
    },
  };
}
