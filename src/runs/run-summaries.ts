import type { MetadataStore } from '../meta/metadata-store.js';
import { type EffectiveRunStatus, effectiveStatus } from '../meta/run-status.js';

/** One line of `godwit runs list`, `GET /api/v1/runs` and `ListPipelineExecutions`. */
export interface RunSummary {
  readonly id: string;
  readonly pipeline: string;
  readonly status: EffectiveRunStatus;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly durationMs?: number;
  readonly error?: string;
}

export interface RunQuery {
  /** Newest first; 50 unless given. */
  readonly limit?: number;
  readonly pipeline?: string;
}

/** Newest runs first, with the status a user should see (a dead `running` run is `interrupted`). */
export async function listRunSummaries(store: MetadataStore, query: RunQuery = {}): Promise<RunSummary[]> {
  const runs = await store.listRuns({ limit: query.limit ?? 50, pipeline: query.pipeline });
  return runs.map((r) => ({
    id: r.id,
    pipeline: r.pipeline,
    status: effectiveStatus(r),
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString(),
    durationMs: elapsedMs(r.startedAt, r.endedAt),
    error: r.error,
  }));
}

/** Milliseconds from start to end, when both are known. */
export function elapsedMs(start: Date | undefined, end: Date | undefined): number | undefined {
  return start && end ? end.getTime() - start.getTime() : undefined;
}
