import type { Clock } from '../../core/clock.js';
import { arnTargetInvoker } from '../../events/bus/targets/arn-target-invoker.js';
import { busTarget } from '../../events/bus/targets/bus-target.js';
import { pipelineTarget } from '../../events/bus/targets/pipeline-target.js';
import { stateMachineTarget } from '../../events/bus/targets/state-machine-target.js';
import { missedPolicyFromEnv } from '../../events/schedules/missed-policy.js';
import type { Metadata } from '../../meta/index.js';
import { roleCaller } from '../../runtime/run-caller.js';
import { arn, DEFAULT_REGION } from '../aws/arns.js';
import type { ServerContext } from '../server-context.js';
import type { StartServerOptions } from '../start-server.js';
import { ServerEvents } from './server-events.js';

/**
 * The server's EventBridge, with targets on this server's own services: SageMaker pipelines
 * (`ServerContext.pipelines`, which run in this process), state machines (the workflow engine's
 * `ServerContext.workflows`) and other buses. `context` is read at delivery time. Command targets
 * need an `events.commands` configuration, not yet read here, so they are dead-lettered with
 * `NO_RESOURCE` naming the ARN, never dropped.
 */
export function serverEvents(
  metadata: Metadata,
  clock: Clock,
  options: Pick<StartServerOptions, 'log' | 'endpointTickMs' | 'missedSchedules'>,
  context: () => Pick<ServerContext, 'pipelines' | 'workflows' | 'authorize'>,
): ServerEvents {
  const invoker = arnTargetInvoker({
    'sagemaker-pipeline': pipelineTarget({
      // As AWS runs the target as its RoleArn: a role that names a principal needs the IAM right, and the run acts as it.
      async start(name, { roleArn, ...request }) {
        const caller = await roleCaller(roleArn, (arn) => metadata.principals.get(arn));
        if (caller) await context().authorize(caller, 'sagemaker:StartPipelineExecution', pipelineArn(name), 'events');
        return context().pipelines.start(name, { ...request, ...(caller && { caller }) });
      },
    }),
    'event-bus': busTarget(metadata.eventbridge),
    'state-machine': stateMachineTarget({ startExecution: (request) => context().workflows.startExecution(request) }),
  });
  return new ServerEvents({
    metadata,
    clock,
    log: options.log,
    invoker,
    missed: options.missedSchedules ?? missedPolicyFromEnv(process.env),
    tickMs: options.endpointTickMs,
  });
}

const pipelineArn = (name: string) => arn('sagemaker', DEFAULT_REGION, `pipeline/${name.toLowerCase()}`);
