/** `godwit alarms …` (or `godwit alarm …`): CloudWatch metric alarms, as recorded state. */
import { defineGroup, defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;
const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

export const alarmsCreateOptions = {
  metric: { type: 'string', required: true, value: 'NAME', summary: 'The metric (Invocation5XXErrors, ModelLatency, …).' },
  namespace: { type: 'string', value: 'NS', summary: 'Its namespace (default AWS/SageMaker).' },
  endpoint: { type: 'string', value: 'NAME', summary: 'Shorthand for the EndpointName dimension.' },
  variant: {
    type: 'string',
    value: 'NAME',
    summary: 'Shorthand for the VariantName dimension (default AllTraffic with --endpoint).',
  },
  dimension: { type: 'string', multiple: true, value: 'NAME=VALUE', summary: 'A dimension of the metric (repeat).' },
  statistic: {
    type: 'string',
    value: 'STAT',
    summary: 'SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99 (default Average).',
  },
  unit: { type: 'string', value: 'UNIT', summary: 'Only data stored with this unit (Microseconds, Count, …).' },
  period: { type: 'string', value: 'SECONDS', summary: 'Seconds per datapoint: 10, 30 or a multiple of 60 (default 60).' },
  'evaluation-periods': { type: 'string', value: 'N', summary: 'How many datapoints are evaluated (default 1).' },
  'datapoints-to-alarm': { type: 'string', value: 'M', summary: 'How many of them must breach (default: all N).' },
  threshold: { type: 'string', required: true, value: 'X', summary: 'The threshold.' },
  comparison: {
    type: 'string',
    value: 'OP',
    summary: "How a datapoint breaches the threshold: >, >=, <, <= or CloudWatch's GreaterThanThreshold, … (default >).",
  },
  'treat-missing-data': {
    type: 'string',
    value: 'HOW',
    choices: ['missing', 'ignore', 'breaching', 'notBreaching'],
    summary: 'What a period without data counts as (default missing).',
  },
  description: { type: 'string', value: 'TEXT', summary: 'What the alarm is for.' },
  action: {
    type: 'string',
    multiple: true,
    value: 'ARN',
    summary: 'Acted on when the alarm goes to ALARM (a scaling policy ARN).',
  },
  'ok-action': { type: 'string', multiple: true, value: 'ARN', summary: 'Acted on when it goes back to OK.' },
  json: JSON_FLAG,
} as const;

export const alarmsCreate = defineVerb({
  name: 'create',
  summary: 'Create (or replace) a metric alarm, as PutMetricAlarm does',
  args: [{ name: 'NAME' }],
  options: alarmsCreateOptions,
  description: `The alarm watches one metric of the metric store (an endpoint variant's AWS/SageMaker
metrics, or anything PutMetricData wrote) and is in ALARM when M of the last N periods breach the
threshold. It starts INSUFFICIENT_DATA; the home's server evaluates it every 10 seconds of its clock.
Replacing an alarm keeps its state until the next evaluation. Works without a server.`,
  examples: [
    'godwit alarm create churn-5xx --endpoint churn --metric Invocation5XXErrors --statistic Sum --threshold 0 --treat-missing-data notBreaching',
    'godwit alarm create churn-p99 --endpoint churn --metric ModelLatency --statistic p99 --threshold 250000 --evaluation-periods 3 --datapoints-to-alarm 2',
  ],
  load: async () => (await import('../commands/alarms-create.js')).alarmsCreate,
});

export const alarmsListOptions = {
  prefix: { type: 'string', value: 'PREFIX', summary: 'Only alarms whose name starts so.' },
  state: { type: 'string', value: 'STATE', choices: STATES, summary: 'Only alarms in this state.' },
  json: JSON_FLAG,
} as const;

export const alarmsList = defineVerb({
  name: 'list',
  summary: 'Alarms with their state, metric and condition',
  options: alarmsListOptions,
  examples: ['godwit alarm list', 'godwit alarm list --state ALARM --json'],
  load: async () => (await import('../commands/alarms-list.js')).alarmsList,
});

export const alarmsHistoryOptions = {
  type: {
    type: 'string',
    value: 'TYPE',
    choices: ['StateUpdate', 'ConfigurationUpdate', 'Action'],
    summary: 'Only this kind of item.',
  },
  json: JSON_FLAG,
} as const;

export const alarmsHistory = defineVerb({
  name: 'history',
  summary: "An alarm's history (or every alarm's): state changes, configuration changes, actions, newest first",
  args: [{ name: 'NAME', optional: true }],
  options: alarmsHistoryOptions,
  description: 'History is kept two weeks, also for alarms since deleted, as CloudWatch keeps it.',
  examples: ['godwit alarm history churn-5xx', 'godwit alarm history --type StateUpdate --json'],
  load: async () => (await import('../commands/alarms-history.js')).alarmsHistory,
});

export const alarmsDeleteOptions = { json: JSON_FLAG } as const;

export const alarmsDelete = defineVerb({
  name: 'delete',
  summary: 'Delete alarms (their history stays)',
  args: [{ name: 'NAME', variadic: true }],
  options: alarmsDeleteOptions,
  description: 'Names that are not alarms are reported, not an error, as DeleteAlarms passes over them.',
  examples: ['godwit alarm delete churn-5xx churn-p99'],
  load: async () => (await import('../commands/alarms-delete.js')).alarmsDelete,
});

export const alarmsGroup = defineGroup({
  name: 'alarms',
  summary: 'CloudWatch metric alarms on endpoint (or any) metrics: create, list, history, delete',
  verbs: [alarmsCreate, alarmsList, alarmsHistory, alarmsDelete],
});
