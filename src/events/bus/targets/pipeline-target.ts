import type { EventEnvelope } from '../../event-envelope.js';
import type { Target } from '../eventbridge-records.js';
import { readPath } from '../target-input.js';
import { type DeliveryContext, TargetFailure, type TargetInvoker, targetKind } from '../target-invoker.js';
import { asTargetFailure } from './target-failures.js';

/** What a pipeline target needs of the pipelines capability: `PipelineService.start`. */
export interface PipelineStarter {
  start(
    name: string,
    request: {
      readonly parameters: readonly { name: string; value: string }[];
      readonly clientRequestToken?: string;
      readonly description?: string;
      /** The target's RoleArn: the server starts the execution as that role when it names a principal. */
      readonly roleArn?: string;
    },
  ): Promise<unknown>;
}

/**
 * `arn:aws:sagemaker:…:pipeline/NAME`: StartPipelineExecution with the target's
 * SageMakerPipelineParameters, a value starting with `$.` read from the event (EventBridge's
 * dynamic path parameters: a string as it is, anything else as JSON). The delivery key is the
 * ClientRequestToken, so a retry after a crash starts no second execution.
 */
export function pipelineTarget(pipelines: PipelineStarter): TargetInvoker {
  return {
    async invoke(target: Target, _input: string, event: EventEnvelope, context: DeliveryContext) {
      const name = targetKind(target.arn)?.name;
      if (!name)
        throw new TargetFailure('INVALID_PARAMETER', `${target.arn} is not a SageMaker pipeline ARN.`, { retriable: false });
      const parameters = (target.sageMakerPipelineParameters ?? []).map((p) => ({
        name: p.name,
        value: parameterValue(p.value, event),
      }));
      try {
        await pipelines.start(name, {
          parameters,
          clientRequestToken: context.deliveryKey,
          description: `Started by EventBridge rule ${context.ruleName}`,
          ...(target.roleArn !== undefined && { roleArn: target.roleArn }),
        });
      } catch (err) {
        throw asTargetFailure(err);
      }
    },
  };
}

function parameterValue(value: string, event: EventEnvelope): string {
  if (!value.startsWith('$.')) return value;
  const found = readPath(event, value);
  if (found === undefined)
    throw new TargetFailure('INVALID_PARAMETER', `The path ${value} leads nowhere in event ${event.id}.`, { retriable: false });
  return typeof found === 'string' ? found : JSON.stringify(found);
}
