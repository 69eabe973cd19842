/**
 * The monitoring-schedules capability's records: job definitions (SageMaker's four kinds),
 * monitoring schedules and their executions. Definitions and schedule configs are kept as
 * SageMaker's JSON, exactly as sent, so Describe answers what Create was given; the columns a
 * query selects on (type, endpoint, status, times) are lifted out beside them.
 */
import type { NewEvent } from '../../events/event-envelope.js';
import type { MonitoringType } from '../monitoring-job.js';

export type Json = Readonly<Record<string, unknown>>;
export type Tag = { readonly Key: string; readonly Value: string };

/** SageMaker's `ScheduleStatus`. */
export type ScheduleStatus = 'Pending' | 'Failed' | 'Scheduled' | 'Stopped';
export const SCHEDULE_STATUSES: readonly ScheduleStatus[] = ['Pending', 'Failed', 'Scheduled', 'Stopped'];

/** SageMaker's `ExecutionStatus`. */
export type ExecutionStatus =
  | 'Pending'
  | 'Completed'
  | 'CompletedWithViolations'
  | 'InProgress'
  | 'Failed'
  | 'Stopping'
  | 'Stopped';
export const EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  'Pending',
  'Completed',
  'CompletedWithViolations',
  'InProgress',
  'Failed',
  'Stopping',
  'Stopped',
];

export const MONITORING_TYPES: readonly MonitoringType[] = ['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability'];

/** A `Create<Type>JobDefinition` request, kept whole but for its name and tags. */
export interface JobDefinitionRecord {
  readonly name: string;
  readonly type: MonitoringType;
  /** The endpoint its `EndpointInput` names; absent for a batch-transform input. */
  readonly endpointName?: string;
  /** The request's other fields, e.g. `DataQualityAppSpecification`, `DataQualityJobInput`, `RoleArn`. */
  readonly definition: Json;
  readonly tags: readonly Tag[];
  readonly createdAt: Date;
}

export interface ScheduleRecord {
  readonly name: string;
  readonly status: ScheduleStatus;
  readonly type: MonitoringType;
  readonly endpointName?: string;
  /** Set when the config names a job definition (`MonitoringJobDefinitionName`) rather than holding one inline. */
  readonly definitionName?: string;
  /** SageMaker's `MonitoringScheduleConfig`, as sent (with `MonitoringType` filled in). */
  readonly config: Json;
  readonly failureReason?: string;
  readonly tags: readonly Tag[];
  readonly createdAt: Date;
  readonly lastModifiedAt: Date;
}

export type NewSchedule = Omit<ScheduleRecord, 'status' | 'createdAt' | 'lastModifiedAt'>;
export type ScheduleChange = Partial<
  Pick<ScheduleRecord, 'status' | 'type' | 'endpointName' | 'definitionName' | 'config' | 'failureReason'>
>;

/** One run of a schedule: SageMaker's `MonitoringExecutionSummary` and what Godwit keeps beside it. */
export interface ExecutionRecord {
  /** The processing job's name (`model-monitoring-<yyyymmddhh>-<hash>`), unique. */
  readonly id: string;
  readonly scheduleName: string;
  readonly type: MonitoringType;
  readonly endpointName?: string;
  readonly definitionName?: string;
  readonly status: ExecutionStatus;
  /** The cron moment this run is for (`NOW`: when the schedule was created). */
  readonly scheduledTime: Date;
  readonly createdAt: Date;
  readonly lastModifiedAt: Date;
  /** The data window it analyses: [start, end). */
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** Where its files went. */
  readonly outputUri: string;
  readonly files: readonly string[];
  readonly violationCount?: number;
  /** Lines the job skipped as malformed, with where they were. */
  readonly skipped?: readonly { readonly where: string; readonly reason: string }[];
  readonly failureReason?: string;
}

export type NewExecution = Omit<ExecutionRecord, 'status' | 'createdAt' | 'lastModifiedAt' | 'files'>;
export type ExecutionChange = Partial<Pick<ExecutionRecord, 'status' | 'files' | 'violationCount' | 'skipped' | 'failureReason'>>;

export interface ExecutionQuery {
  readonly scheduleName?: string;
  readonly endpointName?: string;
}

/**
 * The capability over the metadata database. Names are unique per kind of record: a job
 * definition's name across the four types (a schedule names it with its type). Every write is one
 * transaction. `startExecution` is idempotent per (schedule, scheduled time): a second call for the
 * same moment records nothing and answers undefined, so two loops can never run one period twice.
 */
export interface MonitoringCatalog {
  /** E_MONITOR_DEFINITION_EXISTS when the name is taken. */
  createDefinition(record: Omit<JobDefinitionRecord, 'createdAt'>): Promise<JobDefinitionRecord>;
  getDefinition(name: string): Promise<JobDefinitionRecord | undefined>;
  /** Of one type, oldest first. */
  listDefinitions(type: MonitoringType): Promise<JobDefinitionRecord[]>;
  /** E_MONITOR_DEFINITION_NOT_FOUND; E_MONITOR_DEFINITION_IN_USE while a schedule names it. */
  deleteDefinition(type: MonitoringType, name: string): Promise<void>;

  /** E_MONITOR_SCHEDULE_EXISTS when the name is taken. Starts `Pending`. */
  createSchedule(record: NewSchedule): Promise<ScheduleRecord>;
  getSchedule(name: string): Promise<ScheduleRecord | undefined>;
  /** Oldest first. */
  listSchedules(): Promise<ScheduleRecord[]>;
  /** E_MONITOR_SCHEDULE_NOT_FOUND. A key given as undefined is cleared. */
  changeSchedule(name: string, change: ScheduleChange): Promise<ScheduleRecord>;
  /** E_MONITOR_SCHEDULE_NOT_FOUND. Its executions stay (SageMaker keeps a deleted schedule's history). */
  deleteSchedule(name: string): Promise<void>;

  /** Records an `InProgress` execution, or answers undefined when one exists for that schedule and moment. */
  startExecution(record: NewExecution): Promise<ExecutionRecord | undefined>;
  /**
   * Records how an execution ended and, in the same transaction, publishes `eventOf(the record)` on
   * the event outbox. E_MONITOR_SCHEDULE_NOT_FOUND when there is no such execution.
   */
  finishExecution(id: string, change: ExecutionChange, eventOf?: (record: ExecutionRecord) => NewEvent): Promise<ExecutionRecord>;
  getExecution(id: string): Promise<ExecutionRecord | undefined>;
  /** Newest scheduled time first. */
  listExecutions(query?: ExecutionQuery): Promise<ExecutionRecord[]>;
  /** The latest by scheduled time. */
  lastExecution(scheduleName: string): Promise<ExecutionRecord | undefined>;
  /** Executions still `InProgress` or `Pending` (a server that died left them so). */
  unfinishedExecutions(): Promise<ExecutionRecord[]>;
}
