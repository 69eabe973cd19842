import type { Clock } from '../../core/clock.js';
import type { EventEnvelope } from '../event-envelope.js';
import { EventPattern } from '../patterns/event-pattern.js';
import { archiveArn, busName, invalid, pageOf } from './eventbridge-arns.js';
import type { EventBridgeCatalog } from './eventbridge-catalog.js';
import type { ReplayDefinition, RuleDefinition, Target } from './eventbridge-records.js';
import type { EventBridgeService, PutEventsEntry, PutEventsResultEntry, TargetsResult } from './eventbridge-service.js';
import { checkArchive, checkBusName, checkName, checkRule, targetProblem } from './eventbridge-validation.js';
import { checkedEntry } from './put-events.js';

/** `EventBridgeService` over the catalog: EventBridge's validation, then the stored state. */
export class CatalogEventBridgeService implements EventBridgeService {
  constructor(
    private readonly catalog: EventBridgeCatalog,
    private readonly clock: Clock,
  ) {}

  async putEvents(entries: readonly PutEventsEntry[]) {
    if (entries.length === 0 || entries.length > 10) throw invalid(`PutEvents takes 1 to 10 entries, not ${entries.length}.`);
    const results: PutEventsResultEntry[] = [];
    for (const entry of entries) {
      const checked = checkedEntry(entry, this.clock.now());
      if ('errorCode' in checked) results.push(checked);
      else {
        try {
          const [published] = await this.catalog.publishEvents([checked]);
          results.push({ eventId: (published as EventEnvelope).id });
        } catch (err) {
          results.push({ errorCode: 'InvalidArgument', errorMessage: (err as Error).message });
        }
      }
    }
    return { failedEntryCount: results.filter((r) => 'errorCode' in r).length, entries: results };
  }

  putRule(rule: RuleDefinition) {
    const bus = busName(rule.eventBusName);
    checkRule(rule, bus);
    return this.catalog.putRule({ ...rule, eventBusName: bus });
  }

  describeRule = (name: string, bus?: string) => this.catalog.describeRule(name, busName(bus));
  deleteRule = (name: string, bus?: string, force?: boolean) => this.catalog.deleteRule(name, busName(bus), force);
  listRules: EventBridgeService['listRules'] = (filter, page) =>
    this.catalog.listRules({ ...filter, eventBusName: busName(filter.eventBusName) }, page);

  async enableRule(name: string, bus?: string) {
    await this.catalog.setRuleState(name, busName(bus), 'ENABLED');
  }

  async disableRule(name: string, bus?: string) {
    await this.catalog.setRuleState(name, busName(bus), 'DISABLED');
  }

  async putTargets(rule: string, bus: string | undefined, targets: readonly Target[]): Promise<TargetsResult> {
    if (targets.length === 0 || targets.length > 100) throw invalid(`PutTargets takes 1 to 100 targets, not ${targets.length}.`);
    const failedEntries = targets.flatMap((t) => {
      const problem = targetProblem(t);
      return problem ? [{ targetId: t.id, errorCode: 'ValidationException', errorMessage: problem }] : [];
    });
    const valid = targets.filter((t) => !failedEntries.some((f) => f.targetId === t.id));
    if (valid.length > 0) await this.catalog.putTargets(rule, busName(bus), valid);
    else await this.catalog.describeRule(rule, busName(bus));
    return { failedEntryCount: failedEntries.length, failedEntries };
  }

  async removeTargets(rule: string, bus: string | undefined, ids: readonly string[], _force?: boolean): Promise<TargetsResult> {
    if (ids.length === 0 || ids.length > 100) throw invalid(`RemoveTargets takes 1 to 100 ids, not ${ids.length}.`);
    await this.catalog.removeTargets(rule, busName(bus), ids);
    return { failedEntryCount: 0, failedEntries: [] };
  }

  listTargetsByRule: EventBridgeService['listTargetsByRule'] = async (rule, bus, page) =>
    pageOf(await this.catalog.listTargetsByRule(rule, busName(bus)), page);

  createEventBus(name: string, description?: string) {
    checkBusName(name);
    return this.catalog.createEventBus(name, description);
  }

  deleteEventBus = (name: string) => this.catalog.deleteEventBus(busName(name));
  describeEventBus = (name?: string) => this.catalog.describeEventBus(busName(name));
  listEventBuses: EventBridgeService['listEventBuses'] = (prefix, page) => this.catalog.listEventBuses(prefix, page);

  async createArchive(archive: Parameters<EventBridgeService['createArchive']>[0]) {
    checkArchive(archive);
    await this.catalog.describeEventBus(busName(archive.eventSourceArn));
    return this.catalog.createArchive(archive);
  }

  updateArchive: EventBridgeService['updateArchive'] = (name, changes) => {
    if (changes.eventPattern) EventPattern.parse(changes.eventPattern);
    return this.catalog.updateArchive(name, changes);
  };

  deleteArchive = (name: string) => this.catalog.deleteArchive(name);
  describeArchive = (name: string) => this.catalog.describeArchive(name);
  listArchives: EventBridgeService['listArchives'] = (filter, page) => this.catalog.listArchives(filter, page);

  async startReplay(replay: ReplayDefinition) {
    checkName('Replay', replay.replayName, 64);
    const archiveName = /archive\/(.+)$/.exec(replay.eventSourceArn)?.[1] ?? replay.eventSourceArn;
    const archive = await this.catalog.describeArchive(archiveName);
    if (replay.eventStartTime.getTime() >= replay.eventEndTime.getTime())
      throw invalid('EventStartTime must be before EventEndTime.', 'Give the replay a time range that starts before it ends.');
    if (replay.eventEndTime.getTime() > this.clock.now().getTime())
      throw invalid('EventEndTime must not be in the future.', 'Replay events that have already happened.');
    if (busName(replay.destination.arn) !== archive.eventBusName)
      throw invalid(
        `Destination ${replay.destination.arn} is not the bus archive ${archive.archiveName} archives.`,
        `Replay to ${archive.eventBusName}.`,
      );
    return this.catalog.startReplay({ ...replay, eventSourceArn: archiveArn(archive.archiveName) });
  }

  cancelReplay = (name: string) => this.catalog.cancelReplay(name);
  describeReplay = (name: string) => this.catalog.describeReplay(name);
  listReplays: EventBridgeService['listReplays'] = (filter, page) => this.catalog.listReplays(filter, page);

  testEventPattern(pattern: string, event: string): boolean {
    const parsed = EventPattern.parse(pattern);
    let json: unknown;
    try {
      json = JSON.parse(event);
    } catch (err) {
      throw invalid(`Event is not valid JSON: ${(err as Error).message}`);
    }
    const missing = ['id', 'account', 'source', 'time', 'region', 'detail-type'].filter((k) => !(k in (json as object)));
    if (missing.length > 0)
      throw invalid(
        `Parameter Event is not valid: it has no ${missing.join(', ')}.`,
        'TestEventPattern takes a whole event envelope.',
      );
    return parsed.matches(json);
  }

  listDeadLetters: EventBridgeService['listDeadLetters'] = (filter, page) => this.catalog.listDeadLetters(filter, page);

  async fireScheduledRule(name: string, bus: string | undefined, at: Date): Promise<EventEnvelope | undefined> {
    const rule = await this.catalog.describeRule(name, busName(bus));
    if (rule.state !== 'ENABLED') return undefined;
    const targets = await this.catalog.listTargetsByRule(name, rule.eventBusName);
    const event = scheduledEvent(rule.arn, at);
    const now = this.clock.now();
    await this.catalog.enqueueDeliveries(
      targets.map((target) => ({ ruleArn: rule.arn, ruleName: rule.name, target, event, ingestedAt: now })),
    );
    return event;
  }
}

/** EventBridge's "Scheduled Event" for a schedule rule's targets. */
function scheduledEvent(ruleArn: string, at: Date): EventEnvelope {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: `${at.toISOString().slice(0, 19)}Z`,
    region: 'us-east-1',
    resources: [ruleArn],
    detail: {},
  };
}
