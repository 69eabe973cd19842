import { performance } from 'node:perf_hooks';
import { GodwitError } from '../core/errors.js';
import type { InferenceRequest } from '../serving/model-runtime.js';
import { LatencyLog, latencyPercentiles } from './latency-summary.js';

/** What a closed loop calls: one request to the endpoint, resolving when it is answered. */
export type Invoke = (request: InferenceRequest) => Promise<unknown>;

export interface ClosedLoopOptions {
  readonly concurrency: number;
  /** The measured window. */
  readonly durationMs: number;
  /** Run the same load this long first, unmeasured (JIT, worker warm-up, first allocations). */
  readonly warmupMs: number;
  /** Ends the run early (Ctrl-C): clients start no new request once it aborts. */
  readonly signal?: AbortSignal;
}

export interface ClosedLoopResult {
  readonly requests: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly elapsedS: number;
  readonly throughput: number;
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/**
 * A closed-loop load: `concurrency` clients, each sending its next request as soon as the last is
 * answered, cycling through `requests` (client k starts at row k, so clients do not move in step).
 * Clients stop starting requests when the window ends and the run ends when the last answer is in,
 * so elapsed time includes every counted request. Wall time, not the injectable clock: this is a
 * measurement of this machine.
 */
export async function closedLoop(
  invoke: Invoke,
  requests: readonly InferenceRequest[],
  options: ClosedLoopOptions,
): Promise<ClosedLoopResult> {
  if (requests.length === 0) throw new GodwitError('E_RECOMMEND_PAYLOAD', 'The load test has no requests to send.');
  if (options.warmupMs > 0) await drive(invoke, requests, options, options.warmupMs, undefined);
  const log = new LatencyLog();
  const tally = { requests: 0, errors: 0, samples: [] as string[] };
  const began = performance.now();
  await drive(invoke, requests, options, options.durationMs, { log, tally });
  const elapsedS = (performance.now() - began) / 1000;
  return {
    requests: tally.requests,
    errors: tally.errors,
    errorSamples: tally.samples,
    elapsedS,
    throughput: (tally.requests - tally.errors) / elapsedS,
    latencyMs: latencyPercentiles(log.values()),
  };
}

/**
 * A model that answers synchronously (the linear learner) resolves every request at once, so the
 * clients would run on microtasks alone and starve the event loop: no signal (Ctrl-C), timer or
 * I/O would be seen until the window ends. Each client steps out to the event loop this often,
 * between requests (never inside a measured one).
 */
const YIELD_MS = 20;

interface Recording {
  readonly log: LatencyLog;
  readonly tally: { requests: number; errors: number; samples: string[] };
}

async function drive(
  invoke: Invoke,
  requests: readonly InferenceRequest[],
  options: ClosedLoopOptions,
  ms: number,
  rec?: Recording,
) {
  const { concurrency, signal } = options;
  const end = performance.now() + ms;
  const client = async (k: number) => {
    let yieldAt = performance.now() + YIELD_MS;
    for (let i = k; performance.now() < end && !signal?.aborted; i += concurrency) {
      if (performance.now() >= yieldAt) {
        await new Promise(setImmediate);
        yieldAt = performance.now() + YIELD_MS;
      }
      const request = requests[i % requests.length];
      const sent = performance.now();
      try {
        await invoke(request);
        rec?.log.add(performance.now() - sent);
      } catch (err) {
        if (rec) {
          rec.tally.errors++;
          if (rec.tally.samples.length < 5) rec.tally.samples.push(describe(err));
        }
      }
      if (rec) rec.tally.requests++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, k) => client(k)));
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? err);
}
