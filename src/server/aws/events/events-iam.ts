import { arn } from '../arns.js';
import { field, type IamRules } from '../iam-rules.js';

const RULE_ACTIONS = new Set(['PutRule', 'DescribeRule', 'DeleteRule', 'EnableRule', 'DisableRule']);
const TARGET_ACTIONS = new Set(['PutTargets', 'RemoveTargets', 'ListTargetsByRule']);
const BUS_ACTIONS = new Set(['CreateEventBus', 'DescribeEventBus', 'DeleteEventBus']);

/**
 * EventBridge: `events:PutEvents` on each bus its entries name (the default bus when none), rule
 * actions on `rule/[BUS/]NAME`, bus, archive and replay actions on theirs; `*` otherwise.
 */
export const EVENTS_IAM: IamRules = {
  service: 'events',
  door: 'events',
  resource(action, input, region) {
    const bus = (name: string | undefined) =>
      name?.startsWith('arn:') ? name : arn('events', region, `event-bus/${name ?? 'default'}`);
    if (action === 'PutEvents') {
      const entries = Array.isArray(input.Entries) ? (input.Entries as Record<string, unknown>[]) : [];
      const buses = entries.map((e) => bus(typeof e === 'object' && e !== null ? field(e, 'EventBusName') : undefined));
      return buses.length > 0 ? buses : bus(undefined);
    }
    const rule = RULE_ACTIONS.has(action) ? field(input, 'Name') : TARGET_ACTIONS.has(action) ? field(input, 'Rule') : undefined;
    if (rule) {
      const on = field(input, 'EventBusName');
      const busName = on?.startsWith('arn:') ? on.slice(on.lastIndexOf('/') + 1) : on;
      return arn('events', region, `rule/${busName && busName !== 'default' ? `${busName}/` : ''}${rule}`);
    }
    if (BUS_ACTIONS.has(action)) return bus(field(input, 'Name'));
    const archive = field(input, 'ArchiveName');
    if (archive) return arn('events', region, `archive/${archive}`);
    const replay = field(input, 'ReplayName');
    if (replay) return arn('events', region, `replay/${replay}`);
    return '*';
  },
};
