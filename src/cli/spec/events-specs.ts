/** `godwit events …` (or `godwit event …`): EventBridge buses, rules, targets and replays, as recorded state. */
import { defineGroup, defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;
const BUS = { type: 'string', value: 'NAME', summary: 'The event bus (default: default).' } as const;

export const eventsPutOptions = {
  source: { type: 'string', value: 'SOURCE', summary: 'The event source (godwit.cli when absent).' },
  'detail-type': { type: 'string', value: 'TEXT', summary: 'The detail-type (required without --file).' },
  detail: { type: 'string', value: 'JSON', summary: 'The detail, a JSON object (default {}).' },
  resource: { type: 'string', multiple: true, value: 'ARN', summary: 'A resource ARN the event is about (repeat).' },
  time: { type: 'string', value: 'ISO', summary: 'The event time (default now).' },
  file: {
    type: 'string',
    value: 'FILE',
    summary: "PutEvents entries from a JSON file: one entry or a list, in EventBridge's shape (Source, DetailType, Detail, …).",
  },
  bus: BUS,
  json: JSON_FLAG,
} as const;

export const eventsPut = defineVerb({
  name: 'put',
  summary: 'Put events on a bus, as PutEvents does',
  options: eventsPutOptions,
  description: `The event is stored on the bus at once (the event outbox), so it is never lost; the
home's server matches it against the bus's rules and delivers it to their targets (with retries
and dead letters), now if it runs, else when it next starts. Works without a server.`,
  examples: [
    'godwit events put --source my.app --detail-type "Order Placed" --detail \'{"amount": 42}\'',
    'godwit events put --file events.json --json',
  ],
  load: async () => (await import('../commands/events-put.js')).eventsPut,
});

export const RULE_ACTIONS = ['list', 'describe', 'create', 'delete', 'enable', 'disable'] as const;

export const eventsRulesOptions = {
  pattern: { type: 'string', value: 'JSON|@FILE', summary: 'create: the event pattern (JSON, or @file.json).' },
  schedule: {
    type: 'string',
    value: 'EXPR',
    summary: 'create: a schedule instead: rate(5 minutes), cron(0 12 * * ? *) or at(2026-12-24T18:00:00) (UTC).',
  },
  description: { type: 'string', value: 'TEXT', summary: 'create: what the rule is for.' },
  disabled: { type: 'boolean', summary: 'create: create it DISABLED.' },
  force: { type: 'boolean', summary: 'delete: remove its targets too.' },
  prefix: { type: 'string', value: 'PREFIX', summary: 'list: only rules whose name starts so.' },
  bus: BUS,
  json: JSON_FLAG,
} as const;

export const eventsRules = defineVerb({
  name: 'rules',
  summary: 'Rules: list, describe, create (with --pattern or --schedule), delete, enable, disable',
  args: [
    { name: 'ACTION', choices: RULE_ACTIONS },
    { name: 'NAME', optional: true },
  ],
  options: eventsRulesOptions,
  description: `A rule matches events on its bus by an event pattern, or fires on a schedule (default
bus only) with EventBridge's "Scheduled Event". Schedules are EventBridge's: rate(N minutes|hours|days)
counted from the rule's creation, six-field cron() in UTC; at() (EventBridge Scheduler's one-time
form) is accepted here too. The home's server fires schedules on its clock; times missed while no
server ran fire once on start (GODWIT_MISSED_SCHEDULES=skip: not at all). Works without a server.`,
  examples: [
    'godwit events rules create nightly-retrain --schedule "cron(0 2 * * ? *)"',
    'godwit events rules create on-approval --pattern \'{"source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"], "detail": {"ModelApprovalStatus": ["Approved"]}}\'',
    'godwit events rules list --json',
  ],
  load: async () => (await import('../commands/events-rules.js')).eventsRules,
});

export const TARGET_ACTIONS = ['list', 'add', 'remove'] as const;

export const eventsTargetsOptions = {
  id: { type: 'string', value: 'ID', summary: 'add/remove: the target id (add: default 1).' },
  arn: {
    type: 'string',
    value: 'ARN',
    summary:
      'add: a pipeline (arn:aws:sagemaker:…:pipeline/NAME), state machine (arn:aws:states:…:stateMachine:NAME), bus or command ARN.',
  },
  input: { type: 'string', value: 'JSON', summary: 'add: constant input instead of the event.' },
  'input-path': { type: 'string', value: 'PATH', summary: 'add: part of the event as input ($.detail).' },
  'input-template': { type: 'string', value: 'TEXT', summary: 'add: an input transformer template (<name> placeholders).' },
  'input-paths': {
    type: 'string',
    multiple: true,
    value: 'NAME=PATH',
    summary: 'add: an input transformer path (repeat): status=$.detail.status.',
  },
  param: {
    type: 'string',
    multiple: true,
    value: 'NAME=VALUE',
    summary: 'add: a pipeline parameter (repeat); a value $.detail.x is read from the event.',
  },
  'max-attempts': { type: 'string', value: 'N', summary: 'add: retry attempts, 0–185 (default 185).' },
  'max-age': { type: 'string', value: 'SECONDS', summary: 'add: give up after this event age, 60–86400 (default 86400).' },
  bus: BUS,
  json: JSON_FLAG,
} as const;

export const eventsTargets = defineVerb({
  name: 'targets',
  summary: "A rule's targets: list, add, remove",
  args: [{ name: 'ACTION', choices: TARGET_ACTIONS }, { name: 'RULE' }],
  options: eventsTargetsOptions,
  description: `Targets receive what their rule matches: the event itself, --input, --input-path or an
input transformer. A target that fails is retried under its retry policy, then kept as a dead
letter with the reason. Works without a server.`,
  examples: [
    'godwit events targets add nightly-retrain --arn arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalone --param TrainingInstanceCount=1',
    'godwit events targets add on-approval --id deploy --arn arn:aws:states:us-east-1:000000000000:stateMachine:deploy --input-path $.detail',
    'godwit events targets list on-approval --json',
  ],
  load: async () => (await import('../commands/events-targets.js')).eventsTargets,
});

export const REPLAY_ACTIONS = ['start', 'list', 'describe', 'cancel'] as const;

export const eventsReplayOptions = {
  archive: { type: 'string', value: 'NAME', summary: 'start: the archive to replay.' },
  from: { type: 'string', value: 'ISO', summary: 'start: replay events from this time.' },
  to: { type: 'string', value: 'ISO', summary: 'start: up to this time (default now).' },
  rule: { type: 'string', multiple: true, value: 'NAME', summary: 'start: only to these rules of the bus (repeat).' },
  prefix: { type: 'string', value: 'PREFIX', summary: 'list: only replays whose name starts so.' },
  json: JSON_FLAG,
} as const;

export const eventsReplay = defineVerb({
  name: 'replay',
  summary: "Replays of an archive's events: start, list, describe, cancel",
  args: [
    { name: 'ACTION', choices: REPLAY_ACTIONS },
    { name: 'NAME', optional: true },
  ],
  options: eventsReplayOptions,
  description: `A replay sends an archive's events from a time range to its bus's rules again (as
StartReplay does); the home's server carries it out, so it stays STARTING until one runs.`,
  examples: [
    'godwit events replay start again-1 --archive all-events --from 2026-12-06T00:00:00Z',
    'godwit events replay describe again-1 --json',
  ],
  load: async () => (await import('../commands/events-replay.js')).eventsReplay,
});

export const eventsGroup = defineGroup({
  name: 'events',
  summary: 'EventBridge locally: put events, rules with patterns or schedules, targets, replays',
  verbs: [eventsPut, eventsRules, eventsTargets, eventsReplay],
});
