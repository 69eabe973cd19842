import { GodwitError } from '../core/errors.js';
import type { Metadata } from '../meta/index.js';
import { effectiveStatus } from '../meta/run-status.js';

/** What `godwit runs delete` did to one run. */
export interface RunDeletionReport {
  readonly runId: string;
  readonly pipeline: string;
  readonly deletedAt: string;
  readonly deletedBy: string;
  readonly reason?: string;
  /** It was deleted before (the first deletion's time and actor are kept). */
  readonly alreadyDeleted: boolean;
  /** Versions registered from the run: their model (and metrics) files are kept by `godwit gc`. */
  readonly modelVersions: readonly { group: string; version: number; modelUri: string; metricsUri?: string }[];
}

/**
 * Deletes runs, all or none: each must exist and must not be running (E_RUN_NOT_FOUND,
 * E_RUN_IN_PROGRESS; an interrupted run may be deleted). A deletion is a tombstone: the run's rows,
 * lineage and the registry's link to it stay, `runs list` and `runs show` stop showing it, and
 * `godwit gc` later removes its files, keeping what a registered model or a lineage edge needs.
 */
export async function deleteRuns(
  metadata: Pick<Metadata, 'store' | 'registry'>,
  home: string,
  runIds: readonly string[],
  by: { readonly actor: string; readonly at: Date; readonly reason?: string },
): Promise<RunDeletionReport[]> {
  const runs = [];
  for (const id of new Set(runIds)) {
    const run = await metadata.store.getRun(id);
    if (!run) {
      throw new GodwitError('E_RUN_NOT_FOUND', `No run "${id}" in ${home}; nothing was deleted.`, {
        hint: 'List runs with: godwit runs list (or set GODWIT_HOME to the home the run was made in).',
      });
    }
    if (effectiveStatus(run) === 'running') {
      throw new GodwitError(
        'E_RUN_IN_PROGRESS',
        `Run "${id}" is still running (process ${run.pid} on ${run.host}); nothing was deleted.`,
        { hint: 'Let it finish or stop it (Ctrl-C where it runs, or kill the process), then delete it.' },
      );
    }
    runs.push({ run, before: await metadata.store.getRunDeletion(id) });
  }
  const written = await metadata.store.deleteRuns(
    runs.map(({ run }) => ({ runId: run.id, deletedAt: by.at, deletedBy: by.actor, reason: by.reason })),
  );
  const versions = await registeredFrom(metadata, new Set(runs.map(({ run }) => run.id)));
  return runs.map(({ run, before }, i) => ({
    runId: run.id,
    pipeline: run.pipeline,
    deletedAt: written[i].deletedAt.toISOString(),
    deletedBy: written[i].deletedBy,
    reason: written[i].reason,
    alreadyDeleted: before !== undefined,
    modelVersions: versions.filter((v) => v.runId === run.id).map(({ runId: _, ...v }) => v),
  }));
}

async function registeredFrom(metadata: Pick<Metadata, 'registry'>, runIds: ReadonlySet<string>) {
  const out: { runId: string; group: string; version: number; modelUri: string; metricsUri?: string }[] = [];
  for (const group of await metadata.registry.listGroups()) {
    for (const v of await metadata.registry.listVersions(group.name)) {
      if (v.runId && runIds.has(v.runId)) {
        out.push({ runId: v.runId, group: v.group, version: v.version, modelUri: v.modelUri, metricsUri: v.metricsUri });
      }
    }
  }
  return out;
}
