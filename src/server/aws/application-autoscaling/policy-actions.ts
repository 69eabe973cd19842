import { deletePolicy, describePolicies, putPolicy } from '../../../autoscaling/autoscaling-service.js';
import { policyConfigurationShape } from '../../../autoscaling/policy-aws-shape.js';
import { readPolicyConfiguration } from '../../../autoscaling/policy-document.js';
import type { ServerContext } from '../../server-context.js';
import { epochSeconds, type Input, optionalString, requiredString } from '../aws-input.js';
import { depsOf, keyOf, paged, stringList } from './autoscaling-input.js';

/** PutScalingPolicy: answers the policy's ARN and, for target tracking, the alarms made for it. */
export async function putScalingPolicy(input: Input, context: ServerContext) {
  const configuration = readPolicyConfiguration(optionalString(input, 'PolicyType'), input);
  const policy = await putPolicy(depsOf(context), keyOf(input), requiredString(input, 'PolicyName'), configuration);
  return { PolicyARN: policy.arn, Alarms: policy.alarms.map((a) => ({ AlarmName: a.alarmName, AlarmARN: a.alarmArn })) };
}

export async function describeScalingPolicies(input: Input, context: ServerContext) {
  const resourceId = optionalString(input, 'ResourceId');
  const dimension = optionalString(input, 'ScalableDimension');
  const policies = await describePolicies(depsOf(context), {
    serviceNamespace: requiredString(input, 'ServiceNamespace'),
    ...(resourceId !== undefined && { resourceIds: [resourceId] }),
    ...(dimension !== undefined && { scalableDimension: dimension }),
    ...(stringList(input, 'PolicyNames') !== undefined && { policyNames: stringList(input, 'PolicyNames') }),
  });
  const { items, nextToken } = paged(policies, (p) => p.arn, input);
  return {
    ScalingPolicies: items.map((p) => ({
      PolicyARN: p.arn,
      PolicyName: p.name,
      ServiceNamespace: p.serviceNamespace,
      ResourceId: p.resourceId,
      ScalableDimension: p.scalableDimension,
      PolicyType: p.type,
      ...policyConfigurationShape(p),
      Alarms: p.alarms.map((a) => ({ AlarmName: a.alarmName, AlarmARN: a.alarmArn })),
      CreationTime: epochSeconds(p.createdAt),
    })),
    ...(nextToken && { NextToken: nextToken }),
  };
}

export async function deleteScalingPolicy(input: Input, context: ServerContext) {
  await deletePolicy(depsOf(context), keyOf(input), requiredString(input, 'PolicyName'));
  return {};
}
