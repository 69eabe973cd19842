import type { Clock } from '../../core/clock.js';
import type { SqlDatabase } from '../../db/sql-database.js';
import type { EventBridgeCatalog } from './eventbridge-catalog.js';
import { SqlArchiveStore } from './sql-archive-store.js';
import { SqlDeliveryStore } from './sql-delivery-store.js';
import { SqlRuleStore } from './sql-rule-store.js';

/**
 * The one `EventBridgeCatalog`, on the metadata database: buses, rules and targets
 * (`sql-rule-store.ts`), archives and replays (`sql-archive-store.ts`), PutEvents, the router's
 * cursor, deliveries and dead letters (`sql-delivery-store.ts`). Constructing it does no I/O.
 */
export class SqlEventBridgeCatalog implements EventBridgeCatalog {
  private readonly rules: SqlRuleStore;
  private readonly archives: SqlArchiveStore;
  private readonly deliveries: SqlDeliveryStore;

  constructor(db: SqlDatabase, clock: Clock) {
    this.rules = new SqlRuleStore(db, clock);
    this.archives = new SqlArchiveStore(db, clock);
    this.deliveries = new SqlDeliveryStore(db, clock);
  }

  publishEvents: EventBridgeCatalog['publishEvents'] = (events) => this.deliveries.publishEvents(events);

  createEventBus: EventBridgeCatalog['createEventBus'] = (name, description) => this.rules.createEventBus(name, description);
  describeEventBus: EventBridgeCatalog['describeEventBus'] = (name) => this.rules.describeEventBus(name);
  deleteEventBus: EventBridgeCatalog['deleteEventBus'] = (name) => this.rules.deleteEventBus(name);
  listEventBuses: EventBridgeCatalog['listEventBuses'] = (prefix, page) => this.rules.listEventBuses(prefix, page);

  putRule: EventBridgeCatalog['putRule'] = (rule) => this.rules.putRule(rule);
  describeRule: EventBridgeCatalog['describeRule'] = (name, bus) => this.rules.describeRule(name, bus);
  deleteRule: EventBridgeCatalog['deleteRule'] = (name, bus, force) => this.rules.deleteRule(name, bus, force);
  setRuleState: EventBridgeCatalog['setRuleState'] = (name, bus, state) => this.rules.setRuleState(name, bus, state);
  listRules: EventBridgeCatalog['listRules'] = (filter, page) => this.rules.listRules(filter, page);
  putTargets: EventBridgeCatalog['putTargets'] = (rule, bus, targets) => this.rules.putTargets(rule, bus, targets);
  removeTargets: EventBridgeCatalog['removeTargets'] = (rule, bus, ids) => this.rules.removeTargets(rule, bus, ids);
  listTargetsByRule: EventBridgeCatalog['listTargetsByRule'] = (rule, bus) => this.rules.listTargetsByRule(rule, bus);
  rulesOfBus: EventBridgeCatalog['rulesOfBus'] = (bus) => this.rules.rulesOfBus(bus);
  rulesRevision: EventBridgeCatalog['rulesRevision'] = () => this.rules.rulesRevision();

  createArchive: EventBridgeCatalog['createArchive'] = (archive) => this.archives.createArchive(archive);
  describeArchive: EventBridgeCatalog['describeArchive'] = (name) => this.archives.describeArchive(name);
  updateArchive: EventBridgeCatalog['updateArchive'] = (name, changes) => this.archives.updateArchive(name, changes);
  deleteArchive: EventBridgeCatalog['deleteArchive'] = (name) => this.archives.deleteArchive(name);
  listArchives: EventBridgeCatalog['listArchives'] = (filter, page) => this.archives.listArchives(filter, page);
  listArchivedEvents: EventBridgeCatalog['listArchivedEvents'] = (archive, range) =>
    this.archives.listArchivedEvents(archive, range);
  expireArchivedEvents: EventBridgeCatalog['expireArchivedEvents'] = (now) => this.archives.expireArchivedEvents(now);

  routerCursor: EventBridgeCatalog['routerCursor'] = (consumer) => this.deliveries.routerCursor(consumer);
  commitRouted: EventBridgeCatalog['commitRouted'] = (batch) => this.deliveries.commitRouted(batch);
  enqueueDeliveries: EventBridgeCatalog['enqueueDeliveries'] = (deliveries) => this.deliveries.enqueueDeliveries(deliveries);
  dueDeliveries: EventBridgeCatalog['dueDeliveries'] = (now, limit) => this.deliveries.dueDeliveries(now, limit);
  nextDeliveryDue: EventBridgeCatalog['nextDeliveryDue'] = () => this.deliveries.nextDeliveryDue();
  completeDelivery: EventBridgeCatalog['completeDelivery'] = (id) => this.deliveries.completeDelivery(id);
  retryDelivery: EventBridgeCatalog['retryDelivery'] = (id, attempts, dueAt) =>
    this.deliveries.retryDelivery(id, attempts, dueAt);
  deadLetter: EventBridgeCatalog['deadLetter'] = (id, letter) => this.deliveries.deadLetter(id, letter);
  listDeadLetters: EventBridgeCatalog['listDeadLetters'] = (filter, page) => this.deliveries.listDeadLetters(filter, page);

  startReplay: EventBridgeCatalog['startReplay'] = (replay) => this.archives.startReplay(replay);
  describeReplay: EventBridgeCatalog['describeReplay'] = (name) => this.archives.describeReplay(name);
  listReplays: EventBridgeCatalog['listReplays'] = (filter, page) => this.archives.listReplays(filter, page);
  activeReplays: EventBridgeCatalog['activeReplays'] = () => this.archives.activeReplays();
  commitReplayed: EventBridgeCatalog['commitReplayed'] = (name, progress) => this.archives.commitReplayed(name, progress);
  cancelReplay: EventBridgeCatalog['cancelReplay'] = (name) => this.archives.cancelReplay(name);
}
