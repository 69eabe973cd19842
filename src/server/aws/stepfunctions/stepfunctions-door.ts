import type { FrontDoor } from '../../front-door.js';

/**
 * AWS Step Functions (AWS JSON 1.0, signed `states`, `X-Amz-Target: AWSStepFunctions.<Action>`):
 * what `@aws-sdk/client-sfn` and boto3's `stepfunctions` client send. StartSyncExecution is
 * modelled on the host `sync-<endpoint>`; the router decides by signature and target, never by
 * host, so it arrives here whatever host the client used (docs/stepfunctions-api.md).
 */
export const stepFunctionsDoor: FrontDoor = {
  name: 'states',
  match: { protocol: 'aws-json', signingName: 'states', targetPrefix: 'AWSStepFunctions' },
  load: async () => (await import('./stepfunctions-actions.js')).serveStepFunctions,
};
