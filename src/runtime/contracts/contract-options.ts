/**
 * Run-time options for contract steps that are not part of a pipeline: interruptions asked for
 * with `godwit run --interrupt STEP@SECONDS`, and how often checkpoints are copied while a step
 * runs (tests shorten it). They travel with the executor's services (`Services.contractOptions`):
 *
 * ```ts
 * const services = withContractOptions(await openLocalServices(home), { interruptions: new Map([['train', [5]]]) });
 * ```
 */
import type { Services } from '../step-context.js';

export interface ContractOptions {
  /** Step name → seconds into each successive launch of its process at which it is interrupted. */
  readonly interruptions?: ReadonlyMap<string, readonly number[]>;
  /** How often checkpoints are copied to their URI while a step runs; default 5000 ms. */
  readonly checkpointSyncMs?: number;
}

export const DEFAULT_CHECKPOINT_SYNC_MS = 5000;

/** The services with contract options attached; every other field is unchanged. */
export function withContractOptions<S extends Services>(services: S, contractOptions: ContractOptions): S {
  return { ...services, contractOptions };
}

export function contractOptionsOf(services: Services): ContractOptions {
  return services.contractOptions ?? {};
}

/** Launches made so far per options object and step, so each `--interrupt` is used once per run. */
const used = new WeakMap<ContractOptions, Map<string, number>>();

/** The next command-line interruption for a step (seconds into its launch), if one is left. */
export function takeInterruption(options: ContractOptions, step: string): number | undefined {
  const list = options.interruptions?.get(step);
  if (!list || list.length === 0) return undefined;
  const counts = used.get(options) ?? new Map<string, number>();
  used.set(options, counts);
  const n = counts.get(step) ?? 0;
  counts.set(step, n + 1);
  return list[n];
}

/** Parses `STEP@SECONDS` (repeatable) into the interruptions map; throws a message on a bad value. */
export function parseInterruptFlags(values: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const value of values) {
    const at = value.lastIndexOf('@');
    const step = value.slice(0, at);
    const seconds = Number(value.slice(at + 1));
    if (at <= 0 || value.slice(at + 1).trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      throw new Error(`--interrupt needs STEP@SECONDS (e.g. train@30), not "${value}".`);
    }
    out.set(step, [...(out.get(step) ?? []), seconds]);
  }
  return out;
}
