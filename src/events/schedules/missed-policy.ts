import { GodwitError } from '../../core/errors.js';

/**
 * What the scheduler does with fire times that fell while no server ran (EventBridge itself is
 * never down, so it has no word for this): `run-once` (the default) publishes one catch-up
 * Scheduled Event, for the first missed time, however many were missed; `skip` publishes none.
 * Either way the schedule then goes on with its next time after the server started.
 */
export type MissedPolicy = 'run-once' | 'skip';

export const MISSED_POLICY_ENV = 'GODWIT_MISSED_SCHEDULES';

export function parseMissedPolicy(value: string): MissedPolicy {
  if (value === 'run-once' || value === 'skip') return value;
  throw new GodwitError('E_SCHEDULE_MISSED_POLICY', `Missed-schedule policy "${value}" is neither run-once nor skip.`, {
    hint: `Set ${MISSED_POLICY_ENV} to run-once (one catch-up fire, the default) or skip (no catch-up).`,
  });
}

/** `GODWIT_MISSED_SCHEDULES` when set, else `run-once`. */
export const missedPolicyFromEnv = (env: NodeJS.ProcessEnv): MissedPolicy =>
  env[MISSED_POLICY_ENV] ? parseMissedPolicy(env[MISSED_POLICY_ENV] as string) : 'run-once';
