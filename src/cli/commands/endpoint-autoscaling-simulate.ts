import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkDefinition, withDefaults } from '../../alarms/alarm-definition-check.js';
import type { AlarmDefinition, ComparisonOperator } from '../../alarms/alarm-records.js';
import type { PolicyConfiguration, TargetKey } from '../../autoscaling/scaling-records.js';
import { type Simulation, simulateScaling } from '../../autoscaling/simulation/simulate-scaling.js';
import { alarmLabel, round, simulationChart, summarize } from '../../autoscaling/simulation/simulation-report.js';
import { diurnal, readTrafficCsv, type TrafficProfile } from '../../autoscaling/simulation/traffic-profile.js';
import { renderChart } from '../../charts/index.js';
import { type CliIo, EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import { type AutoscalingValues, depsOf, policyFrom, targetOf } from './endpoint-autoscaling.js';
import { integer } from './endpoint-flags.js';

interface Plan {
  readonly policy: PolicyConfiguration;
  readonly min: number;
  readonly max: number;
  readonly initial: number;
  readonly stepAlarm?: AlarmDefinition;
  readonly target?: TargetKey;
}

/** `simulate [ENDPOINT]`: a policy (flags, a file, or a recorded one) against a traffic profile. */
export async function simulate(endpoint: string | undefined, values: AutoscalingValues, io: CliIo): Promise<number> {
  const traffic = await trafficOf(values, io.cwd);
  const plan =
    endpoint === undefined || values.name === undefined
      ? await planFromFlags(values, io.cwd)
      : await recordedPlan(endpoint, values, io);
  const sim = simulateScaling({
    traffic,
    policy: plan.policy,
    minCapacity: plan.min,
    maxCapacity: plan.max,
    initialCapacity: plan.initial,
    ...(plan.stepAlarm && { stepAlarm: plan.stepAlarm }),
    ...(plan.target && { target: plan.target }),
    warmupMinutes: values.warmup === undefined ? 0 : integer(values.warmup, '--warmup'),
  });
  const targetValue = plan.policy.type === 'TargetTrackingScaling' ? plan.policy.targetTracking.targetValue : undefined;
  const svgPath = resolve(io.cwd, values.svg ?? 'autoscaling-simulation.svg');
  await writeFile(svgPath, renderChart(simulationChart(sim, { target: targetValue })));
  const summary = summarize(sim, targetValue);
  if (values.json) json(io, { summary, svg: svgPath, minutes: sim.minutes });
  else write(io.stdout, `${table(HEADER, rowsOf(sim, values.all === true))}\n\n${summaryText(summary)}\nChart: ${svgPath}`);
  return EXIT.ok;
}

const HEADER = ['MINUTE', 'REQ/MIN', 'SERVING', 'DESIRED', 'LOAD/INSTANCE', 'ALARMS IN ALARM', 'ACTION'];

/** Minutes where something changed (or every one): the count, an alarm's state, an action. */
function rowsOf(sim: Simulation, all: boolean): string[][] {
  const rows: string[][] = [];
  let before = '';
  sim.minutes.forEach((m, i) => {
    const alarms = Object.entries(m.alarms)
      .filter(([, s]) => s === 'ALARM')
      .map(([name]) => alarmLabel(name))
      .join(' ');
    const key = `${m.serving}/${m.desired}/${alarms}`;
    if (!all && key === before && !m.action && i !== sim.minutes.length - 1 && i !== 0) return;
    before = key;
    const action = m.action ? `scale-${m.action.direction} to ${m.action.to}` : m.held ? `(held: ${m.held})` : '';
    rows.push([
      String(m.minute),
      String(round(m.requestsPerMinute)),
      String(m.serving),
      String(m.desired),
      String(round(m.loadPerInstance)),
      alarms || '-',
      action,
    ]);
  });
  return rows;
}

function summaryText(s: ReturnType<typeof summarize>): string {
  return [
    `${s.minutes} minutes: ${s.lowestInstances} to ${s.peakInstances} instances, ${round(s.instanceMinutes / 60)} instance-hours.`,
    `${s.scaleOuts} scale-outs, ${s.scaleIns} scale-ins; an alarm in ALARM for ${s.breachMinutes} minutes.`,
    `Load per instance peaked at ${round(s.peakLoadPerInstance)} requests/minute${s.minutesOverTarget === undefined ? '' : `, over the target for ${s.minutesOverTarget} minutes`}.`,
  ].join('\n');
}

async function trafficOf(values: AutoscalingValues, cwd: string): Promise<TrafficProfile> {
  if ((values.traffic === undefined) === (values.peak === undefined)) {
    throw new UsageError(
      'Give the traffic as --traffic CSV (minute,requests_per_minute) or as a curve: --peak RPM [--trough RPM] [--period MINUTES].',
    );
  }
  if (values.traffic !== undefined) return readTrafficCsv(await readFile(resolve(cwd, values.traffic), 'utf8'), values.traffic);
  const peak = Number(values.peak);
  return diurnal({
    peak,
    trough: values.trough === undefined ? peak / 10 : Number(values.trough),
    ...(values.period !== undefined && { periodMinutes: integer(values.period, '--period') }),
    ...(values.minutes !== undefined && { minutes: integer(values.minutes, '--minutes') }),
  });
}

async function planFromFlags(values: AutoscalingValues, cwd: string): Promise<Plan> {
  const policy = await policyFrom(values, cwd);
  const min = values.min === undefined ? 1 : integer(values.min, '--min');
  const max = values.max === undefined ? 10 : integer(values.max, '--max');
  if (!(min >= 1 && max >= min)) throw new UsageError(`--min ${min} and --max ${max} must satisfy 1 ≤ min ≤ max.`);
  const initial = values.initial === undefined ? min : integer(values.initial, '--initial');
  return { policy, min, max, initial, ...(policy.type === 'StepScaling' && { stepAlarm: await alarmFromFile(values, cwd) }) };
}

/** A recorded policy of ENDPOINT, with its target's bounds, the variant's count now and (step) the alarm naming it. */
function recordedPlan(endpoint: string, values: AutoscalingValues, io: CliIo): Promise<Plan> {
  return withMetadata(io, async (metadata) => {
    const key = await targetOf(metadata, endpoint, values.variant);
    const deps = depsOf(metadata);
    const target = await deps.autoscaling.getTarget(key);
    const policy = await deps.autoscaling.getPolicy(key, values.name as string);
    if (!target || !policy) {
      throw new UsageError(
        `${key.resourceId} has no registered target with a policy "${values.name}". See: godwit endpoints autoscaling describe ${endpoint}`,
      );
    }
    const record = await metadata.endpoints.getEndpoint(endpoint);
    const count =
      record?.variants.find((v) => key.resourceId.endsWith(`/variant/${v.variantName}`))?.instanceCount ?? target.minCapacity;
    const stepAlarm = policy.type === 'StepScaling' ? (await metadata.alarms.list({ actionPrefix: policy.arn }))[0] : undefined;
    return {
      policy,
      min: values.min === undefined ? target.minCapacity : integer(values.min, '--min'),
      max: values.max === undefined ? target.maxCapacity : integer(values.max, '--max'),
      initial: values.initial === undefined ? count : integer(values.initial, '--initial'),
      target: key,
      ...(stepAlarm && { stepAlarm }),
    };
  });
}

/** A step policy file's `"Alarm"`: the InvocationsPerInstance alarm (Sum, 60 s) that invokes it, in PutMetricAlarm's names. */
async function alarmFromFile(values: AutoscalingValues, cwd: string): Promise<AlarmDefinition | undefined> {
  if (values.config === undefined) return undefined;
  const alarm = JSON.parse(await readFile(resolve(cwd, values.config), 'utf8')).Alarm as Record<string, unknown> | undefined;
  if (!alarm) return undefined;
  // PutMetricAlarm's defaults fill the rest (DatapointsToAlarm = EvaluationPeriods, missing data `missing`).
  const definition = withDefaults({
    name: String(alarm.AlarmName ?? 'step-alarm'),
    namespace: 'AWS/SageMaker',
    metricName: 'InvocationsPerInstance',
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: Number(alarm.EvaluationPeriods ?? 1),
    datapointsToAlarm: alarm.DatapointsToAlarm === undefined ? undefined : Number(alarm.DatapointsToAlarm),
    threshold: Number(alarm.Threshold),
    comparisonOperator: String(alarm.ComparisonOperator ?? 'GreaterThanThreshold') as ComparisonOperator,
  });
  // The alarms capability's own field rules: a threshold that is not a number, 0 periods, an unknown comparison.
  checkDefinition(definition);
  return definition;
}
