/**
 * What a callback step sends when it starts waiting. SageMaker's CallbackStep sends its token and
 * its resolved `Arguments` to an SQS queue; Godwit sends the same message body to the queue's
 * mapping in godwit.config.yaml (callback-delivery.ts) and publishes it as an event on the outbox,
 * so a rule or a consumer of the bus can answer it too:
 *
 *   { "source": "godwit.pipelines", "detail-type": "Godwit Pipeline Callback Message",
 *     "resources": ["arn:aws:sagemaker:us-east-1:000000000000:pipeline/approval",
 *                   "arn:aws:sagemaker:us-east-1:000000000000:pipeline/approval/execution/run-…"],
 *     "detail": { "token": "3f9a2c…", "pipelineExecutionArn": "arn:…/execution/run-…",
 *                 "arguments": { "model": "s3://…" }, "status": "Executing",
 *                 "queueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/approvals" } }
 *
 * The answer is `SendPipelineExecutionStepSuccess` / `…Failure` with `CallbackToken` = `token`.
 */
import type { NewEvent } from '../events/event-envelope.js';
import { pipelineArnOf, pipelineExecutionArn } from '../events/event-envelope.js';
import type { ParameterValue } from '../pipeline/ir.js';

export const CALLBACK_DETAIL_TYPE = 'Godwit Pipeline Callback Message';

/** The message body: SageMaker's `token` and `arguments`, with the execution it belongs to. */
export interface CallbackMessage {
  readonly token: string;
  readonly pipelineExecutionArn: string;
  readonly arguments: Readonly<Record<string, ParameterValue>>;
  readonly status: 'Executing';
  /** The step's `SqsQueueUrl`, so one consumer of the bus can serve several queues. */
  readonly queueUrl: string;
}

export interface CallbackOpening {
  readonly pipeline: string;
  readonly runId: string;
  readonly queueUrl: string;
  readonly arguments: Readonly<Record<string, ParameterValue>>;
}

export function callbackMessage(token: string, o: CallbackOpening): CallbackMessage {
  return {
    token,
    pipelineExecutionArn: pipelineExecutionArn(o.pipeline, o.runId),
    arguments: o.arguments,
    status: 'Executing',
    queueUrl: o.queueUrl,
  };
}

/** The event a new token publishes, in the transaction that records the token. */
export function callbackEvent(message: CallbackMessage, pipeline: string, at: Date): NewEvent {
  return {
    source: 'godwit.pipelines',
    detailType: CALLBACK_DETAIL_TYPE,
    time: at,
    resources: [pipelineArnOf(pipeline), message.pipelineExecutionArn],
    detail: { ...message },
  };
}
