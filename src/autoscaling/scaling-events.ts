import type { NewEvent } from '../events/event-envelope.js';
import type { ScalableTarget, ScalingActivity } from './scaling-records.js';

/**
 * "Application Auto Scaling Scaling Activity State Change", as EventBridge delivers it from
 * `aws.application-autoscaling`, once when an activity starts and once
 * when it ends, so a rule can follow a variant's capacity.
 */
export function activityStateChange(activity: ScalingActivity, target: ScalableTarget | undefined): NewEvent {
  const direction =
    activity.toCapacity > activity.fromCapacity ? 'scale-out' : activity.toCapacity < activity.fromCapacity ? 'scale-in' : 'none';
  return {
    source: 'aws.application-autoscaling',
    detailType: 'Application Auto Scaling Scaling Activity State Change',
    time: activity.endTime ?? activity.startTime,
    resources: target ? [target.arn] : [],
    detail: {
      activityId: activity.activityId,
      serviceNamespace: activity.serviceNamespace,
      resourceId: activity.resourceId,
      scalableDimension: activity.scalableDimension,
      statusCode: activity.statusCode,
      ...(activity.statusMessage !== undefined && { statusMessage: activity.statusMessage }),
      description: activity.description,
      cause: activity.cause,
      startTime: activity.startTime.toISOString(),
      ...(activity.endTime && { endTime: activity.endTime.toISOString() }),
      oldDesiredCapacity: activity.fromCapacity,
      newDesiredCapacity: activity.toCapacity,
      direction,
      ...(target && {
        minCapacity: target.minCapacity,
        maxCapacity: target.maxCapacity,
        scaledToMax: activity.toCapacity === target.maxCapacity,
      }),
    },
  };
}
