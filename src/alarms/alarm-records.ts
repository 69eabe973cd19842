import type { Statistic } from '../metrics/metric-store.js';

/**
 * Alarms in CloudWatch's model (capability `alarms`): a metric alarm watches one series of the
 * metric store (namespace, metric name, dimensions), reduces each `period` to one statistic
 * (`SampleCount`, `Average`, `Sum`, `Minimum`, `Maximum` or a percentile such as `p99`), and is in
 * ALARM when at least `datapointsToAlarm` of the last `evaluationPeriods` datapoints breach the
 * threshold. Periods without data are treated as `treatMissingData` says. Every state change is
 * kept in the alarm's history and published on the event outbox ("CloudWatch Alarm State
 * Change"). Deployment guardrails read alarm states; autoscaling's target-tracking policies create
 * alarms of their own. Time is the injectable clock's.
 */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** CloudWatch's `TreatMissingData`: `missing` (the default) leaves a period out of the evaluation. */
export type MissingDataTreatment = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

/** What PutMetricAlarm (and `godwit alarm create`) gives. */
export interface AlarmDefinition {
  readonly name: string;
  readonly description?: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** CloudWatch's `Statistic`, or its `ExtendedStatistic` (`p99`, `p99.9`). */
  readonly statistic: Statistic;
  readonly unit?: string;
  /** Seconds: 10, 20, 30 or a multiple of 60. */
  readonly period: number;
  readonly evaluationPeriods: number;
  /** ≤ `evaluationPeriods`; `evaluationPeriods` when not given. */
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperator;
  readonly treatMissingData: MissingDataTreatment;
  readonly actionsEnabled: boolean;
  /** ARNs acted on when the state becomes ALARM / OK / INSUFFICIENT_DATA (scaling policies). */
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  readonly insufficientDataActions: readonly string[];
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
}

export interface AlarmRecord extends AlarmDefinition {
  readonly arn: string;
  readonly state: AlarmState;
  readonly stateReason: string;
  /** CloudWatch's `StateReasonData`: JSON naming the datapoints that decided the state. */
  readonly stateReasonData?: string;
  readonly stateUpdatedAt: Date;
  readonly configurationUpdatedAt: Date;
}

export interface AlarmHistoryItem {
  readonly alarmName: string;
  readonly timestamp: Date;
  readonly type: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  readonly summary: string;
  /** JSON, as CloudWatch's `HistoryData`. */
  readonly data: string;
}

/** One state change an evaluation (or `setState`) made. */
export interface AlarmTransition {
  readonly alarmName: string;
  readonly from: AlarmState;
  readonly to: AlarmState;
  readonly reason: string;
  readonly at: Date;
}

export interface AlarmFilter {
  readonly names?: readonly string[];
  readonly prefix?: string;
  readonly state?: AlarmState;
  /** Alarms whose `alarmActions` include this ARN (DescribeAlarms `ActionPrefix`, by prefix). */
  readonly actionPrefix?: string;
}

/**
 * Who acts on an alarm action's ARN (autoscaling registers its scaling policies' ARNs). When a
 * transition reaches a state whose actions are enabled, each ARN goes to the first handler that
 * `handles` it, after the transition is committed; an ARN no handler takes, or a handler that
 * throws, is recorded as a failed `Action` history item, never an error of the evaluation.
 */
export interface AlarmActionHandler {
  handles(arn: string): boolean;
  /** Resolves with a short description of what was done (kept in the history item). */
  act(arn: string, alarm: AlarmRecord, transition: AlarmTransition): Promise<string | undefined>;
}

/**
 * The `alarms` capability. `put` creates or replaces (a new alarm starts INSUFFICIENT_DATA; a
 * replaced one keeps its state until the next evaluation); field rules are CloudWatch's, in its
 * words (`E_ALARM_INVALID` → `ValidationError`). `evaluate` reads the metric store at the clock's
 * now, records and publishes every transition, and returns them; the server runs it on a tick,
 * and callers that must see fresh data (a rollout's baking check) flush metrics and call it
 * themselves. `get` of a missing name is undefined; `state` of one is `E_ALARM_NOT_FOUND`.
 */
export interface AlarmService {
  put(definition: AlarmDefinition): Promise<AlarmRecord>;
  get(name: string): Promise<AlarmRecord | undefined>;
  list(filter?: AlarmFilter): Promise<AlarmRecord[]>;
  /** Names that do not exist are ignored, as CloudWatch's DeleteAlarms does. */
  delete(names: readonly string[]): Promise<void>;
  /** SetAlarmState: the state holds until the next evaluation changes it. */
  setState(name: string, state: AlarmState, reason: string, reasonData?: string): Promise<AlarmTransition | undefined>;
  /** Newest first. */
  history(name?: string, options?: { type?: AlarmHistoryItem['type']; start?: Date; end?: Date }): Promise<AlarmHistoryItem[]>;
  /** Evaluates the named alarms (all when absent) now; returns the transitions made. */
  evaluate(names?: readonly string[]): Promise<AlarmTransition[]>;
  /** The current state of each named alarm, after no evaluation; `E_ALARM_NOT_FOUND` names a missing one. */
  states(names: readonly string[]): Promise<ReadonlyMap<string, AlarmState>>;
  /** EnableAlarmActions / DisableAlarmActions: names that do not exist are ignored. */
  setActionsEnabled(names: readonly string[], enabled: boolean): Promise<void>;
  /** Adds a handler for action ARNs (this process only: the server's evaluator is where actions run). */
  registerActionHandler(handler: AlarmActionHandler): Promise<void>;
}
