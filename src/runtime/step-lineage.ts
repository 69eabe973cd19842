import type { LineageWrite } from '../lineage/lineage-records.js';
import { readsLineage } from '../lineage/runs-lineage.js';
import type { LocalDigests } from '../lineage/runs-lineage-local.js';
import { stepReads } from '../lineage/runs-lineage-reads.js';
import type { StepIR } from '../pipeline/ir.js';
import type { RunOutputs } from './resolve.js';
import type { RunInfo } from './step-context.js';

/**
 * What a step reads, as lineage (runs-lineage-reads.ts): this run's artifacts it names, its data
 * sources, code and image, each --ContributedTo--> the step's action. Local files are hashed
 * through the run's `digests`, which the cache key shares, so a path is read once per run; one
 * that cannot be read is recorded without a digest (the step itself then says why it cannot read it).
 */
export async function stepReadsLineage(
  step: StepIR,
  x: { readonly run: RunInfo; readonly outputs: RunOutputs; readonly digests: LocalDigests },
  at: Date,
): Promise<LineageWrite> {
  const reads = await stepReads(step, {
    run: x.run,
    artifact: (s, output) => x.outputs.artifacts.get(s)?.get(output),
    metric: (s, name) => x.outputs.metrics.get(s)?.[name],
    local: (path) => x.digests.local(path).catch(() => ({ directory: false })),
  });
  return readsLineage({ runId: x.run.id, name: step.name }, reads, at);
}
