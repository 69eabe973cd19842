import { type AlarmDatapoint, decide as evaluateAlarm, evaluationRange } from '../../alarms/alarm-evaluation.js';
import type { AlarmDefinition, AlarmState } from '../../alarms/alarm-records.js';
import { invalidScaling } from '../autoscaling-errors.js';
import { type AlarmSignal, decide, type LastScaling } from '../scaling-decision.js';
import { type PolicyConfiguration, type TargetKey, variantTarget } from '../scaling-records.js';
import { derivedAlarms } from '../target-tracking.js';
import type { TrafficProfile } from './traffic-profile.js';

export interface SimulationInput {
  readonly traffic: TrafficProfile;
  readonly policy: PolicyConfiguration;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly initialCapacity: number;
  /** Step scaling: the alarm that invokes the policy, on the variant's InvocationsPerInstance. */
  readonly stepAlarm?: AlarmDefinition;
  /** Minutes a new instance takes before it serves (SageMaker's provisioning); 0 by default. */
  readonly warmupMinutes?: number;
  /** Names the derived alarms; `endpoint/simulated/variant/AllTraffic` by default. */
  readonly target?: TargetKey;
  readonly start?: Date;
}

export interface SimulatedMinute {
  readonly minute: number;
  readonly requestsPerMinute: number;
  /** Instances that served this minute. */
  readonly serving: number;
  /** The desired count at the end of the minute (after any scaling). */
  readonly desired: number;
  /** InvocationsPerInstance (Sum per minute): the metric target tracking keeps at its target. */
  readonly loadPerInstance: number;
  /** Each alarm's state at the end of the minute, by alarm name. */
  readonly alarms: Readonly<Record<string, AlarmState>>;
  /** The scaling done at the end of the minute, or why an alarm in ALARM did nothing. */
  readonly action?: { readonly to: number; readonly direction: 'out' | 'in'; readonly alarm: string };
  readonly held?: string;
}

export interface Simulation {
  readonly minutes: readonly SimulatedMinute[];
  readonly alarms: readonly AlarmDefinition[];
}

const SIMULATED_POLICY =
  'arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:simulation:resource/sagemaker/simulated:policyName/simulated';

/**
 * Replays a traffic profile against a scaling policy minute by minute on simulated time, with the
 * code the server runs: the variant's InvocationsPerInstance datapoint of each minute (requests
 * spread evenly over the serving instances; a quiet minute is 0, as SageMaker emits it), the
 * alarms evaluated by the alarms capability's own rule at each minute's end, and the policy's
 * `decide` on every alarm in ALARM (AWS invokes a policy each period its alarm stays there).
 */
export function simulateScaling(input: SimulationInput): Simulation {
  const alarms = alarmsOf(input);
  const start = (input.start ?? new Date(Date.UTC(2026, 11, 6))).getTime();
  const warmup = input.warmupMinutes ?? 0;
  const points: AlarmDatapoint[] = [];
  const states = new Map(alarms.map((a) => [a.name, 'INSUFFICIENT_DATA' as AlarmState]));
  const minutes: SimulatedMinute[] = [];
  let desired = input.initialCapacity;
  let serving = input.initialCapacity;
  let ready: { minute: number; count: number } | undefined;
  let lastOut: LastScaling | undefined;
  let lastIn: LastScaling | undefined;
  input.traffic.forEach((rate, minute) => {
    if (ready && ready.minute <= minute) {
      serving = Math.max(serving, ready.count);
      ready = undefined;
    }
    const served = serving;
    const load = rate / served;
    points.push({ timestamp: new Date(start + minute * 60_000), value: load, sampleCount: Math.max(rate, 1) });
    const now = new Date(start + (minute + 1) * 60_000);
    for (const a of alarms) {
      const decision = evaluateAlarm(a, states.get(a.name) as AlarmState, slots(points, a, now, start), now);
      if (decision) states.set(a.name, decision.state);
    }
    let action: SimulatedMinute['action'];
    let held: string | undefined;
    for (const a of alarms.filter((x) => states.get(x.name) === 'ALARM')) {
      const signal: AlarmSignal = {
        alarmName: a.name,
        threshold: a.threshold,
        values: points.slice(-a.evaluationPeriods).map((p) => p.value),
      };
      const state = {
        now,
        current: desired,
        min: input.minCapacity,
        max: input.maxCapacity,
        suspended: NOT_SUSPENDED,
        lastOut,
        lastIn,
      };
      const d = decide(input.policy, signal, state);
      if (!d.scale) {
        held ??= d.reason;
        continue;
      }
      action = { to: d.to, direction: d.direction, alarm: a.name };
      if (d.direction === 'out') {
        lastOut = { at: new Date(now.getTime() + warmup * 60_000), from: desired };
        ready = { minute: minute + 1 + warmup, count: d.to };
      } else {
        lastIn = { at: now, from: desired };
        serving = d.to;
        ready = undefined;
      }
      desired = d.to;
      break;
    }
    const alarmStates = Object.fromEntries(states);
    minutes.push({
      minute,
      requestsPerMinute: rate,
      serving: served,
      desired,
      loadPerInstance: load,
      alarms: alarmStates,
      ...(action ? { action } : held ? { held } : {}),
    });
  });
  return { minutes, alarms };
}

const NOT_SUSPENDED = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false };

/** The evaluation range's slots, oldest first: a minute's datapoint, or undefined before the traffic starts. */
function slots(
  points: readonly AlarmDatapoint[],
  alarm: AlarmDefinition,
  now: Date,
  start: number,
): (AlarmDatapoint | undefined)[] {
  const range = evaluationRange(alarm, now);
  const first = Math.round((range.start.getTime() - start) / 60_000);
  return Array.from({ length: range.count }, (_, k) => points[first + k]);
}

function alarmsOf(input: SimulationInput): AlarmDefinition[] {
  const key = input.target ?? variantTarget('simulated', 'AllTraffic');
  if (input.policy.type === 'TargetTrackingScaling') {
    if (input.policy.targetTracking.customMetric) {
      throw invalidScaling(
        'The simulation replays requests, so it can model SageMakerVariantInvocationsPerInstance only, not a custom metric.',
        'Simulate a policy that tracks SageMakerVariantInvocationsPerInstance.',
      );
    }
    return derivedAlarms(key, SIMULATED_POLICY, input.policy.targetTracking, { high: 'simulated', low: 'simulated' });
  }
  const alarm = input.stepAlarm;
  if (!alarm || alarm.metricName !== 'InvocationsPerInstance' || alarm.statistic !== 'Sum' || alarm.period !== 60) {
    throw invalidScaling(
      'A step policy is simulated with the alarm that invokes it, on InvocationsPerInstance (Sum, 60-second periods).',
      'Give the alarm in the policy file ("Alarm": {"Threshold": 100, "ComparisonOperator": "GreaterThanThreshold", "EvaluationPeriods": 3}).',
    );
  }
  return [{ ...alarm, alarmActions: [SIMULATED_POLICY] }];
}
