/**
 * EventBridge's model on Godwit's event outbox (capability `eventbridge`): event buses, rules
 * (an event pattern or a schedule expression), targets with their input, retry policy and dead
 * letters, archives and replays. The outbox is the `default` bus; events put on another bus are
 * stored in the same outbox with the bus's name. Field names follow EventBridge's API (botocore
 * `events` 2015-10-07) in camel case; ARNs are the local cloud's one form (`core/arns.ts`):
 *
 *   arn:aws:events:us-east-1:000000000000:event-bus/NAME
 *   arn:aws:events:us-east-1:000000000000:rule/NAME            (default bus)
 *   arn:aws:events:us-east-1:000000000000:rule/BUS/NAME        (any other bus)
 *   arn:aws:events:us-east-1:000000000000:archive/NAME
 *   arn:aws:events:us-east-1:000000000000:replay/NAME
 */
import type { EventEnvelope } from '../event-envelope.js';

export const DEFAULT_BUS = 'default';

export interface EventBusRecord {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly creationTime: Date;
  readonly lastModifiedTime: Date;
}

export type RuleState = 'ENABLED' | 'DISABLED';

/** What PutRule gives. Exactly one of `eventPattern` and `scheduleExpression` (schedules only on the default bus). */
export interface RuleDefinition {
  readonly name: string;
  /** `default` when absent. */
  readonly eventBusName?: string;
  /** The pattern's JSON text as given (kept verbatim: DescribeRule returns it unchanged). */
  readonly eventPattern?: string;
  /** `rate(…)` or `cron(…)` text; parsed and fired by the schedules part, stored here as text. */
  readonly scheduleExpression?: string;
  /** `ENABLED` when absent. */
  readonly state?: RuleState;
  readonly description?: string;
  readonly roleArn?: string;
}

export interface RuleRecord {
  readonly name: string;
  readonly arn: string;
  readonly eventBusName: string;
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  readonly state: RuleState;
  readonly description?: string;
  readonly roleArn?: string;
  /** Set on rules an archive created for itself (EventBridge's `ManagedBy`); never delivered to targets. */
  readonly managedBy?: string;
  readonly createdAt: Date;
  /** Bumped on every PutRule / Enable / Disable, so the router's cached rule index knows to rebuild. */
  readonly revision: number;
}

/**
 * A target's input (EventBridge's `InputTransformer`): `inputPathsMap` names JSONPath-like paths
 * into the event (`$.detail.status`), `inputTemplate` uses them as `<name>` with the predefined
 * `<aws.events.rule-arn>`, `<aws.events.rule-name>`, `<aws.events.event>`,
 * `<aws.events.event.json>` and `<aws.events.event.ingestion-time>`. A template that is JSON has
 * its string values quoted and escaped; a plain-text template gets the raw values.
 */
export interface InputTransformer {
  readonly inputPathsMap?: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

/** EventBridge's defaults: 185 attempts, 86,400 seconds (24 hours). */
export interface RetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeInSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 };

/**
 * A rule's target. Which input it gets: `input` (constant JSON text), `inputPath` (a JSONPath
 * into the event, `$.detail`), `inputTransformer`, or (none given) the whole event as JSON; at
 * most one of the three. `arn` chooses the kind of target (`target-invoker.ts`).
 */
export interface Target {
  /** Unique within the rule; 1–64 of `[\.\-_A-Za-z0-9]`. */
  readonly id: string;
  readonly arn: string;
  readonly roleArn?: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: InputTransformer;
  /** A SageMaker pipeline target's parameters: values may be `$.detail…` paths into the event (EventBridge's SageMakerPipelineParameters). */
  readonly sageMakerPipelineParameters?: readonly { readonly name: string; readonly value: string }[];
  /** `DEFAULT_RETRY_POLICY` when absent. */
  readonly retryPolicy?: RetryPolicy;
  /** Where EventBridge would send dead letters (an SQS ARN): recorded on every dead letter. Godwit keeps dead letters in its own store either way. */
  readonly deadLetterConfig?: { readonly arn?: string };
}

export interface ArchiveDefinition {
  readonly archiveName: string;
  /** The source bus's ARN (or its name). */
  readonly eventSourceArn: string;
  readonly description?: string;
  /** Archive only events that match; every event of the bus when absent. */
  readonly eventPattern?: string;
  /** 0 or absent: kept forever. */
  readonly retentionDays?: number;
}

export type ArchiveState = 'ENABLED' | 'DISABLED' | 'CREATING' | 'UPDATING' | 'CREATE_FAILED' | 'UPDATE_FAILED';

export interface ArchiveRecord extends ArchiveDefinition {
  readonly archiveArn: string;
  readonly eventBusName: string;
  readonly state: ArchiveState;
  readonly creationTime: Date;
  readonly eventCount: number;
  readonly sizeBytes: number;
}

export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface ReplayDefinition {
  readonly replayName: string;
  readonly description?: string;
  readonly eventSourceArn: string;
  readonly eventStartTime: Date;
  readonly eventEndTime: Date;
  /** The bus to replay to (its ARN) and, optionally, only these rules' ARNs. */
  readonly destination: { readonly arn: string; readonly filterArns?: readonly string[] };
}

export interface ReplayRecord extends ReplayDefinition {
  readonly replayArn: string;
  readonly state: ReplayState;
  readonly stateReason?: string;
  readonly replayStartTime?: Date;
  readonly replayEndTime?: Date;
  readonly eventLastReplayedTime?: Date;
}

/** An event as an archive keeps it. `seq` orders an archive's events; the replay cursor is one. */
export interface ArchivedEvent {
  readonly seq: number;
  readonly event: EventEnvelope;
}

/** Why a delivery was given up, as EventBridge's dead-letter message attributes say it. */
export type ExhaustedRetryCondition = 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';

/** A delivery that will not be retried: kept with the event, the target and the reason, never dropped. */
export interface DeadLetter {
  readonly id: number;
  readonly ruleArn: string;
  readonly targetId: string;
  readonly targetArn: string;
  /** The target's `deadLetterConfig.arn`, if it had one. */
  readonly deadLetterArn?: string;
  readonly event: EventEnvelope;
  /** `NO_RESOURCE`, `NO_PERMISSIONS`, `TIMEOUT`, `THROTTLING`, `INVALID_PARAMETER`, `TARGET_ERROR`, … */
  readonly errorCode: string;
  readonly errorMessage: string;
  /** Absent when the error was not retriable (sent to dead letters at once, as EventBridge does). */
  readonly exhaustedRetryCondition?: ExhaustedRetryCondition;
  readonly retryAttempts: number;
  readonly at: Date;
}

/**
 * One (event, rule, target) still to be delivered: written in the transaction that moves the
 * router's cursor past the event, deleted when the target took it or it was dead-lettered.
 * The target is a snapshot of the target as it was when the event matched.
 */
export interface PendingDelivery {
  readonly id: number;
  readonly ruleArn: string;
  readonly ruleName: string;
  readonly target: Target;
  readonly event: EventEnvelope;
  /** When the event entered the bus (the `<aws.events.event.ingestion-time>` and the age limit's start). */
  readonly ingestedAt: Date;
  /** Attempts made so far (0 before the first). */
  readonly attempts: number;
  readonly dueAt: Date;
  /** The replay that produced it, if any. */
  readonly replayName?: string;
}

export interface NewDelivery extends Omit<PendingDelivery, 'id' | 'attempts' | 'dueAt'> {}

/** An event for a bus, as PutEvents and bus targets publish it (any source, unlike Godwit's own `NewEvent`). */
export interface BusEvent {
  readonly eventBusName: string;
  readonly source: string;
  readonly detailType: string;
  readonly time: Date;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export interface PageRequest {
  readonly nextToken?: string;
  readonly limit?: number;
}

/** How far a replay has got, committed with the deliveries of the events it replayed. */
export interface ReplayProgress {
  readonly afterSeq: number;
  readonly lastReplayed?: Date;
  readonly deliveries: readonly NewDelivery[];
  readonly state?: ReplayState;
  readonly stateReason?: string;
}
