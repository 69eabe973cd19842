import type { FrontDoor } from '../../front-door.js';

/** SageMaker's control plane (AWS JSON 1.1): what `@aws-sdk/client-sagemaker` and boto3's `sagemaker` client send. */
export const sagemakerDoor: FrontDoor = {
  name: 'sagemaker',
  match: { protocol: 'aws-json', signingName: 'sagemaker', targetPrefix: 'SageMaker' },
  load: async () => (await import('./sagemaker-actions.js')).serveSageMaker,
};
