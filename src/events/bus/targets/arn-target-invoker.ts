import type { EventEnvelope } from '../../event-envelope.js';
import type { Target } from '../eventbridge-records.js';
import { type DeliveryContext, TargetFailure, type TargetInvoker, type TargetKind, targetKind } from '../target-invoker.js';

/**
 * The invoker the router uses: dispatches each target by its ARN's kind to the invoker given for
 * that kind. A kind with no invoker here (the server was started without a workflow engine, say)
 * or an ARN of no known kind is `NO_RESOURCE`, dead-lettered at once with the ARN in the message.
 */
export function arnTargetInvoker(kinds: Partial<Record<TargetKind, TargetInvoker>>): TargetInvoker {
  return {
    invoke(target: Target, input: string, event: EventEnvelope, context: DeliveryContext) {
      const kind = targetKind(target.arn)?.kind;
      const invoker = kind ? kinds[kind] : undefined;
      if (!invoker) {
        const why = kind ? `no ${kind} targets are served by this process` : 'it is not an ARN of a kind Godwit delivers to';
        return Promise.reject(new TargetFailure('NO_RESOURCE', `Cannot deliver to ${target.arn}: ${why}.`, { retriable: false }));
      }
      return invoker.invoke(target, input, event, context);
    },
  };
}
