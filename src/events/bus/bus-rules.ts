import type { EventEnvelope } from '../event-envelope.js';
import { EventPattern } from '../patterns/event-pattern.js';
import { RuleIndex } from '../patterns/rule-index.js';
import type { EventBridgeCatalog } from './eventbridge-catalog.js';
import type { NewDelivery, RuleRecord, Target } from './eventbridge-records.js';

export type RoutedRule = RuleRecord & { readonly targets: readonly Target[] };

/**
 * Each bus's enabled pattern rules as a `RuleIndex`, rebuilt only when the catalog's rule-set
 * revision moves. Schedule rules, disabled rules and archives' own rules are not matched against
 * events; a stored pattern that no longer parses (it was valid when PutRule accepted it) is
 * skipped rather than stopping every other rule's deliveries.
 */
export class BusRules {
  private readonly indexes = new Map<string, { revision: number; index: RuleIndex<RoutedRule> }>();

  constructor(private readonly catalog: EventBridgeCatalog) {}

  async index(bus: string, revision: number): Promise<RuleIndex<RoutedRule>> {
    const cached = this.indexes.get(bus);
    if (cached?.revision === revision) return cached.index;
    const { revision: read, rules } = await this.catalog.rulesOfBus(bus);
    const index = new RuleIndex(
      rules.flatMap((rule) => {
        if (rule.state !== 'ENABLED' || !rule.eventPattern || rule.managedBy) return [];
        try {
          return [{ rule, pattern: EventPattern.parse(rule.eventPattern).node }];
        } catch {
          return [];
        }
      }),
    );
    this.indexes.set(bus, { revision: read, index });
    return index;
  }
}

/** One delivery per target of each matched rule. */
export function deliveriesFor(
  rules: readonly RoutedRule[],
  event: EventEnvelope,
  ingestedAt: Date,
  replayName?: string,
): NewDelivery[] {
  return rules.flatMap((rule) =>
    rule.targets.map((target) => ({
      ruleArn: rule.arn,
      ruleName: rule.name,
      target,
      event,
      ingestedAt,
      ...(replayName ? { replayName } : {}),
    })),
  );
}
