import type { TargetsResult } from '../../../events/bus/eventbridge-service.js';
import type { EventsContext } from './events-context.js';
import {
  type Input,
  invalid,
  objectList,
  optionalBoolean,
  optionalString,
  optionalStringList,
  pageOf,
  requiredString,
} from './events-input.js';
import { targetJson, targetOf } from './target-json.js';

const resultJson = (r: TargetsResult) => ({
  FailedEntryCount: r.failedEntryCount,
  FailedEntries: r.failedEntries.map((f) => ({ TargetId: f.targetId, ErrorCode: f.errorCode, ErrorMessage: f.errorMessage })),
});

export async function putTargets(input: Input, context: EventsContext) {
  const targets = objectList(input, 'Targets', 10).map(targetOf);
  const result = await context.events.putTargets(requiredString(input, 'Rule'), optionalString(input, 'EventBusName'), targets);
  return resultJson(result);
}

export async function removeTargets(input: Input, context: EventsContext) {
  const ids = optionalStringList(input, 'Ids', 100);
  if (!ids) throw invalid("1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must not be null");
  const result = await context.events.removeTargets(
    requiredString(input, 'Rule'),
    optionalString(input, 'EventBusName'),
    ids,
    optionalBoolean(input, 'Force'),
  );
  return resultJson(result);
}

export async function listTargetsByRule(input: Input, context: EventsContext) {
  const page = await context.events.listTargetsByRule(
    requiredString(input, 'Rule'),
    optionalString(input, 'EventBusName'),
    pageOf(input),
  );
  return { Targets: page.items.map(targetJson), NextToken: page.nextToken };
}

/**
 * ListRuleNamesByTarget: the rules of a bus with a target of this ARN, in name order. The service
 * has no index by target (a home holds few rules), so this walks the bus's rules; the page token
 * is the last rule name returned.
 */
export async function listRuleNamesByTarget(input: Input, context: EventsContext) {
  const wanted = requiredString(input, 'TargetArn');
  const bus = optionalString(input, 'EventBusName');
  const { limit, nextToken } = pageOf(input);
  const after = nextToken ? Buffer.from(nextToken, 'base64url').toString('utf8') : undefined;
  const names: string[] = [];
  let token: string | undefined;
  do {
    const rules = await context.events.listRules({ eventBusName: bus }, { nextToken: token, limit: 100 });
    for (const rule of rules.items) {
      if (after !== undefined && rule.name <= after) continue;
      const targets = await context.events.listTargetsByRule(rule.name, rule.eventBusName, { limit: 100 });
      if (targets.items.some((t) => t.arn === wanted)) names.push(rule.name);
    }
    token = rules.nextToken;
  } while (token && names.length <= limit);
  const more = names.length > limit;
  const page = names.slice(0, limit);
  return { RuleNames: page, NextToken: more ? Buffer.from(page.at(-1) as string).toString('base64url') : undefined };
}
