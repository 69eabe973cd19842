import { createHash } from 'node:crypto';
import type { TargetInvoker } from '../../events/bus/target-invoker.js';
import type { WorkflowService } from '../../workflows/workflow-service.js';
import { asTargetFailure } from './target-failure.js';

/**
 * A state-machine target (`arn:aws:states:…:stateMachine:NAME`): StartExecution with the
 * target's input. The execution's name comes from the delivery key (Step Functions' names are at
 * most 80 characters), so a retried delivery finds the execution it started instead of a second
 * one: the same name and input is idempotent in StartExecution.
 */
export function stateMachineTarget(workflows: WorkflowService): TargetInvoker {
  return {
    async invoke(target, input, _event, context) {
      const name = `event-${createHash('sha256').update(context.deliveryKey).digest('hex').slice(0, 32)}`;
      await workflows.startExecution({ stateMachineArn: target.arn, name, input }).catch((err) => {
        throw asTargetFailure(err);
      });
    },
  };
}
