import { breaches } from './alarm-comparison.js';
import { breachReason, insufficientReason, reasonData, treatedReason } from './alarm-reason.js';
import type { AlarmDefinition, AlarmState } from './alarm-records.js';

/** One period's statistic, as the alarm saw it. */
export interface AlarmDatapoint {
  readonly timestamp: Date;
  readonly value: number;
  readonly sampleCount: number;
}

/** The periods an evaluation reads: `count` whole periods ending at `end` (the current, incomplete one left out). */
export interface EvaluationRange {
  readonly start: Date;
  readonly end: Date;
  readonly count: number;
}

/** What an evaluation concluded: a state with CloudWatch's StateReason and StateReasonData; undefined keeps the state. */
export interface AlarmDecision {
  readonly state: AlarmState;
  readonly reason: string;
  readonly reasonData: string;
}

/**
 * CloudWatch reads more periods than `evaluationPeriods` (its "evaluation range") so that a few
 * missing datapoints are replaced by older real ones before missing-data treatment applies. AWS
 * does not publish the range's length; N + max(⌊N/3⌋, 2) reproduces both tables of its
 * "Configuring how CloudWatch alarms treat missing data" page (3 of 3 and 2 of 3, range 5).
 * The range ends at the start of the period `now` falls in: that period is still filling.
 */
export function evaluationRange(d: Pick<AlarmDefinition, 'period' | 'evaluationPeriods'>, now: Date): EvaluationRange {
  const count = d.evaluationPeriods + Math.max(Math.floor(d.evaluationPeriods / 3), 2);
  const periodMs = d.period * 1000;
  const end = Math.floor(now.getTime() / periodMs) * periodMs;
  return { start: new Date(end - count * periodMs), end: new Date(end), count };
}

/**
 * CloudWatch's decision over one evaluation range (`slots`: a datapoint or undefined per period,
 * oldest first). With at least N real datapoints, the newest N decide: ALARM when M of them
 * breach, else OK, and missing data plays no part. With fewer, the N − P missing ones are
 * treated as `treatMissingData` says: `breaching` and `notBreaching` count them so; `missing`
 * decides on the real ones (ALARM when M breach or all of them do, which AWS's tables show as
 * ALARM for "- - X - -"), and INSUFFICIENT_DATA when there are none; `ignore` decides the same
 * way but keeps the state where `missing` would go to ALARM on fewer than M breaches, and when
 * there is no datapoint at all.
 */
export function decide(
  d: AlarmDefinition,
  current: AlarmState,
  slots: readonly (AlarmDatapoint | undefined)[],
  now: Date,
): AlarmDecision | undefined {
  const n = d.evaluationPeriods;
  const m = d.datapointsToAlarm;
  const real = slots.filter((p): p is AlarmDatapoint => p !== undefined);
  const evaluated = real.slice(-n);
  const breaching = evaluated.filter((p) => breaches(d, p.value)).length;
  const missing = n - evaluated.length;
  const data = reasonData(d, evaluated, now);
  const verdict = (alarm: boolean, treated?: 'Breaching' | 'NonBreaching'): AlarmDecision => {
    const state: AlarmState = alarm ? 'ALARM' : 'OK';
    const reason =
      evaluated.length === 0
        ? treatedReason(n, treated ?? 'NonBreaching')
        : breachReason(d, evaluated, alarm, current, treated ? { count: missing, as: treated } : undefined);
    return { state, reason, reasonData: data };
  };
  if (missing === 0) return verdict(breaching >= m);
  switch (d.treatMissingData) {
    case 'breaching':
      return verdict(breaching + missing >= m, 'Breaching');
    case 'notBreaching':
      return verdict(breaching >= m, 'NonBreaching');
    case 'missing':
      if (evaluated.length === 0) return { state: 'INSUFFICIENT_DATA', reason: insufficientReason(n), reasonData: data };
      return verdict(breaching >= m || breaching === evaluated.length);
    case 'ignore':
      if (evaluated.length === 0) return undefined;
      if (breaching >= m) return verdict(true);
      return breaching === evaluated.length ? undefined : verdict(false);
  }
}
