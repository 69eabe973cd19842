import type { FrontDoor } from '../../front-door.js';

/**
 * CloudWatch metrics, signed `monitoring`, in its two protocols: AWS JSON 1.0 with
 * `X-Amz-Target: GraniteServiceVersion20100801.<Action>` (the current AWS SDKs), and AWS Query,
 * a form POSTed to `/` with no target (boto3 before 1.34). The router tells them apart by the
 * target, so neither needs a rule of its own; both answer from the same actions.
 */
export const cloudwatchDoor: FrontDoor = {
  name: 'cloudwatch',
  match: { protocol: 'aws-json', signingName: 'monitoring', targetPrefix: 'GraniteServiceVersion20100801' },
  load: async () => (await import('./cloudwatch-actions.js')).serveCloudWatchJson,
};

export const cloudwatchQueryDoor: FrontDoor = {
  name: 'cloudwatch',
  match: { protocol: 'aws-rest', signingName: 'monitoring', path: /^\/$/ },
  load: async () => (await import('./cloudwatch-actions.js')).serveCloudWatchQuery,
};
