import { ACCOUNT_ID } from '../../../core/arns.js';
import type { RuleRecord } from '../../../events/bus/eventbridge-records.js';
import { checkSchedule } from '../../../events/schedules/next-fire.js';
import type { EventsContext } from './events-context.js';
import { type Input, invalid, optionalBoolean, optionalEnum, optionalString, pageOf, requiredString } from './events-input.js';

const STATES = ['ENABLED', 'DISABLED'] as const;

const ruleJson = (r: RuleRecord) => ({
  Name: r.name,
  Arn: r.arn,
  EventPattern: r.eventPattern,
  ScheduleExpression: r.scheduleExpression,
  State: r.state,
  Description: r.description,
  RoleArn: r.roleArn,
  ManagedBy: r.managedBy,
  EventBusName: r.eventBusName,
});

/**
 * PutRule: creates or replaces a rule. A schedule is checked here as EventBridge checks it
 * (rate() and cron() only; at() is EventBridge Scheduler's), and refused when it can never fire.
 */
export async function putRule(input: Input, context: EventsContext) {
  if (input.Tags !== undefined) throw invalid('Godwit does not keep tags on rules; leave Tags out.');
  const scheduleExpression = optionalString(input, 'ScheduleExpression');
  if (scheduleExpression !== undefined) {
    if (scheduleExpression.trim().startsWith('at(')) {
      throw invalid(
        `Parameter ScheduleExpression is not valid: "${scheduleExpression}". A rule takes rate(…) or cron(…); at(…) is EventBridge Scheduler's one-time form.`,
      );
    }
    checkSchedule(scheduleExpression, context.clock.now());
  }
  const rule = await context.events.putRule({
    name: requiredString(input, 'Name'),
    eventBusName: optionalString(input, 'EventBusName'),
    eventPattern: optionalString(input, 'EventPattern'),
    scheduleExpression,
    state: optionalEnum(input, 'State', STATES),
    description: optionalString(input, 'Description'),
    roleArn: optionalString(input, 'RoleArn'),
  });
  return { RuleArn: rule.arn };
}

export async function describeRule(input: Input, context: EventsContext) {
  const rule = await context.events.describeRule(requiredString(input, 'Name'), optionalString(input, 'EventBusName'));
  return { ...ruleJson(rule), CreatedBy: ACCOUNT_ID };
}

export async function deleteRule(input: Input, context: EventsContext) {
  await context.events.deleteRule(
    requiredString(input, 'Name'),
    optionalString(input, 'EventBusName'),
    optionalBoolean(input, 'Force'),
  );
  return {};
}

export async function listRules(input: Input, context: EventsContext) {
  const filter = { eventBusName: optionalString(input, 'EventBusName'), namePrefix: optionalString(input, 'NamePrefix') };
  const page = await context.events.listRules(filter, pageOf(input));
  return { Rules: page.items.map(ruleJson), NextToken: page.nextToken };
}

export async function enableRule(input: Input, context: EventsContext) {
  await context.events.enableRule(requiredString(input, 'Name'), optionalString(input, 'EventBusName'));
  return {};
}

export async function disableRule(input: Input, context: EventsContext) {
  await context.events.disableRule(requiredString(input, 'Name'), optionalString(input, 'EventBusName'));
  return {};
}
