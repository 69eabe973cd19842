/**
 * `StartPipelineExecution` with `SelectiveExecutionConfig`: run only the selected steps of the
 * pipeline, reusing a source execution's outputs for the steps they need, as SageMaker does.
 *
 * The new execution is a run of the selected steps and of what they need (the steps they read
 * from or wait for, and the conditions whose branch they are in, transitively). Each needed step
 * that was not selected is recorded as a cache hit of the source run (`cached`, its artifacts and
 * metrics copied by reference, `CacheHitResult.SourcePipelineExecutionArn` the source execution),
 * except a model step, which runs again (its model is named for the run that creates it);
 * the run is then resumed, which runs exactly the steps that have no such record. Steps neither
 * selected nor needed are not part of the run (SageMaker does not run them either).
 *
 * Refused with `E_SM_SELECTIVE_EXECUTION` (SageMaker's `ValidationException`): a source
 * execution of another pipeline, or one still running; a selected step the pipeline does not
 * have; a needed step that did not succeed in the source execution (it has no outputs to reuse).
 */

import { hostname } from 'node:os';
import { join } from 'node:path';
import { currentActor } from '../core/actor.js';
import { GodwitError } from '../core/errors.js';
import { newRunId } from '../core/ids.js';
import type { Caller } from '../governance/governance-records.js';
import { readsLineage } from '../lineage/runs-lineage.js';
import { LocalDigests } from '../lineage/runs-lineage-local.js';
import { type ReadsContext, stepReads } from '../lineage/runs-lineage-reads.js';
import type { ArtifactRecord, MetadataStore, MetricRecord, StepRecord } from '../meta/metadata-store.js';
import type { ParameterValue, PipelineIR } from '../pipeline/ir.js';
import { dependenciesOf } from '../pipeline/walk.js';
import { startedByOf } from '../runtime/run-caller.js';

export interface SelectiveRequest {
  readonly sourceRunId: string;
  readonly selectedSteps: readonly string[];
}

/** The IR of the selective run, and the source's step records to reuse, by step name. */
export interface SelectivePlan {
  readonly ir: PipelineIR;
  readonly reused: ReadonlyMap<string, StepRecord>;
}

export async function planSelective(ir: PipelineIR, request: SelectiveRequest, store: MetadataStore): Promise<SelectivePlan> {
  const byName = new Map(ir.steps.map((s) => [s.name, s]));
  const unknown = request.selectedSteps.filter((s) => !byName.has(s));
  if (unknown.length > 0)
    throw refused(
      `SelectedSteps name ${unknown.map((s) => `"${s}"`).join(', ')}, which the pipeline does not have`,
      `Steps of the pipeline: ${[...byName.keys()].join(', ')}.`,
    );
  const source = new Map((await store.listSteps(request.sourceRunId)).map((s) => [s.name, s]));
  // What each step reads or waits for, and the condition whose branch it is in: what the executor waits for.
  const deps = dependenciesOf(ir);
  const selected = new Set(request.selectedSteps);
  const keep = new Set<string>(selected);
  const reused = new Map<string, StepRecord>();
  const pending = [...selected];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    for (const need of deps.get(name) ?? []) {
      if (keep.has(need)) continue;
      if (byName.get(need)?.type === 'model') {
        keep.add(need);
        pending.push(need);
        continue;
      }
      const record = source.get(need);
      if (record?.status !== 'succeeded' && record?.status !== 'cached')
        throw refused(
          `step "${name}" needs step "${need}", which ${record ? `is ${record.status}` : 'did not run'} in the source execution, so it has no outputs to reuse`,
          `Select "${need}" too, or choose a source execution in which it succeeded.`,
        );
      keep.add(need);
      reused.set(need, record);
      pending.push(need);
    }
  }
  const steps = ir.steps
    .filter((s) => keep.has(s.name))
    .map((s) =>
      s.type === 'condition' ? { ...s, then: s.then.filter((n) => keep.has(n)), else: s.else.filter((n) => keep.has(n)) } : s,
    );
  return { ir: { ...ir, steps }, reused };
}

/** The run a selective execution is: its pipeline, the whole IR and parameters, and where it runs. */
export interface SelectiveRun {
  readonly pipeline: string;
  readonly ir: PipelineIR;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly baseDir: string;
  /** Where runs keep their folders (the home's `runs/`). */
  readonly runsDir: string;
  readonly now: Date;
  /** Who starts it (recorded as `startedBy`, which the resume reads back); the local user when absent. */
  readonly caller?: Caller;
}

/**
 * Records a run of the selected steps and what they need, the needed ones as cache hits of the
 * source run, and returns its id: resuming it runs only the selected steps.
 */
export async function recordSelectiveRun(run: SelectiveRun, request: SelectiveRequest, store: MetadataStore): Promise<string> {
  const selected = await planSelective(run.ir, request, store);
  const runId = newRunId(run.now);
  await store.createRun({
    id: runId,
    pipeline: run.pipeline,
    ir: selected.ir,
    parameters: run.parameters,
    baseDir: run.baseDir,
    runDir: join(run.runsDir, runId),
    startedAt: run.now,
    pid: process.pid,
    host: hostname(),
    startedBy: run.caller ? startedByOf(run.caller) : currentActor(),
  });
  await seedReused({ ...run, id: runId, ir: selected.ir }, selected, request.sourceRunId, store);
  // Recorded as stopped before it ran, so resuming it runs what has no record: the selected steps.
  await store.updateRun(runId, { status: 'stopped', endedAt: run.now });
  return runId;
}

/**
 * Records the reused steps in the new run as cache hits of the source run, with its artifacts and
 * metrics, and with their lineage as the executor records a cache hit's: what each reads in the
 * new run --ContributedTo--> its action, which --Produced--> the source's artifact nodes.
 */
async function seedReused(
  run: SelectiveRun & { readonly id: string },
  plan: SelectivePlan,
  sourceRunId: string,
  store: MetadataStore,
): Promise<void> {
  const artifacts = new Map<string, ArtifactRecord[]>();
  const metrics = new Map<string, MetricRecord[]>();
  for (const name of plan.reused.keys()) {
    artifacts.set(
      name,
      (await store.listArtifacts(sourceRunId, name)).map((a) => ({ ...a, runId: run.id })),
    );
    metrics.set(name, await store.listMetrics(sourceRunId, name));
  }
  const digests = new LocalDigests();
  const reads: ReadsContext = {
    run: { ...run, startedAt: run.now },
    artifact: (step, output) => artifacts.get(step)?.find((a) => a.name === output),
    metric: (step, name) => metrics.get(step)?.find((m) => m.name === name)?.value,
    local: (path) => digests.local(path).catch(() => ({ directory: false })),
  };
  const steps = new Map(plan.ir.steps.map((s) => [s.name, s]));
  for (const [name, record] of plan.reused) {
    const step = { ...record, runId: run.id, status: 'cached' as const, cachedFrom: record.cachedFrom ?? sourceRunId };
    const ir = steps.get(name);
    const read = ir ? readsLineage(step, await stepReads(ir, reads), run.now) : undefined;
    await store.write([
      { step },
      ...(artifacts.get(name) ?? []).map((artifact) => ({ artifact })),
      ...(read ? [{ lineage: read }] : []),
    ]);
    const own = metrics.get(name) ?? [];
    if (own.length > 0) await store.putMetrics(run.id, name, Object.fromEntries(own.map((m) => [m.name, m.value])));
  }
}

export const refused = (what: string, hint: string) =>
  new GodwitError('E_SM_SELECTIVE_EXECUTION', `Selective execution refused: ${what}.`, { hint });
