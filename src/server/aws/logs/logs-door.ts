import type { FrontDoor } from '../../front-door.js';

/**
 * CloudWatch Logs (AWS JSON 1.1, signed `logs`, `X-Amz-Target: Logs_20140328.<Action>`): what
 * `@aws-sdk/client-cloudwatch-logs`, boto3's `logs` client and the SageMaker Python SDK's
 * `logs=True` send to read job and endpoint logs.
 */
export const logsDoor: FrontDoor = {
  name: 'logs',
  match: { protocol: 'aws-json', signingName: 'logs', targetPrefix: 'Logs_20140328' },
  load: async () => (await import('./logs-actions.js')).serveLogs,
};
