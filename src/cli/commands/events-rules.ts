import type { RuleRecord } from '../../events/bus/eventbridge-records.js';
import type { EventBridgeService } from '../../events/bus/eventbridge-service.js';
import { checkSchedule } from '../../events/schedules/next-fire.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { eventsRulesOptions, RULE_ACTIONS } from '../spec/events-specs.js';
import { jsonText, refuseStray } from './events-flags.js';
import { allPages, withEventBridge } from './events-service.js';

type Action = (typeof RULE_ACTIONS)[number];
type RuleValues = Values<typeof eventsRulesOptions>;

const FLAGS: Readonly<Record<Action, readonly string[]>> = {
  list: ['prefix'],
  describe: [],
  create: ['pattern', 'schedule', 'description', 'disabled'],
  delete: ['force'],
  enable: [],
  disable: [],
};

/** `godwit events rules ACTION [NAME]`: the EventBridge service over the home's metadata; no server needed. */
export const eventsRules: Handler<typeof eventsRulesOptions> = {
  run: async ({ values, positionals: [action, name], io }) => {
    const act = action as Action;
    refuseStray(`rules ${act}`, values, FLAGS[act]);
    if (act !== 'list' && name === undefined) throw new UsageError(`godwit events rules ${act} needs the rule's NAME.`);
    return withEventBridge(io, async (events) => {
      const answer = await RUN[act](events, name as string, values, io.cwd);
      if (values.json) json(io, answer);
      else write(io.stdout, text(act, name as string, answer));
      return EXIT.ok;
    });
  },
};

type Run = (events: EventBridgeService, name: string, values: RuleValues, cwd: string) => Promise<unknown>;

const RUN: Readonly<Record<Action, Run>> = {
  list: (events, _name, values) =>
    allPages((page) => events.listRules({ eventBusName: values.bus, namePrefix: values.prefix }, page)),
  describe: (events, name, values) => events.describeRule(name, values.bus),
  create: (events, name, values, cwd) => {
    if ((values.pattern === undefined) === (values.schedule === undefined)) {
      throw new UsageError('godwit events rules create takes either --pattern or --schedule.');
    }
    // EventBridge's own check, and one more: a schedule that can never fire is refused.
    if (values.schedule !== undefined) checkSchedule(values.schedule, new Date());
    return events.putRule({
      name,
      eventBusName: values.bus,
      eventPattern: values.pattern === undefined ? undefined : jsonText(values.pattern, 'pattern', cwd),
      scheduleExpression: values.schedule,
      state: values.disabled ? 'DISABLED' : 'ENABLED',
      description: values.description,
    });
  },
  delete: async (events, name, values) => {
    await events.deleteRule(name, values.bus, values.force);
    return { deleted: name };
  },
  enable: async (events, name, values) => {
    await events.enableRule(name, values.bus);
    return events.describeRule(name, values.bus);
  },
  disable: async (events, name, values) => {
    await events.disableRule(name, values.bus);
    return events.describeRule(name, values.bus);
  },
};

function text(act: Action, name: string, answer: unknown): string {
  if (act === 'delete') return `Deleted rule "${name}".`;
  if (act !== 'list') return describe(answer as RuleRecord);
  const rules = answer as RuleRecord[];
  if (rules.length === 0) return 'No rules. Create one with: godwit events rules create NAME --pattern JSON (or --schedule EXPR)';
  return table(
    ['RULE', 'BUS', 'STATE', 'PATTERN OR SCHEDULE'],
    rules.map((r) => [r.name, r.eventBusName, r.state, r.scheduleExpression ?? r.eventPattern ?? '']),
  );
}

const describe = (r: RuleRecord) =>
  [
    `Rule ${r.name} (${r.state}) on bus ${r.eventBusName}`,
    `  ARN: ${r.arn}`,
    r.scheduleExpression ? `  Schedule: ${r.scheduleExpression} (UTC)` : `  Pattern: ${r.eventPattern}`,
    ...(r.description ? [`  Description: ${r.description}`] : []),
  ].join('\n');
