import type { IncomingHttpHeaders } from 'node:http';
import { GodwitError } from '../../../core/errors.js';
import type { AsyncSubmission } from '../../../serving/async/async-submission.js';
import type { Reply, ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { endpointNotFound, runtimeError } from './runtime-errors.js';

const OPERATION = 'InvokeEndpointAsync';

/**
 * InvokeEndpointAsync: `POST /endpoints/{name}/async-invocations` with the request in
 * `X-Amzn-SageMaker-*` headers (InputLocation, Content-Type, Accept, Custom-Attributes,
 * Inference-Id, RequestTTLSeconds, InvocationTimeoutSeconds, and the newer SDKs'
 * S3OutputPathExtension and Filename) or, from newer SDKs, the payload inline as the body. Answers
 * 202 once the request is in the durable queue, with `{"InferenceId"}` and the
 * `X-Amzn-SageMaker-OutputLocation` / `-FailureLocation` headers where the result will appear.
 */
export async function invokeAsync(name: string, req: ServerRequest, context: ServerContext): Promise<Reply> {
  const body = await req.body();
  try {
    const accepted = await context.asyncInference.submit(submissionOf(name, req.headers, body));
    return {
      status: 202,
      headers: {
        'content-type': 'application/json',
        'x-amzn-sagemaker-outputlocation': accepted.outputLocation,
        'x-amzn-sagemaker-failurelocation': accepted.failureLocation,
      },
      body: JSON.stringify({ InferenceId: accepted.inferenceId }),
      operation: OPERATION,
    };
  } catch (err) {
    if (!(err instanceof GodwitError)) throw err;
    if (err.code === 'E_ENDPOINT_NOT_FOUND') return endpointNotFound(name, OPERATION);
    if (err.code === 'E_ASYNC_VALIDATION' || err.code === 'E_ASYNC_NOT_ASYNC_ENDPOINT') {
      return runtimeError(400, 'ValidationError', err.message, OPERATION);
    }
    throw err;
  }
}

function submissionOf(endpointName: string, h: IncomingHttpHeaders, body: Buffer): AsyncSubmission {
  const text = (header: string) => h[header] as string | undefined;
  const number = (header: string) => {
    const v = text(header);
    return v === undefined ? undefined : Number(v);
  };
  const fields: AsyncSubmission = {
    endpointName,
    inputLocation: text('x-amzn-sagemaker-inputlocation'),
    body: body.length > 0 ? body : undefined,
    contentType: text('x-amzn-sagemaker-content-type'),
    accept: text('x-amzn-sagemaker-accept'),
    customAttributes: text('x-amzn-sagemaker-custom-attributes'),
    inferenceId: text('x-amzn-sagemaker-inference-id'),
    requestTtlSeconds: number('x-amzn-sagemaker-requestttlseconds'),
    invocationTimeoutSeconds: number('x-amzn-sagemaker-invocationtimeoutseconds'),
    s3OutputPathExtension: text('x-amzn-sagemaker-s3outputpathextension'),
    filename: text('x-amzn-sagemaker-filename'),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as AsyncSubmission;
}
