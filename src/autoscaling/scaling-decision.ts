import type { PolicyConfiguration, StepScalingConfig, SuspendedState, TargetTrackingConfig } from './scaling-records.js';
import { aggregate, stepCapacity, stepFor } from './step-scaling.js';
import { isLowAlarm, proportionalCapacity } from './target-tracking.js';

/**
 * What a scaling policy does when one of its alarms is in ALARM: the one rule the server's engine
 * and the planning simulation share (`godwit endpoints autoscaling simulate` runs this code, not a
 * copy of it). Pure: the caller reads alarms, metrics and history, and carries out the answer.
 */
export interface AlarmSignal {
  readonly alarmName: string;
  readonly threshold: number;
  /** The datapoints of the alarm's evaluation window, oldest first; target tracking reads the newest. */
  readonly values: readonly number[];
}

/** The newest scale-out or scale-in that took (or is taking) effect. */
export interface LastScaling {
  readonly at: Date;
  readonly from: number;
}

export interface ScalingState {
  readonly now: Date;
  /** The desired count now. */
  readonly current: number;
  readonly min: number;
  readonly max: number;
  readonly suspended: SuspendedState;
  readonly lastOut?: LastScaling;
  readonly lastIn?: LastScaling;
}

export type Decision =
  | { readonly scale: true; readonly to: number; readonly direction: 'out' | 'in' }
  | { readonly scale: false; readonly reason: string };

export function decide(policy: PolicyConfiguration, alarm: AlarmSignal, state: ScalingState): Decision {
  return policy.type === 'TargetTrackingScaling'
    ? decideTracking(policy.targetTracking, alarm, state)
    : decideStep(policy.stepScaling, alarm, state);
}

const clamp = (n: number, s: ScalingState) => Math.min(s.max, Math.max(s.min, n));
const none = (reason: string): Decision => ({ scale: false, reason });
const seconds = (since: Date, now: Date) => (now.getTime() - since.getTime()) / 1000;

/** Scale-in waits out its cooldown, unless a scale-out came since (a scale-out ends the scale-in cooldown, as in AWS). */
function scaleInCooling(state: ScalingState, cooldown: number): boolean {
  const { lastIn, lastOut, now } = state;
  if (!lastIn || seconds(lastIn.at, now) >= cooldown) return false;
  return !(lastOut && lastOut.at > lastIn.at);
}

/**
 * During the scale-out cooldown, the capacity the initiating scale-out added counts as part of the
 * next one (AWS's rule): the proportional answer is worked out from the capacity before it, and
 * only a larger count than now scales out again. Outside it, from the current count.
 */
function scaleOutBase(state: ScalingState, cooldown: number): number {
  const { lastOut, now } = state;
  return lastOut && seconds(lastOut.at, now) < cooldown ? lastOut.from : state.current;
}

function decideTracking(config: TargetTrackingConfig, alarm: AlarmSignal, state: ScalingState): Decision {
  const metric = alarm.values[alarm.values.length - 1];
  if (metric === undefined || Number.isNaN(metric)) return none('the alarm has no datapoint to act on');
  if (isLowAlarm(alarm.alarmName)) {
    if (config.disableScaleIn) return none('scale-in is disabled for this policy');
    if (state.suspended.dynamicScalingInSuspended) return none('dynamic scale-in is suspended');
    if (scaleInCooling(state, config.scaleInCooldown)) return none('the scale-in cooldown is in effect');
    const to = clamp(proportionalCapacity(state.current, metric, config.targetValue), state);
    return to < state.current ? { scale: true, to, direction: 'in' } : none(`the capacity is already ${state.current}`);
  }
  if (state.suspended.dynamicScalingOutSuspended) return none('dynamic scale-out is suspended');
  const base = scaleOutBase(state, config.scaleOutCooldown);
  const to = clamp(proportionalCapacity(base, metric, config.targetValue), state);
  if (to > state.current) return { scale: true, to, direction: 'out' };
  return none(base !== state.current ? 'the scale-out cooldown is in effect' : `the capacity is already ${state.current}`);
}

function decideStep(config: StepScalingConfig, alarm: AlarmSignal, state: ScalingState): Decision {
  const value = aggregate(alarm.values, config.metricAggregationType);
  if (Number.isNaN(value)) return none('the alarm has no datapoint to act on');
  const step = stepFor(config.stepAdjustments, value - alarm.threshold);
  if (!step) return none(`no step adjustment covers a breach of ${value - alarm.threshold}`);
  const wanted = stepCapacity(state.current, config, step.scalingAdjustment);
  if (wanted < state.current) {
    if (state.suspended.dynamicScalingInSuspended) return none('dynamic scale-in is suspended');
    if (scaleInCooling(state, config.cooldown)) return none('the cooldown is in effect');
    const to = clamp(wanted, state);
    return to < state.current ? { scale: true, to, direction: 'in' } : none(`the capacity is at its minimum ${state.min}`);
  }
  if (state.suspended.dynamicScalingOutSuspended) return none('dynamic scale-out is suspended');
  const base = scaleOutBase(state, config.cooldown);
  const to = clamp(base === state.current ? wanted : stepCapacity(base, config, step.scalingAdjustment), state);
  if (to > state.current) return { scale: true, to, direction: 'out' };
  return none(base !== state.current ? 'the cooldown is in effect' : `the capacity is already ${state.current}`);
}
