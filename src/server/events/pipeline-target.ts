import { createHash } from 'node:crypto';
import { getJsonPath } from '../../core/json-path.js';
import type { Target } from '../../events/bus/eventbridge-records.js';
import { TargetFailure, type TargetInvoker, targetKind } from '../../events/bus/target-invoker.js';
import type { EventEnvelope } from '../../events/event-envelope.js';
import type { PipelineService } from '../../pipelines/pipeline-service.js';
import { asTargetFailure } from './target-failure.js';

/**
 * A SageMaker pipeline target (`arn:aws:sagemaker:…:pipeline/NAME`): StartPipelineExecution of
 * the Godwit pipeline of that name, with the target's `SageMakerPipelineParameters`. A value that
 * is a path into the event (`$.detail.ModelPackageArn`, `$` for the whole event) is replaced by
 * what the event holds there (JSON text when it is not a string). The delivery key is the
 * execution's ClientRequestToken, so a retried delivery starts the execution once.
 */
export function pipelineTarget(pipelines: PipelineService): TargetInvoker {
  return {
    async invoke(target, _input, event, context) {
      const name = targetKind(target.arn)?.name as string;
      const parameters = parametersOf(target, event);
      const clientRequestToken = createHash('sha256').update(context.deliveryKey).digest('hex').slice(0, 64);
      await pipelines.start(name, { parameters, clientRequestToken }).catch((err) => {
        throw asTargetFailure(err);
      });
    },
  };
}

function parametersOf(target: Target, event: EventEnvelope): { name: string; value: string }[] {
  return (target.sageMakerPipelineParameters ?? []).map(({ name, value }) => {
    if (!value.startsWith('$')) return { name, value };
    const found = value === '$' ? event : getJsonPath(event, value.replace(/^\$\.?/, ''));
    if (found === undefined || found === null) {
      throw new TargetFailure('INVALID_PARAMETER', `Pipeline parameter ${name}: the event has nothing at ${value}.`, {
        retriable: false,
      });
    }
    return { name, value: typeof found === 'string' ? found : JSON.stringify(found) };
  });
}
