import type { EventEnvelope } from '../event-envelope.js';
import type {
  ArchiveDefinition,
  ArchivedEvent,
  ArchiveRecord,
  BusEvent,
  DeadLetter,
  EventBusRecord,
  NewDelivery,
  Page,
  PageRequest,
  PendingDelivery,
  ReplayDefinition,
  ReplayProgress,
  ReplayRecord,
  ReplayState,
  RuleDefinition,
  RuleRecord,
  RuleState,
  Target,
} from './eventbridge-records.js';

/**
 * The `eventbridge` capability's stored state, with no EventBridge semantics beyond what a row
 * needs (patterns are validated and matched above it, in `EventBridgeService` and `EventRouter`).
 * One implementation, `SqlEventBridgeCatalog`, on SQLite and PostgreSQL; its contract suite is
 * `eventbridge-catalog.contract.ts`. Names are case-sensitive; a bus name is the `default` bus
 * when absent. Times are the injectable clock's.
 *
 * Errors: `E_EVENTBRIDGE_NOT_FOUND` (a bus, rule, archive or replay that is not there),
 * `E_EVENTBRIDGE_EXISTS` (a bus, archive or replay name in use), `E_EVENTBRIDGE_INVALID` (a
 * request EventBridge answers with ValidationException: deleting the default bus, a bus that
 * still has rules, a rule that still has targets), `E_EVENTBRIDGE_LIMIT` (more than 5 targets
 * on a rule).
 */
export interface EventBridgeCatalog {
  /**
   * Publishes events on their buses' outbox (one transaction for all), as PutEvents does: the
   * outbox gives each its id; the bus must exist (`E_EVENTBRIDGE_NOT_FOUND`).
   */
  publishEvents(events: readonly BusEvent[]): Promise<readonly EventEnvelope[]>;

  // Buses. `default` always exists and cannot be created or deleted.
  createEventBus(name: string, description?: string): Promise<EventBusRecord>;
  describeEventBus(name: string): Promise<EventBusRecord>;
  /** Refused while the bus has rules or archives. */
  deleteEventBus(name: string): Promise<void>;
  listEventBuses(namePrefix?: string, page?: PageRequest): Promise<Page<EventBusRecord>>;

  // Rules. `putRule` creates or replaces (keeping targets and creation time); the bus must exist.
  putRule(rule: RuleDefinition & { readonly managedBy?: string }): Promise<RuleRecord>;
  describeRule(name: string, eventBusName?: string): Promise<RuleRecord>;
  /** Refused while the rule has targets, unless `force` (EventBridge's `Force`, for managed rules) removes them too. */
  deleteRule(name: string, eventBusName?: string, force?: boolean): Promise<void>;
  setRuleState(name: string, eventBusName: string | undefined, state: RuleState): Promise<RuleRecord>;
  listRules(
    filter: { readonly eventBusName?: string; readonly namePrefix?: string },
    page?: PageRequest,
  ): Promise<Page<RuleRecord>>;

  // Targets, by id within a rule: `putTargets` adds or replaces each (at most 5 per rule).
  putTargets(rule: string, eventBusName: string | undefined, targets: readonly Target[]): Promise<void>;
  /** Ids that are not targets of the rule are ignored (EventBridge reports no failure for them). */
  removeTargets(rule: string, eventBusName: string | undefined, ids: readonly string[]): Promise<void>;
  listTargetsByRule(rule: string, eventBusName?: string): Promise<readonly Target[]>;
  /**
   * Every rule of a bus with its targets, in name order, and the rule set's revision: a number
   * that changes whenever any rule or target of any bus does, so a reader can cache an index.
   */
  rulesOfBus(
    eventBusName: string,
  ): Promise<{ readonly revision: number; readonly rules: readonly (RuleRecord & { readonly targets: readonly Target[] })[] }>;
  /** The current rule-set revision (cheap: one row). */
  rulesRevision(): Promise<number>;

  // Archives.
  createArchive(archive: ArchiveDefinition): Promise<ArchiveRecord>;
  describeArchive(name: string): Promise<ArchiveRecord>;
  updateArchive(
    name: string,
    changes: Partial<Pick<ArchiveDefinition, 'description' | 'eventPattern' | 'retentionDays'>>,
  ): Promise<ArchiveRecord>;
  /** Deletes the archive and the events it keeps. */
  deleteArchive(name: string): Promise<void>;
  listArchives(
    filter: { readonly namePrefix?: string; readonly eventSourceArn?: string },
    page?: PageRequest,
  ): Promise<Page<ArchiveRecord>>;
  /** An archive's events whose time is in [from, to), after `afterSeq`, oldest first. */
  listArchivedEvents(
    archive: string,
    range: { readonly from: Date; readonly to: Date; readonly afterSeq?: number; readonly limit?: number },
  ): Promise<readonly ArchivedEvent[]>;
  /** Deletes archived events older than their archive's retention; returns how many. */
  expireArchivedEvents(now: Date): Promise<number>;

  // The router's durable progress through the outbox.
  /** The outbox cursor `consumer` has routed up to (undefined before its first batch). */
  routerCursor(consumer: string): Promise<string | undefined>;
  /**
   * In one transaction: moves `consumer`'s cursor from `from` to `to`, stores the matched
   * deliveries (due now) and the archived copies. Returns false, writing nothing, when the cursor
   * is no longer `from` (another router got there first), so no event is routed twice.
   */
  commitRouted(batch: {
    readonly consumer: string;
    readonly from: string | undefined;
    readonly to: string;
    readonly deliveries: readonly NewDelivery[];
    readonly archived: readonly { readonly archive: string; readonly event: ArchivedEvent['event'] }[];
  }): Promise<boolean>;

  // Deliveries: what is owed to targets, retried on the clock until delivered or dead-lettered.
  /** Stores deliveries due now (scheduled rules' events and replays use this). */
  enqueueDeliveries(deliveries: readonly NewDelivery[]): Promise<void>;
  /** Deliveries due at or before `now`, oldest due first, at most `limit`. */
  dueDeliveries(now: Date, limit: number): Promise<readonly PendingDelivery[]>;
  /** When the earliest pending delivery is due, if any is pending. */
  nextDeliveryDue(): Promise<Date | undefined>;
  /**
   * Takes a due delivery for one attempt: moves its due time from `dueAt` (as read) to
   * `leaseUntil`, and answers whether this caller got it. Routers sharing a database (servers on
   * one PostgreSQL) so never try the same delivery at once; one that dies mid-attempt leaves it
   * to be tried again when the lease ends.
   */
  claimDelivery(id: number, dueAt: Date, leaseUntil: Date): Promise<boolean>;
  /** The target took it: forget the delivery. */
  completeDelivery(id: number): Promise<void>;
  /** It failed and will be tried again at `dueAt`, `attempts` having been made. */
  retryDelivery(id: number, attempts: number, dueAt: Date): Promise<void>;
  /** It failed for good: in one transaction the delivery becomes a dead letter. */
  deadLetter(
    id: number,
    letter: Omit<DeadLetter, 'id' | 'event' | 'ruleArn' | 'targetId' | 'targetArn' | 'deadLetterArn'>,
  ): Promise<DeadLetter>;
  listDeadLetters(
    filter: { readonly ruleArn?: string; readonly targetId?: string },
    page?: PageRequest,
  ): Promise<Page<DeadLetter>>;

  // Replays.
  startReplay(replay: ReplayDefinition): Promise<ReplayRecord>;
  describeReplay(name: string): Promise<ReplayRecord>;
  listReplays(
    filter: { readonly namePrefix?: string; readonly state?: ReplayState; readonly eventSourceArn?: string },
    page?: PageRequest,
  ): Promise<Page<ReplayRecord>>;
  /** The replays a runner must carry on with (STARTING, RUNNING, CANCELLING), with their archive cursor. */
  activeReplays(): Promise<readonly (ReplayRecord & { readonly afterSeq: number })[]>;
  /**
   * In one transaction: stores deliveries for replayed events and moves the replay's cursor to
   * `afterSeq` (its `eventLastReplayedTime` to `lastReplayed`), with a new state if given.
   */
  commitReplayed(name: string, progress: ReplayProgress): Promise<ReplayRecord>;
  /** STARTING or RUNNING → CANCELLING; `E_EVENTBRIDGE_STATE` otherwise. */
  cancelReplay(name: string): Promise<ReplayRecord>;
}
