import type { EventEnvelope } from '../event-envelope.js';
import type {
  ArchiveDefinition,
  ArchiveRecord,
  DeadLetter,
  EventBusRecord,
  Page,
  PageRequest,
  ReplayDefinition,
  ReplayRecord,
  ReplayState,
  RuleDefinition,
  RuleRecord,
  Target,
} from './eventbridge-records.js';

/** One PutEvents entry, as EventBridge's `PutEventsRequestEntry`. */
export interface PutEventsEntry {
  readonly source?: string;
  readonly detailType?: string;
  /** JSON text of an object. */
  readonly detail?: string;
  readonly resources?: readonly string[];
  /** The event's time; the clock's now when absent. */
  readonly time?: Date;
  /** A bus name or ARN; `default` when absent. */
  readonly eventBusName?: string;
}

/** Per entry, in request order: the new event's id, or EventBridge's error code and message. */
export type PutEventsResultEntry = { readonly eventId: string } | { readonly errorCode: string; readonly errorMessage: string };

export interface PutEventsResult {
  readonly failedEntryCount: number;
  readonly entries: readonly PutEventsResultEntry[];
}

/** PutTargets' / RemoveTargets' answer: entries EventBridge refused, by target id. */
export interface TargetsResult {
  readonly failedEntryCount: number;
  readonly failedEntries: readonly { readonly targetId: string; readonly errorCode: string; readonly errorMessage: string }[];
}

/**
 * The EventBridge application API: what the EventBridge front door (`AWSEvents.*`), the CLI
 * (`godwit events …`) and the schedules part call. Validation is EventBridge's, with its
 * messages; errors are `GodwitError`s whose codes the door maps to EventBridge's exceptions:
 *
 *   E_EVENT_PATTERN_INVALID   InvalidEventPatternException ("Event pattern is not valid. Reason: …")
 *   E_EVENTBRIDGE_NOT_FOUND   ResourceNotFoundException
 *   E_EVENTBRIDGE_EXISTS      ResourceAlreadyExistsException
 *   E_EVENTBRIDGE_INVALID     ValidationException
 *   E_EVENTBRIDGE_LIMIT       LimitExceededException
 *   E_EVENTBRIDGE_STATE       IllegalStatusException
 *
 * `eventBusName` arguments take a bus name or its ARN and mean `default` when absent. Events put
 * here are routed by the server's `EventRouter` (which delivers to targets); this API only
 * stores them.
 */
export interface EventBridgeService {
  /** Each valid entry is published on its bus's outbox; invalid ones are reported, not thrown (at most 10 entries). */
  putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult>;

  putRule(rule: RuleDefinition): Promise<RuleRecord>;
  describeRule(name: string, eventBusName?: string): Promise<RuleRecord>;
  deleteRule(name: string, eventBusName?: string, force?: boolean): Promise<void>;
  listRules(
    filter: { readonly eventBusName?: string; readonly namePrefix?: string },
    page?: PageRequest,
  ): Promise<Page<RuleRecord>>;
  enableRule(name: string, eventBusName?: string): Promise<void>;
  disableRule(name: string, eventBusName?: string): Promise<void>;
  /** Targets of a schedule or pattern rule; invalid targets are failed entries, valid ones are stored. */
  putTargets(rule: string, eventBusName: string | undefined, targets: readonly Target[]): Promise<TargetsResult>;
  removeTargets(rule: string, eventBusName: string | undefined, ids: readonly string[], force?: boolean): Promise<TargetsResult>;
  listTargetsByRule(rule: string, eventBusName?: string, page?: PageRequest): Promise<Page<Target>>;

  createEventBus(name: string, description?: string): Promise<EventBusRecord>;
  deleteEventBus(name: string): Promise<void>;
  describeEventBus(name?: string): Promise<EventBusRecord>;
  listEventBuses(namePrefix?: string, page?: PageRequest): Promise<Page<EventBusRecord>>;

  createArchive(archive: ArchiveDefinition): Promise<ArchiveRecord>;
  updateArchive(
    name: string,
    changes: Partial<Pick<ArchiveDefinition, 'description' | 'eventPattern' | 'retentionDays'>>,
  ): Promise<ArchiveRecord>;
  deleteArchive(name: string): Promise<void>;
  describeArchive(name: string): Promise<ArchiveRecord>;
  listArchives(
    filter: { readonly namePrefix?: string; readonly eventSourceArn?: string },
    page?: PageRequest,
  ): Promise<Page<ArchiveRecord>>;

  /** Validates the replay (the archive exists, the range is in its past, the destination is the archive's bus) and records it STARTING; the router carries it out. */
  startReplay(replay: ReplayDefinition): Promise<ReplayRecord>;
  cancelReplay(name: string): Promise<ReplayRecord>;
  describeReplay(name: string): Promise<ReplayRecord>;
  listReplays(
    filter: { readonly namePrefix?: string; readonly state?: ReplayState; readonly eventSourceArn?: string },
    page?: PageRequest,
  ): Promise<Page<ReplayRecord>>;

  /** TestEventPattern: whether `event` (JSON text of a whole envelope) matches `pattern`. */
  testEventPattern(pattern: string, event: string): boolean;

  /** Deliveries given up (retries exhausted or not retriable), newest first. */
  listDeadLetters(
    filter: { readonly ruleArn?: string; readonly targetId?: string },
    page?: PageRequest,
  ): Promise<Page<DeadLetter>>;

  /**
   * For the schedules part: a schedule rule fired at `at`. Queues EventBridge's "Scheduled
   * Event" (`source: aws.events`, `resources: [rule ARN]`, `detail: {}`) for every target of the
   * rule, delivered with retries like any other; returns the event. A disabled rule fires nothing.
   */
  fireScheduledRule(name: string, eventBusName: string | undefined, at: Date): Promise<EventEnvelope | undefined>;
}
