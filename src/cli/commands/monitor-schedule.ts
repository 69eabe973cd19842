import type { MonitoringType } from '../../monitor/monitoring-job.js';
import type { Json, ScheduleRecord } from '../../monitor/schedules/schedule-records.js';
import {
  createSchedule,
  deleteSchedule,
  describeSchedule,
  startSchedule,
  stopSchedule,
} from '../../monitor/schedules/schedules.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { monitorScheduleOptions, SCHEDULE_ACTIONS } from '../spec/monitor-schedule-specs.js';

type Action = (typeof SCHEDULE_ACTIONS)[number];
type ScheduleValues = Values<typeof monitorScheduleOptions>;

const CREATE = [
  'endpoint',
  'definition',
  'type',
  'cron',
  'window-start',
  'window-end',
  'output',
  'statistics',
  'constraints',
  'image',
  'role',
];
/** Which flags each action reads; any other is a usage error rather than silently ignored. */
const FLAGS: Readonly<Record<Action, readonly string[]>> = {
  create: CREATE,
  list: ['endpoint'],
  describe: [],
  delete: [],
  start: [],
  stop: [],
};
const when = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** `godwit monitor schedule ACTION [NAME]`: the schedules library over the home's metadata; no server needed. */
export const monitorScheduleCommand: Handler<typeof monitorScheduleOptions> = {
  run: async ({ values, positionals: [action, name], io }) => {
    const act = action as Action;
    const stray = Object.keys(values).filter(
      (k) => values[k as keyof ScheduleValues] !== undefined && k !== 'json' && !FLAGS[act].includes(k),
    );
    if (stray.length > 0)
      throw new UsageError(`godwit monitor schedule ${act} does not take ${stray.map((s) => `--${s}`).join(', ')}.`);
    if (act !== 'list' && name === undefined) throw new UsageError(`godwit monitor schedule ${act} needs the schedule's NAME.`);
    return withMetadata(io, async (metadata) => {
      const deps = { monitoring: metadata.monitoring, endpoints: metadata.endpoints };
      const named = name as string;
      if (act === 'list') {
        const all = (await metadata.monitoring.listSchedules()).filter(
          (s) => values.endpoint === undefined || s.endpointName === values.endpoint,
        );
        if (values.json) json(io, all);
        else if (all.length === 0)
          write(io.stdout, 'No monitoring schedules. Create one with: godwit monitor schedule create NAME --endpoint …');
        else write(io.stdout, table(['SCHEDULE', 'STATUS', 'TYPE', 'ENDPOINT', 'EXPRESSION', 'CREATED'], all.map(row)));
        return EXIT.ok;
      }
      if (act === 'describe') {
        const found = await describeSchedule(deps, named);
        if (values.json) json(io, found);
        else write(io.stdout, describeText(found.schedule, found.last));
        return EXIT.ok;
      }
      const done =
        act === 'create'
          ? await createSchedule(deps, { name: named, config: configFrom(values) })
          : act === 'start'
            ? await startSchedule(deps, named)
            : act === 'stop'
              ? await stopSchedule(deps, named)
              : await deleteSchedule(deps, named);
      if (values.json) json(io, done ?? { deleted: named });
      else write(io.stdout, `Monitoring schedule ${named}: ${act === 'delete' ? 'deleted' : (done as ScheduleRecord).status}.`);
      return EXIT.ok;
    });
  },
};

const expressionOf = (s: ScheduleRecord) => String((s.config.ScheduleConfig as Json | undefined)?.ScheduleExpression ?? '');
const row = (s: ScheduleRecord) => [s.name, s.status, s.type, s.endpointName ?? '-', expressionOf(s), when(s.createdAt)];

function describeText(s: ScheduleRecord, last: { status: string; scheduledTime: Date; failureReason?: string } | undefined) {
  const lines = [
    `Schedule:   ${s.name} (${s.status}${s.failureReason ? `: ${s.failureReason}` : ''})`,
    `Type:       ${s.type}${s.definitionName ? ` (job definition ${s.definitionName})` : ''}`,
    `Endpoint:   ${s.endpointName ?? '-'}`,
    `Expression: ${expressionOf(s)}`,
    `Created:    ${when(s.createdAt)}`,
    `Last run:   ${last ? `${when(last.scheduledTime)} ${last.status}${last.failureReason ? ` (${last.failureReason})` : ''}` : 'none yet'}`,
  ];
  return lines.join('\n');
}

/** A `MonitoringScheduleConfig` from the flags: a named job definition, or an inline one on an endpoint. */
function configFrom(v: ScheduleValues): Json {
  const expression = v.cron ?? 'cron(0 * ? * * *)';
  const scheduleConfig = {
    ScheduleExpression: expression,
    ...(v['window-start'] !== undefined && { DataAnalysisStartTime: v['window-start'] }),
    ...(v['window-end'] !== undefined && { DataAnalysisEndTime: v['window-end'] }),
  };
  const type = (v.type ?? 'DataQuality') as MonitoringType;
  if (v.definition !== undefined) {
    if (v.endpoint !== undefined || v.output !== undefined)
      throw new UsageError(
        '--definition names a job definition that already says its endpoint and output; drop --endpoint and --output.',
      );
    return { ScheduleConfig: scheduleConfig, MonitoringJobDefinitionName: v.definition, MonitoringType: type };
  }
  if (v.endpoint === undefined || v.output === undefined)
    throw new UsageError('godwit monitor schedule create needs --endpoint and --output (or --definition).');
  return {
    ScheduleConfig: scheduleConfig,
    MonitoringType: type,
    MonitoringJobDefinition: {
      ...((v.statistics ?? v.constraints) !== undefined && {
        BaselineConfig: {
          ...(v.statistics !== undefined && { StatisticsResource: { S3Uri: v.statistics } }),
          ...(v.constraints !== undefined && { ConstraintsResource: { S3Uri: v.constraints } }),
        },
      }),
      MonitoringInputs: [{ EndpointInput: { EndpointName: v.endpoint, LocalPath: '/opt/ml/processing/input/endpoint' } }],
      MonitoringOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: v.output, LocalPath: '/opt/ml/processing/output' } }] },
      MonitoringResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
      MonitoringAppSpecification: { ImageUri: v.image ?? 'sagemaker-model-monitor-analyzer' },
      RoleArn: v.role ?? 'arn:aws:iam::000000000000:role/godwit',
    },
  };
}
