import { describeActivities } from '../../../autoscaling/autoscaling-service.js';
import type { ServerContext } from '../../server-context.js';
import { epochSeconds, type Input, optionalString, requiredString } from '../aws-input.js';
import { depsOf, paged } from './autoscaling-input.js';

/** DescribeScalingActivities: newest first, for one resource or the whole namespace. */
export async function describeScalingActivities(input: Input, context: ServerContext) {
  const resourceId = optionalString(input, 'ResourceId');
  const dimension = optionalString(input, 'ScalableDimension');
  const activities = await describeActivities(depsOf(context), {
    serviceNamespace: requiredString(input, 'ServiceNamespace'),
    ...(resourceId !== undefined && { resourceIds: [resourceId] }),
    ...(dimension !== undefined && { scalableDimension: dimension }),
  });
  const { items, nextToken } = paged(activities, (a) => a.activityId, input);
  return {
    ScalingActivities: items.map((a) => ({
      ActivityId: a.activityId,
      ServiceNamespace: a.serviceNamespace,
      ResourceId: a.resourceId,
      ScalableDimension: a.scalableDimension,
      Description: a.description,
      Cause: a.cause,
      StartTime: epochSeconds(a.startTime),
      ...(a.endTime && { EndTime: epochSeconds(a.endTime) }),
      StatusCode: a.statusCode,
      ...(a.statusMessage !== undefined && { StatusMessage: a.statusMessage }),
    })),
    ...(nextToken && { NextToken: nextToken }),
  };
}
