import type { Clock } from '../../core/clock.js';
import { TargetFailure } from '../../events/bus/target-invoker.js';
import { arnTargetInvoker } from '../../events/bus/targets/arn-target-invoker.js';
import { busTarget } from '../../events/bus/targets/bus-target.js';
import { pipelineTarget } from '../../events/bus/targets/pipeline-target.js';
import { stateMachineTarget } from '../../events/bus/targets/state-machine-target.js';
import { missedPolicyFromEnv } from '../../events/schedules/missed-policy.js';
import type { Metadata } from '../../meta/index.js';
import type { WorkflowService } from '../../workflows/workflow-service.js';
import type { ServerContext } from '../server-context.js';
import type { StartServerOptions } from '../start-server.js';
import { ServerEvents } from './server-events.js';

/** The workflow engine, when the server runs one (`ServerContext.workflows`). */
type Workflows = { readonly workflows?: Pick<WorkflowService, 'startExecution'> };

/**
 * The server's EventBridge, with targets on this server's own services: SageMaker pipelines
 * (`ServerContext.pipelines`, which run in this process), state machines (the workflow engine's
 * `ServerContext.workflows`) and other buses. `context` is read at delivery time; a server
 * without a workflow engine dead-letters a state-machine target with `NO_RESOURCE` naming the
 * ARN, never drops it. Command targets need the `events.commands` configuration, not yet read
 * here, so they are dead-lettered the same way.
 */
export function serverEvents(
  metadata: Metadata,
  clock: Clock,
  options: Pick<StartServerOptions, 'log' | 'endpointTickMs' | 'missedSchedules'>,
  context: () => Pick<ServerContext, 'pipelines'> & Workflows,
): ServerEvents {
  const invoker = arnTargetInvoker({
    'sagemaker-pipeline': pipelineTarget({ start: (name, request) => context().pipelines.start(name, request) }),
    'state-machine': stateMachineTarget({ startExecution: (request) => engineOf(context()).startExecution(request) }),
    'event-bus': busTarget(metadata.eventbridge),
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

function engineOf(context: Workflows): Pick<WorkflowService, 'startExecution'> {
  if (context.workflows) return context.workflows;
  throw new TargetFailure('NO_RESOURCE', 'This server runs no workflow engine, so it cannot start state machine executions.', {
    retriable: false,
  });
}
