/** `godwit monitor schedule ACTION` and `godwit monitor executions SCHEDULE`: Model Monitor's schedules, as recorded state. */
import { defineGroup, defineVerb } from './command-spec.js';

export const SCHEDULE_ACTIONS = ['create', 'list', 'describe', 'delete', 'start', 'stop'] as const;

export const monitorScheduleOptions = {
  endpoint: {
    type: 'string',
    short: 'e',
    value: 'ENDPOINT',
    summary: 'create: the endpoint whose data capture it monitors; list: only its schedules.',
  },
  definition: {
    type: 'string',
    value: 'NAME',
    summary: 'create: a job definition made with Create<Type>JobDefinition (instead of --endpoint and --output).',
  },
  type: {
    type: 'string',
    value: 'TYPE',
    choices: ['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability'],
    summary: 'create: the MonitoringType (default DataQuality).',
  },
  cron: {
    type: 'string',
    value: 'EXPR',
    summary: 'create: cron(0 * ? * * *) hourly (the default), cron(0 H ? * * *) daily, cron(0 H/N ? * * *), or NOW.',
  },
  'window-start': { type: 'string', value: 'OFFSET', summary: 'create: DataAnalysisStartTime, e.g. -PT1H (needed with NOW).' },
  'window-end': { type: 'string', value: 'OFFSET', summary: 'create: DataAnalysisEndTime, e.g. -PT0H (needed with NOW).' },
  output: { type: 'string', value: 'URI', summary: 'create: where reports go (<URI>/<endpoint>/<schedule>/yyyy/mm/dd/hh/).' },
  statistics: { type: 'string', value: 'URI', summary: "create: the baseline's statistics.json." },
  constraints: { type: 'string', value: 'URI', summary: "create: the baseline's constraints.json." },
  image: { type: 'string', value: 'URI', summary: 'create: the ImageUri recorded (default sagemaker-model-monitor-analyzer).' },
  role: {
    type: 'string',
    value: 'ARN',
    summary: 'create: the RoleArn recorded (default arn:aws:iam::000000000000:role/godwit).',
  },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const monitorSchedule = defineVerb({
  name: 'schedule',
  summary: 'Monitoring schedules: create, list, describe, start, stop, delete',
  args: [
    { name: 'ACTION', choices: SCHEDULE_ACTIONS },
    { name: 'NAME', optional: true },
  ],
  options: monitorScheduleOptions,
  description: `A monitoring schedule is SageMaker's (the same records CreateMonitoringSchedule makes): the
home's server runs it on its clock, each period over the hour before (or the --window-start/--window-end
offsets) of the endpoint's data capture, records an execution, writes the job's files under --output
and publishes its metrics (namespace /aws/sagemaker/Endpoints/data-metric for data quality) and an
event. A failed execution never stops the schedule; hours missed while no server ran are not run
afterwards, as in SageMaker. Works without a server; a new schedule is Pending until one runs.`,
  examples: [
    'godwit monitor schedule create churn-hourly --endpoint churn --output s3://reports/churn --statistics s3://baseline/statistics.json --constraints s3://baseline/constraints.json',
    'godwit monitor schedule create churn-once --definition churn-dq --cron NOW --window-start -PT3H --window-end -PT0H',
    'godwit monitor schedule list --endpoint churn',
    'godwit monitor schedule stop churn-hourly',
  ],
  load: async () => (await import('../commands/monitor-schedule.js')).monitorScheduleCommand,
});

export const monitorExecutionsOptions = {
  status: {
    type: 'string',
    value: 'STATUS',
    choices: ['InProgress', 'Completed', 'CompletedWithViolations', 'Failed'],
    summary: 'Only executions with this status.',
  },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const monitorExecutions = defineVerb({
  name: 'executions',
  summary: "A schedule's executions, newest first: period, status, window, violations, files or why it failed",
  args: [{ name: 'SCHEDULE' }],
  options: monitorExecutionsOptions,
  examples: ['godwit monitor executions churn-hourly', 'godwit monitor executions churn-hourly --status Failed --json'],
  load: async () => (await import('../commands/monitor-executions.js')).monitorExecutionsCommand,
});

export const monitorGroup = defineGroup({
  name: 'monitor',
  summary: 'Model monitoring: schedules that check captured traffic against baselines',
  verbs: [monitorSchedule, monitorExecutions],
});
