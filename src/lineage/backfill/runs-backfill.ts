import { marks } from '../../db/in-list.js';
import type { SqlDatabase, SqlRow } from '../../db/sql-database.js';
import { toArtifact, toMetric, toStep } from '../../meta/meta-rows.js';
import type { ArtifactRecord, MetricRecord, StepRecord } from '../../meta/metadata-store.js';
import type { PipelineIR } from '../../pipeline/ir.js';
import type { LineageBackfill } from '../lineage-backfills.js';
import type { LineageWrite } from '../lineage-records.js';
import { recordLineage } from '../record-lineage.js';
import { concatLineage, hasAction, outputLineage, readsLineage, runLineage, stepLineage } from '../runs-lineage.js';
import { UnchangedSinceDigests } from '../runs-lineage-local.js';
import { stepReads } from '../runs-lineage-reads.js';

/** Runs per page: their steps, artifacts and metrics are read in one query each. */
const PAGE = 200;

/**
 * Lineage of the runs recorded before lineage existed, from the runs capability's tables, with the
 * functions the live writer uses (runs-lineage.ts): each run's context and its pipeline's, each
 * step's action, each artifact produced, and what each step read, worked out from the run's IR,
 * parameters and artifacts (runs-lineage-reads.ts). A local input or code file gets its digest
 * only if it has not changed since the run started (`UnchangedSinceDigests`): otherwise what is
 * there now is not what the run read, and the artifact is recorded by its URI alone. Runs go
 * oldest first, so shared nodes (a pipeline, a data set) are created by their first run, as live.
 */
export const runsBackfill: LineageBackfill = {
  source: 'runs',
  async run(tx) {
    const digests = new UnchangedSinceDigests();
    let after: { startedAt: string; id: string } | undefined;
    for (;;) {
      const runs = await tx.query(
        `SELECT id, pipeline, status, ir, parameters, pipeline_file, base_dir, started_at, ended_at, started_by FROM runs
         ${after ? 'WHERE started_at > ? OR (started_at = ? AND id > ?)' : ''} ORDER BY started_at, id LIMIT ?`,
        after ? [after.startedAt, after.startedAt, after.id, PAGE] : [PAGE],
      );
      if (runs.length === 0) return;
      const page = await recordsOf(
        tx,
        runs.map((r) => r.id as string),
      );
      const now = new Date();
      for (const row of runs) await recordLineage(tx, await runWrite(row, page, digests), now);
      const last = runs[runs.length - 1];
      after = { startedAt: last.started_at as string, id: last.id as string };
    }
  },
};

interface PageRecords {
  readonly steps: Map<string, StepRecord[]>;
  readonly artifacts: Map<string, ArtifactRecord[]>;
  readonly metrics: Map<string, MetricRecord[]>;
}

async function runWrite(row: SqlRow, page: PageRecords, digests: UnchangedSinceDigests): Promise<LineageWrite> {
  const id = row.id as string;
  const startedAt = new Date(row.started_at as string);
  const run = {
    id,
    pipeline: row.pipeline as string,
    status: row.status as string,
    startedBy: (row.started_by as string | null) ?? undefined,
    startedAt,
    endedAt: row.ended_at ? new Date(row.ended_at as string) : undefined,
  };
  const ir = JSON.parse(row.ir as string) as PipelineIR;
  const artifacts = page.artifacts.get(id) ?? [];
  const metrics = page.metrics.get(id) ?? [];
  const context = {
    run: {
      id,
      ir,
      parameters: JSON.parse(row.parameters as string),
      baseDir: row.base_dir as string,
      pipelineFile: (row.pipeline_file as string | null) ?? undefined,
      startedAt,
    },
    artifact: (step: string, output: string) => artifacts.find((a) => a.step === step && a.name === output),
    metric: (step: string, name: string) => metrics.find((m) => m.step === step && m.name === name)?.value,
    local: (path: string) => digests.local(path, startedAt).catch(() => ({ directory: false })),
  };
  const writes: LineageWrite[] = [runLineage(run)];
  const steps = new Map(ir.steps.map((s) => [s.name, s]));
  for (const step of page.steps.get(id) ?? []) {
    if (!hasAction(step)) continue;
    writes.push(stepLineage(step));
    const definition = steps.get(step.name);
    const at = step.startedAt ?? step.endedAt ?? startedAt;
    if (definition) writes.push(readsLineage(step, await stepReads(definition, context), at));
  }
  for (const artifact of artifacts) writes.push(outputLineage(artifact));
  return concatLineage(...writes);
}

/** The steps, artifacts (without their file lists) and metrics of a page of runs, by run. */
async function recordsOf(tx: SqlDatabase, ids: readonly string[]): Promise<PageRecords> {
  const among = marks(ids.length);
  const byRun = <T extends { runId: string }>(records: T[]) => {
    const out = new Map<string, T[]>();
    for (const r of records) out.set(r.runId, [...(out.get(r.runId) ?? []), r]);
    return out;
  };
  const steps = await tx.query(
    `SELECT * FROM steps WHERE run_id IN (${among})
     ORDER BY run_id, CASE WHEN started_at IS NULL THEN 1 ELSE 0 END, started_at, name`,
    ids,
  );
  const artifacts = await tx.query(
    `SELECT run_id, step, name, type, uri, sha256, size, created_at FROM artifacts WHERE run_id IN (${among})
     ORDER BY run_id, created_at, step, name`,
    ids,
  );
  const metrics = await tx.query(`SELECT * FROM metrics WHERE run_id IN (${among})`, ids);
  return {
    steps: byRun(steps.map(toStep)),
    artifacts: byRun(artifacts.map(toArtifact)),
    metrics: byRun(metrics.map(toMetric)),
  };
}
