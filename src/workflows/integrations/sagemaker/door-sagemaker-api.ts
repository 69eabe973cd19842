import type { ServerRequest } from '../../../server/http/exchange.js';
import type { ServerContext } from '../../../server/server-context.js';
import type { SageMakerApi } from './sagemaker-api.js';

/** A door error as thrown to integrations: SageMaker's error type and message. */
export class SageMakerDoorError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'SageMakerDoorError';
  }
}

/**
 * The server's SageMaker door called in-process: each call is one AWS JSON request handed to the
 * door's own handler (a plain `ServerRequest`, as the door's tests make), so Task integrations go
 * through the same field checks, library calls and error translation as boto3 does, and no HTTP.
 */
export function doorSageMakerApi(context: ServerContext, region: string): SageMakerApi {
  let sequence = 0;
  return {
    async call(action, input, caller) {
      const { serveSageMaker } = await import('../../../server/aws/sagemaker/sagemaker-actions.js');
      const body = Buffer.from(JSON.stringify(input));
      const req: ServerRequest = {
        method: 'POST',
        path: '/',
        query: new URLSearchParams(),
        headers: { 'x-amz-target': `SageMaker.${action}`, 'content-type': 'application/x-amz-json-1.1' },
        scope: undefined,
        region,
        requestId: `workflow-task-${++sequence}`,
        body: async () => body,
        // The execution's role: the door checks its policies and the work it starts acts as it.
        ...(caller && { caller }),
      };
      const reply = await serveSageMaker(req, context);
      const text = reply.body === undefined ? '{}' : String(reply.body);
      const answer = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      if (reply.status >= 300)
        throw new SageMakerDoorError(String(answer.__type ?? 'InternalFailure'), String(answer.message ?? text));
      return answer;
    },
  };
}
