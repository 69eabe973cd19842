import type { EndpointCatalog } from '../endpoints/endpoint-records.js';
import { variantOf } from './scalable-target-rules.js';
import {
  type AutoscalingCatalog,
  parseVariantResourceId,
  SAGEMAKER_SERVICE,
  type ScalableTarget,
  type ScalingActivity,
} from './scaling-records.js';

interface ScaleDeps {
  readonly autoscaling: AutoscalingCatalog;
  readonly endpoints: EndpointCatalog;
}

/**
 * Sets a variant's desired instance count as Application Auto Scaling does for SageMaker: an
 * activity is recorded `InProgress`, then the endpoint catalog's UpdateEndpointWeightsAndCapacities
 * asks the endpoint host for the new count, which resizes the variant's pool. An endpoint that
 * cannot take the change (it is updating, or gone) ends the activity `Failed` with SageMaker's
 * reason; otherwise `settleActivities` ends it once the host reports the endpoint InService.
 */
export async function scaleTo(
  deps: ScaleDeps,
  target: ScalableTarget,
  to: number,
  cause: string,
  policyName?: string,
): Promise<ScalingActivity> {
  const { endpoint, variant } = parseVariantResourceId(target.resourceId) as { endpoint: string; variant: string };
  const current = await variantOf(deps.endpoints, target);
  const activity = await deps.autoscaling.startActivity({
    serviceNamespace: target.serviceNamespace,
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
    description: `Setting desired instance count to ${to}.`,
    cause,
    statusCode: 'InProgress',
    fromCapacity: current.instanceCount,
    toCapacity: to,
    ...(policyName !== undefined && { policyName }),
  });
  try {
    await deps.endpoints.updateWeightsAndCapacities(endpoint, [{ variantName: variant, instanceCount: to }]);
    return activity;
  } catch (err) {
    return deps.autoscaling.finishActivity(
      activity.activityId,
      'Failed',
      `Failed to set desired instance count to ${to}. Reason: ${(err as Error).message}`,
    );
  }
}

/**
 * Ends the activities still `InProgress` whose endpoint has settled: `Successful` once it is
 * InService at the count asked for, `Overridden` when it settled at another (a later change won),
 * `Failed` when the endpoint failed or is gone. Returns the activities ended.
 */
export async function settleActivities(deps: ScaleDeps): Promise<ScalingActivity[]> {
  const open = await deps.autoscaling.listActivities({ serviceNamespace: SAGEMAKER_SERVICE, statusCodes: ['InProgress'] });
  const ended: ScalingActivity[] = [];
  for (const a of open) {
    const { endpoint, variant } = parseVariantResourceId(a.resourceId) as { endpoint: string; variant: string };
    const record = await deps.endpoints.getEndpoint(endpoint);
    const count = record?.variants.find((v) => v.variantName === variant)?.instanceCount;
    if (!record || record.status === 'Failed' || count === undefined) {
      const why = record ? (record.failureReason ?? `the endpoint is ${record.status}`) : `endpoint ${endpoint} no longer exists`;
      ended.push(
        await deps.autoscaling.finishActivity(
          a.activityId,
          'Failed',
          `Failed to set desired instance count to ${a.toCapacity}. Reason: ${why}`,
        ),
      );
    } else if (record.status === 'InService') {
      ended.push(
        count === a.toCapacity
          ? await deps.autoscaling.finishActivity(
              a.activityId,
              'Successful',
              `Successfully set desired instance count to ${a.toCapacity}. Change successfully fulfilled by sagemaker.`,
            )
          : await deps.autoscaling.finishActivity(
              a.activityId,
              'Overridden',
              `The instance count was set to ${count} meanwhile.`,
            ),
      );
    }
  }
  return ended;
}
