import type { WorkflowService } from '../../../workflows/workflow-service.js';
import type { EventEnvelope } from '../../event-envelope.js';
import type { Target } from '../eventbridge-records.js';
import type { DeliveryContext, TargetInvoker } from '../target-invoker.js';
import { asTargetFailure } from './target-failures.js';

/**
 * `arn:aws:states:…:stateMachine:NAME`: StartExecution with the target's input. The execution's
 * name is the delivery key: StartExecution with the same name and input is idempotent, so a
 * retry after a crash starts no second execution.
 */
export function stateMachineTarget(workflows: Pick<WorkflowService, 'startExecution'>): TargetInvoker {
  return {
    async invoke(target: Target, input: string, _event: EventEnvelope, context: DeliveryContext) {
      try {
        await workflows.startExecution({ stateMachineArn: target.arn, name: context.deliveryKey, input });
      } catch (err) {
        throw asTargetFailure(err);
      }
    },
  };
}
