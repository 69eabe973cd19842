import { hostname } from 'node:os';
import { GodwitError } from '../core/errors.js';
import type { MetadataStore, RunRecord, RunStatus } from './metadata-store.js';

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

/**
 * The run's record, or E_RUN_NOT_FOUND naming the home it was looked for in and the way out; a
 * run deleted with `godwit runs delete` is E_RUN_DELETED, saying when and by whom.
 */
export async function requireRun(store: MetadataStore, home: string, runId: string): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (!run) {
    throw new GodwitError('E_RUN_NOT_FOUND', `No run "${runId}" in ${home}.`, {
      hint: 'List runs with: godwit runs list (or set GODWIT_HOME to the home the run was made in).',
    });
  }
  const deleted = await store.getRunDeletion(runId);
  if (deleted) {
    const why = deleted.reason ? ` (${deleted.reason})` : '';
    throw new GodwitError(
      'E_RUN_DELETED',
      `Run "${runId}" was deleted at ${deleted.deletedAt.toISOString()} by ${deleted.deletedBy}${why}.`,
      { hint: `Its records are kept for lineage and audits: godwit lineage ${runId}. godwit gc removes its files.` },
    );
  }
  return run;
}
