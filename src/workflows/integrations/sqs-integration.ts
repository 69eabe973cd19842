import { createHash, randomUUID } from 'node:crypto';
import { type QueueEntry, queueFor } from '../../config/config-workflows.js';
import type { Clock } from '../../core/clock.js';
import type { Json } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import type { EventPublisher } from './events-integration.js';
import { runCommand } from './lambda/command-function.js';
import { ServiceIntegration } from './service-integration.js';
import { parametersObject, requiredField } from './task-input.js';

/** The way out named when a queue is not mapped. */
export const QUEUE_HINT =
  'SQS is not offered locally: map the queue in godwit.config.yaml, workflows: { queues: { "<queue URL or glob>": { command: [program, args...] } | { event: true } } }; see docs/workflows-integrations.md.';

/**
 * `sqs:sendMessage` (and `.waitForTaskToken`, as Godwit's compiled callback steps use it): the
 * queue is mapped by `workflows.queues` to a command (given `{QueueUrl, MessageBody,
 * MessageAttributes}` as JSON on stdin) or to an event on the default bus (`source`
 * `godwit.workflows`, detail-type `Godwit Queue Message`, detail `{QueueUrl, MessageBody}`), so the
 * receiver can answer `SendTaskSuccess` with the token the body carries. Answers SendMessage's
 * `{MessageId, MD5OfMessageBody}`.
 */
export function sqsIntegration(queues: readonly QueueEntry[], publish: EventPublisher, clock: Clock): ServiceIntegration {
  return new ServiceIntegration('sqs', {
    'sqs:sendMessage': {
      suffixes: ['', '.waitForTaskToken'],
      delivery: 'at-least-once',
      async invoke(call) {
        const params = parametersObject(call);
        const queueUrl = requiredField(params, 'QueueUrl', 'SQS.MissingParameterException');
        const body = typeof params.MessageBody === 'string' ? params.MessageBody : JSON.stringify(params.MessageBody ?? null);
        const entry = queueFor(queues, queueUrl);
        if (!entry)
          throw new StatesError(
            'SQS.QueueDoesNotExistException',
            `Queue ${queueUrl} (state "${call.stateName}") is not mapped. ${QUEUE_HINT}`,
          );
        const message = { QueueUrl: queueUrl, MessageBody: body, MessageAttributes: params.MessageAttributes ?? {} };
        let messageId: string = randomUUID();
        if (entry.command) await runCommand(entry.command, message, call.signal);
        else {
          const event = {
            source: 'godwit.workflows',
            detailType: 'Godwit Queue Message',
            time: clock.now(),
            resources: [],
            detail: message,
          };
          [messageId = messageId] = await publish([{ event }], call.idempotencyToken);
        }
        return { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(body).digest('hex') } satisfies Json;
      },
    },
  });
}
