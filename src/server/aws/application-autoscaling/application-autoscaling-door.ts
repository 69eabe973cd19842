import type { FrontDoor } from '../../front-door.js';

/**
 * Application Auto Scaling (AWS JSON 1.1, signed `application-autoscaling`,
 * `X-Amz-Target: AnyScaleFrontendService.<Action>`): what `@aws-sdk/client-application-auto-scaling`,
 * boto3's `application-autoscaling` client and the AWS CLI send to make a SageMaker variant scale.
 */
export const applicationAutoscalingDoor: FrontDoor = {
  name: 'application-autoscaling',
  match: { protocol: 'aws-json', signingName: 'application-autoscaling', targetPrefix: 'AnyScaleFrontendService' },
  load: async () => (await import('./autoscaling-actions.js')).serveApplicationAutoscaling,
};
