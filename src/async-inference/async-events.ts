import { arn, DEFAULT_REGION } from '../core/arns.js';
import type { NewEvent } from '../events/event-envelope.js';
import type { AsyncRequest } from './async-records.js';

/** The outbox's detail-type for every asynchronous result, success or failure (SageMaker's `eventName` is `InferenceResult`). */
export const ASYNC_RESULT = 'SageMaker Async Inference Result';

/** How a request ended: its answer written, or why it failed and what was written instead. */
export type AsyncOutcome =
  | { readonly status: 'Completed'; readonly contentType: string; readonly body: Buffer; readonly variantName: string }
  | {
      readonly status: 'Failed';
      readonly failureReason: string;
      readonly contentType: string;
      readonly body: Buffer;
      /** The error's code: `E_ASYNC_EXPIRED`, `E_ASYNC_TIMEOUT`, `E_ASYNC_STORE`, or the model's (`E_MODEL_ERROR`, …). */
      readonly code: string;
    };

/**
 * The notification SageMaker would post to the endpoint config's SNS topic, as an event on the
 * outbox: the detail holds the SNS message's own fields (`awsRegion`, `eventTime`, `receivedTime`,
 * `invocationStatus` Completed/Failed, `failureReason`, `requestParameters`, `responseParameters`
 * with `outputLocation` or `failureLocation`, `inferenceId`, `eventVersion`, `eventSource`
 * `aws:sagemaker`, `eventName` `InferenceResult`), plus `notificationTopic`: the SuccessTopic or
 * ErrorTopic ARN the config named, when it named one (nothing is sent to SNS). When the config's
 * `IncludeInferenceResponseIn` names that topic type, `responseBody` carries the answer (or the
 * failure body) in base64.
 *
 *   { "invocationStatus": "Completed", "inferenceId": "a1", "eventName": "InferenceResult",
 *     "requestParameters": { "endpointName": "e", "contentType": "text/csv", "inputLocation": "s3://in/x.csv" },
 *     "responseParameters": { "contentType": "text/csv", "outputLocation": "s3://out/a1.out" }, … }
 */
export function asyncResultEvent(request: AsyncRequest, outcome: AsyncOutcome, at: Date): NewEvent {
  const ok = outcome.status === 'Completed';
  const topic = ok ? request.notification.successTopic : request.notification.errorTopic;
  const included = request.notification.includeInferenceResponseIn?.includes(
    ok ? 'SUCCESS_NOTIFICATION_TOPIC' : 'ERROR_NOTIFICATION_TOPIC',
  );
  const detail = {
    awsRegion: DEFAULT_REGION,
    eventTime: at.toISOString(),
    receivedTime: request.receivedAt.toISOString(),
    invocationStatus: outcome.status,
    ...(!ok && { failureReason: outcome.failureReason }),
    requestParameters: {
      contentType: request.contentType,
      endpointName: request.endpointName,
      ...(request.inputLocation !== undefined && { inputLocation: request.inputLocation }),
    },
    responseParameters: {
      contentType: outcome.contentType,
      ...(ok ? { outputLocation: request.outputLocation } : { failureLocation: request.failureLocation }),
    },
    ...(included && { responseBody: { content: outcome.body.toString('base64'), encoding: 'BASE64' } }),
    inferenceId: request.inferenceId,
    eventVersion: '1.0',
    eventSource: 'aws:sagemaker',
    eventName: 'InferenceResult',
    ...(topic !== undefined && { notificationTopic: topic }),
  };
  return {
    source: 'godwit.endpoints',
    detailType: ASYNC_RESULT,
    time: at,
    resources: [arn('sagemaker', DEFAULT_REGION, `endpoint/${request.endpointName}`)],
    detail,
  };
}
