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
  const replay = new Replay(input, alarmsOf(input));
  const minutes = input.traffic.map((rate, minute) => replay.minute(rate, minute));
  return { minutes, alarms: replay.alarms };
}

/** The simulated variant: its instances, the metric's datapoints, the alarms' states, the last scalings. */
class Replay {
  private readonly start: number;
  private readonly points: AlarmDatapoint[] = [];
  private readonly states: Map<string, AlarmState>;
  private desired: number;
  private serving: number;
  /** A scale-out's instances, serving from `minute` (after the warm-up). */
  private ready: { minute: number; count: number } | undefined;
  private lastOut: LastScaling | undefined;
  private lastIn: LastScaling | undefined;

  constructor(
    private readonly input: SimulationInput,
    readonly alarms: readonly AlarmDefinition[],
  ) {
    this.start = (input.start ?? new Date(Date.UTC(2026, 11, 6))).getTime();
    this.states = new Map(alarms.map((a) => [a.name, 'INSUFFICIENT_DATA' as AlarmState]));
    this.desired = input.initialCapacity;
    this.serving = input.initialCapacity;
  }

  /** Serves one minute of traffic, then evaluates the alarms and acts as the engine would at its end. */
  minute(rate: number, minute: number): SimulatedMinute {
    if (this.ready && this.ready.minute <= minute) {
      this.serving = Math.max(this.serving, this.ready.count);
      this.ready = undefined;
    }
    const served = this.serving;
    const load = rate / served;
    this.points.push({ timestamp: this.at(minute), value: load, sampleCount: Math.max(rate, 1) });
    const now = this.at(minute + 1);
    for (const a of this.alarms) {
      const slots = this.slots(a, now);
      const decision = evaluateAlarm(a, this.states.get(a.name) as AlarmState, slots, now);
      if (decision) this.states.set(a.name, decision.state);
    }
    const outcome = this.act(now, minute);
    return {
      minute,
      requestsPerMinute: rate,
      serving: served,
      desired: this.desired,
      loadPerInstance: load,
      alarms: Object.fromEntries(this.states),
      ...outcome,
    };
  }

  /** The policy's `decide` on each alarm in ALARM, the first that scales winning (one activity at a time). */
  private act(now: Date, minute: number): Pick<SimulatedMinute, 'action' | 'held'> {
    let held: string | undefined;
    for (const a of this.alarms.filter((x) => this.states.get(x.name) === 'ALARM')) {
      const signal: AlarmSignal = {
        alarmName: a.name,
        threshold: a.threshold,
        values: this.points.slice(-a.evaluationPeriods).map((p) => p.value),
      };
      const { input } = this;
      const state = { now, current: this.desired, min: input.minCapacity, max: input.maxCapacity, suspended: NOT_SUSPENDED };
      const d = decide(input.policy, signal, { ...state, lastOut: this.lastOut, lastIn: this.lastIn });
      if (!d.scale) {
        held ??= d.reason;
        continue;
      }
      const warmup = input.warmupMinutes ?? 0;
      if (d.direction === 'out') {
        // The cooldown runs from when the new instances are up, as AWS's runs from the activity's end.
        this.lastOut = { at: this.at(minute + 1 + warmup), from: this.desired };
        this.ready = { minute: minute + 1 + warmup, count: d.to };
      } else {
        this.lastIn = { at: now, from: this.desired };
        this.serving = d.to;
        this.ready = undefined;
      }
      this.desired = d.to;
      return { action: { to: d.to, direction: d.direction, alarm: a.name } };
    }
    return held === undefined ? {} : { held };
  }

  private at(minute: number): Date {
    return new Date(this.start + minute * 60_000);
  }

  /** The evaluation range's slots, oldest first: a minute's datapoint, or undefined before the traffic starts. */
  private slots(alarm: AlarmDefinition, now: Date): (AlarmDatapoint | undefined)[] {
    const range = evaluationRange(alarm, now);
    const first = Math.round((range.start.getTime() - this.start) / 60_000);
    return Array.from({ length: range.count }, (_, k) => (first + k >= 0 ? this.points[first + k] : undefined));
  }
}

const NOT_SUSPENDED = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false };

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
  if (alarm?.metricName !== 'InvocationsPerInstance' || alarm.statistic !== 'Sum' || alarm.period !== 60) {
    throw invalidScaling(
      'A step policy is simulated with the alarm that invokes it, on InvocationsPerInstance (Sum, 60-second periods).',
      'Give the alarm in the policy file ("Alarm": {"Threshold": 100, "ComparisonOperator": "GreaterThanThreshold", "EvaluationPeriods": 3}).',
    );
  }
  return [{ ...alarm, alarmActions: [SIMULATED_POLICY] }];
}
