import type { EventBridgeCatalog } from '../bus/eventbridge-catalog.js';
import type { RuleRecord } from '../bus/eventbridge-records.js';
import type { EventBridgeService } from '../bus/eventbridge-service.js';

/** A rule with a schedule, as the scheduler needs it. */
export type ScheduleRule = Pick<RuleRecord, 'name' | 'arn' | 'eventBusName' | 'state' | 'createdAt' | 'revision'> & {
  readonly scheduleExpression: string;
};

/** Where the scheduler finds schedule rules and how it fires one. */
export interface ScheduleRuleSource {
  /** A number that changes whenever any rule does (cheap: read every pass). */
  revision(): Promise<number>;
  /** Every rule with a schedule expression, enabled or not. */
  scheduleRules(): Promise<readonly ScheduleRule[]>;
  /** Publishes the rule's Scheduled Event for the time `at` to its targets. */
  fire(rule: ScheduleRule, at: Date): Promise<void>;
}

/** Schedule rules live on the default bus (EventBridge allows them nowhere else). */
export function eventBridgeScheduleSource(service: EventBridgeService, catalog: EventBridgeCatalog): ScheduleRuleSource {
  return {
    revision: () => catalog.rulesRevision(),
    scheduleRules: async () => {
      const { rules } = await catalog.rulesOfBus('default');
      return rules.filter((r): r is typeof r & ScheduleRule => r.scheduleExpression !== undefined && !r.managedBy);
    },
    fire: async (rule, at) => {
      await service.fireScheduledRule(rule.name, rule.eventBusName, at);
    },
  };
}
