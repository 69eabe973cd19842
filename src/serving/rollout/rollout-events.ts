import { arn, DEFAULT_REGION } from '../../core/arns.js';
import type { EndpointConfigRecord } from '../../endpoints/endpoint-records.js';
import type { RolloutProgress } from '../../endpoints/rollout-records.js';
import type { NewEvent } from '../../events/event-envelope.js';
import { pendingVariants } from './deployment-summary.js';

/**
 * What happened in a guarded update, each published as SageMaker's "SageMaker Endpoint Deployment
 * State Change" with `detail.DeploymentStage` naming the step (Godwit's addition; the rest of the
 * detail is SageMaker's shape, times in epoch milliseconds, statuses in upper case):
 * - `Started`: the new fleet is up beside the old one; no traffic on it yet;
 * - `Resumed`: a restarted server picked the update up where its record was;
 * - `TrafficShifted`: a step's share of traffic now goes to the new fleet and its bake begins;
 * - `BakeSucceeded`: a step's baking period ended with no alarm in ALARM;
 * - `TerminationWaitStarted`: every request goes to the new fleet; the old one waits to be closed;
 * - `Completed`: the old fleet is closed; the endpoint is InService on the new config;
 * - `RollingBack`: an alarm, the timeout or a failure sent every request back to the old fleet;
 * - `RolledBack`: the new fleet is closed; the endpoint is InService on the old config.
 */
export type DeploymentStage =
  | 'Started'
  | 'Resumed'
  | 'TrafficShifted'
  | 'BakeSucceeded'
  | 'TerminationWaitStarted'
  | 'Completed'
  | 'RollingBack'
  | 'RolledBack';

export const DEPLOYMENT_DETAIL_TYPE = 'SageMaker Endpoint Deployment State Change';

const STATUS: Record<DeploymentStage, string> = {
  Started: 'UPDATING',
  Resumed: 'UPDATING',
  TrafficShifted: 'UPDATING',
  BakeSucceeded: 'UPDATING',
  TerminationWaitStarted: 'UPDATING',
  Completed: 'IN_SERVICE',
  RollingBack: 'ROLLING_BACK',
  RolledBack: 'IN_SERVICE',
};

export function deploymentEvent(
  stage: DeploymentStage,
  progress: RolloutProgress,
  green: EndpointConfigRecord,
  at: Date,
): NewEvent {
  const endpointArn = arn('sagemaker', DEFAULT_REGION, `endpoint/${progress.endpointName}`);
  const over = stage === 'Completed' || stage === 'RolledBack';
  const variants = pendingVariants(green, progress, at).map((v) => ({
    ...v,
    VariantStatus: v.VariantStatus.map((s) => ({ ...s, StartTime: s.StartTime.getTime() })),
  }));
  return {
    source: 'aws.sagemaker',
    detailType: DEPLOYMENT_DETAIL_TYPE,
    time: at,
    resources: [endpointArn],
    detail: {
      EndpointName: progress.endpointName,
      EndpointArn: endpointArn,
      EndpointConfigName: stage === 'Completed' ? progress.greenConfig : progress.blueConfig,
      EndpointStatus: STATUS[stage],
      LastModifiedTime: at.getTime(),
      DeploymentStage: stage,
      Step: progress.step,
      TrafficShare: progress.greenShare,
      ...(progress.reason !== undefined && { FailureReason: progress.reason }),
      ...(!over && {
        PendingDeploymentSummary: {
          EndpointConfigName: progress.greenConfig,
          StartTime: progress.startedAt.getTime(),
          ProductionVariants: variants,
        },
      }),
    },
  };
}
