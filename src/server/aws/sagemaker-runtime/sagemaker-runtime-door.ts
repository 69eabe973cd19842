import type { FrontDoor } from '../../front-door.js';

/**
 * SageMaker Runtime (AWS REST-JSON): `POST /endpoints/{EndpointName}/invocations` (InvokeEndpoint)
 * and `/async-invocations` (InvokeEndpointAsync). Its SDKs sign with the same name as SageMaker's
 * control plane (`sagemaker`), so it is told apart from it by the absence of `X-Amz-Target`.
 */
export const sagemakerRuntimeDoor: FrontDoor = {
  name: 'sagemaker-runtime',
  match: { protocol: 'aws-rest', signingName: 'sagemaker', path: /^\/endpoints\/[^/]+\/(async-)?invocations$/ },
  load: async () => (await import('./invocations.js')).serveInvocations,
};
