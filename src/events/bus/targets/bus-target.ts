import type { EventEnvelope } from '../../event-envelope.js';
import type { EventBridgeCatalog } from '../eventbridge-catalog.js';
import type { Target } from '../eventbridge-records.js';
import { TargetFailure, type TargetInvoker, targetKind } from '../target-invoker.js';
import { asTargetFailure } from './target-failures.js';

/**
 * `arn:aws:events:…:event-bus/NAME`: the event is put on that bus (its source, detail-type,
 * time, resources and detail; the outbox gives it a new id), where that bus's rules see it. As on
 * EventBridge, the target's input is not used: the event travels as it is.
 */
export function busTarget(catalog: Pick<EventBridgeCatalog, 'publishEvents'>): TargetInvoker {
  return {
    async invoke(target: Target, _input: string, event: EventEnvelope) {
      const name = targetKind(target.arn)?.name;
      if (!name) throw new TargetFailure('INVALID_PARAMETER', `${target.arn} is not an event bus ARN.`, { retriable: false });
      try {
        await catalog.publishEvents([
          {
            eventBusName: name,
            source: event.source,
            detailType: event['detail-type'],
            time: new Date(event.time),
            resources: event.resources,
            detail: event.detail,
          },
        ]);
      } catch (err) {
        throw asTargetFailure(err);
      }
    },
  };
}
