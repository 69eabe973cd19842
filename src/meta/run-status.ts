import { hostname } from 'node:os';
import type { RunRecord, RunStatus } from './metadata-store.js';

/** What a user sees: the stored status, or `interrupted` for a `running` run whose process is gone. */
export type EffectiveRunStatus = RunStatus | 'interrupted';

/**
 * A stored `running` run whose process is gone was interrupted (killed, machine restarted). Runs
 * started on another host are taken at their word: their pid means nothing here.
 */
export function effectiveStatus(run: Pick<RunRecord, 'status' | 'pid' | 'host'>): EffectiveRunStatus {
  if (run.status !== 'running') return run.status;
  if (run.host !== hostname()) return 'running';
  try {
    process.kill(run.pid, 0);
    return 'running';
  } catch {
    return 'interrupted';
  }
}
