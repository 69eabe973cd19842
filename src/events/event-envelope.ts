import { DEFAULT_REGION, executionArn, modelPackageArn, pipelineArn } from '../core/arns.js';

/**
 * Godwit's events use Amazon EventBridge's envelope, so rules and consumers written for AWS read
 * them unchanged:
 *
 *   { "version": "0", "id": "6a7e8feb-…", "detail-type": "SageMaker Model Package State Change",
 *     "source": "aws.sagemaker", "account": "000000000000", "time": "2026-12-05T14:02:11Z",
 *     "region": "us-east-1", "resources": ["arn:aws:sagemaker:us-east-1:000000000000:model-package/Abalone/3"],
 *     "detail": { … } }
 */
export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
  /** Set on events an EventBridge replay delivers again: the replay's name. */
  readonly 'replay-name'?: string;
}

/** What a capability publishes; the outbox adds the id, account, region and version. */
export interface NewEvent {
  readonly source: EventSource;
  readonly detailType: string;
  readonly time: Date;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export type EventSource =
  | 'aws.cloudwatch'
  | 'aws.sagemaker'
  | 'aws.application-autoscaling'
  | 'godwit.endpoints'
  // A callback step's message (src/pipelines/callback-message.ts): SageMaker sends it to SQS, not to EventBridge.
  | 'godwit.pipelines'
  // Model Monitor's executions (src/monitor/schedules): SageMaker has no EventBridge event of its own for them.
  | 'godwit.monitoring'
  // Step Functions' execution status changes (src/workflows).
  | 'aws.states'
  // Events a state machine's `events:putEvents` task or a PutEvents caller publishes: any source it names.
  | (string & {});

/** Events name resources in the local cloud's one ARN form (`core/arns.ts`), in its default region. */
export const pipelineArnOf = (pipeline: string) => pipelineArn(DEFAULT_REGION, pipeline);
export const pipelineExecutionArn = (pipeline: string, runId: string) => executionArn(DEFAULT_REGION, pipeline, runId);
export const modelPackageArnOf = (group: string, version: number) => modelPackageArn(DEFAULT_REGION, group, version);

/** EventBridge writes times to the second, in UTC. */
export const eventTime = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;
