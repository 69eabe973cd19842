import type { DoorHandler } from '../../front-door.js';
import type { ServerContext } from '../../server-context.js';
import { type JsonService, serveJson } from '../json-protocol.js';
import { describeScalingActivities } from './activity-actions.js';
import { AUTOSCALING_IAM } from './autoscaling-iam.js';
import { deleteScalingPolicy, describeScalingPolicies, putScalingPolicy } from './policy-actions.js';
import { deregisterScalableTarget, describeScalableTargets, registerScalableTarget } from './target-actions.js';

/**
 * The Application Auto Scaling actions Godwit answers; docs/autoscaling.md lists their fields. A
 * caller's mistake is `ValidationException`, a target or policy that does not exist
 * `ObjectNotFoundException`, as AWS answers them.
 */
const applicationAutoscaling: JsonService<ServerContext> = {
  targetPrefix: 'AnyScaleFrontendService',
  contentType: 'application/x-amz-json-1.1',
  notFoundType: 'ObjectNotFoundException',
  iam: AUTOSCALING_IAM,
  actions: {
    RegisterScalableTarget: registerScalableTarget,
    DescribeScalableTargets: describeScalableTargets,
    DeregisterScalableTarget: deregisterScalableTarget,
    PutScalingPolicy: putScalingPolicy,
    DescribeScalingPolicies: describeScalingPolicies,
    DeleteScalingPolicy: deleteScalingPolicy,
    DescribeScalingActivities: describeScalingActivities,
  },
};

export const serveApplicationAutoscaling: DoorHandler = (req, context) => serveJson(applicationAutoscaling, req, context);
