import type { LoadRun } from './recommendation.js';

/**
 * The recommendation rule: among runs with no errors and a measured p99 within the target (every
 * error-free run when there is no target), the fewest instances; among those the highest
 * throughput; then the lower p99; then the lower concurrency. Undefined when no run qualifies.
 */
export function chooseConfig(runs: readonly LoadRun[]): LoadRun | undefined {
  return runs.filter((r) => r.meetsTarget).sort(byPreference)[0];
}

/** Without a recommendation, the error-free run closest to the target: the lowest p99. */
export function bestRun(runs: readonly LoadRun[]): LoadRun | undefined {
  const clean = runs.filter((r) => r.errors === 0 && r.requests > 0);
  return [...clean].sort((a, b) => a.latencyMs.p99 - b.latencyMs.p99 || b.throughput - a.throughput)[0];
}

/** Whether a run meets a p99 target (ms), or simply ran cleanly when there is none. */
export function meetsTarget(run: Omit<LoadRun, 'meetsTarget'>, latencyP99Ms: number | undefined): boolean {
  if (run.errors > 0 || run.requests === 0) return false;
  return latencyP99Ms === undefined || run.latencyMs.p99 <= latencyP99Ms;
}

function byPreference(a: LoadRun, b: LoadRun): number {
  return (
    a.instances - b.instances || b.throughput - a.throughput || a.latencyMs.p99 - b.latencyMs.p99 || a.concurrency - b.concurrency
  );
}
