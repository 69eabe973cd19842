import { GodwitError } from '../core/errors.js';

/** The load a recommendation measures: every instance count at every concurrency. */
export interface LoadPlan {
  readonly instances: readonly number[];
  readonly concurrency: readonly number[];
  readonly durationS: number;
  /** Unmeasured load before each run; default min(2 s, 20 % of the duration). */
  readonly warmupS?: number;
  readonly latencyP99Ms?: number;
}

export const DEFAULT_PLAN = { instances: [1, 2, 4], concurrency: [1, 2, 4, 8, 16], durationS: 5 } as const;

/** Bounds that keep a run on one machine sensible; a value outside is `E_RECOMMEND_OPTION`. */
const LIMITS = { instances: 64, concurrency: 1024, durationS: 3600 } as const;

/** Checks a plan, sorting and de-duplicating its lists; returns it with `warmupS` filled in. */
export function checkPlan(plan: LoadPlan): Required<Omit<LoadPlan, 'latencyP99Ms'>> & Pick<LoadPlan, 'latencyP99Ms'> {
  const instances = counts('--instances', plan.instances, LIMITS.instances);
  const concurrency = counts('--concurrency', plan.concurrency, LIMITS.concurrency);
  positive('--duration', plan.durationS, 'seconds', LIMITS.durationS);
  if (plan.latencyP99Ms !== undefined) positive('--latency-p99-ms', plan.latencyP99Ms, 'milliseconds');
  const warmupS = plan.warmupS ?? Math.min(2, plan.durationS * 0.2);
  if (!(warmupS >= 0)) throw optionError(`warm-up ${warmupS} s is not a duration.`, 'Give 0 or more seconds.');
  return { instances, concurrency, durationS: plan.durationS, warmupS, latencyP99Ms: plan.latencyP99Ms };
}

/** `1,2,4` as numbers; anything else is `E_RECOMMEND_OPTION` naming the flag and the value. */
export function parseCounts(flag: string, text: string): number[] {
  return text.split(',').map((part) => {
    const n = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(n))
      throw optionError(`${flag} "${text}": "${part}" is not a whole number.`, `Give a list such as ${flag} 1,2,4.`);
    return n;
  });
}

/** A positive number from a flag's text. */
export function parsePositive(flag: string, text: string, unit: string): number {
  const n = Number(text);
  positive(flag, n, unit, undefined, text);
  return n;
}

function counts(flag: string, values: readonly number[], max: number): number[] {
  if (values.length === 0) throw optionError(`${flag} is empty.`, `Give at least one value, e.g. ${flag} 1,2,4.`);
  for (const n of values) {
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw optionError(
        `${flag} ${n} is out of range: each value must be a whole number from 1 to ${max}.`,
        `For example ${flag} 1,2,4.`,
      );
    }
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

function positive(flag: string, n: number, unit: string, max?: number, text = String(n)): void {
  if (!Number.isFinite(n) || n <= 0 || (max !== undefined && n > max)) {
    const range = max === undefined ? 'a positive number' : `a positive number up to ${max}`;
    throw optionError(`${flag} "${text}" is not ${range} of ${unit}.`, `For example ${flag} ${flag === '--duration' ? 10 : 50}.`);
  }
}

function optionError(message: string, hint: string): GodwitError {
  return new GodwitError('E_RECOMMEND_OPTION', message, { hint });
}
