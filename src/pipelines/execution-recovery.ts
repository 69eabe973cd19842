/**
 * What a starting server does with the pipeline executions an earlier one left `Executing` (it was
 * killed, or the machine went down). An execution's status is its run's, so nothing is lost, but
 * a run whose process died is left `running` in the database, its steps `Executing`, and the
 * processes its steps started still running (each leads its own process group, so the kill did
 * not reach them). So, as the jobs capability does for jobs (src/jobs/job-recovery.ts):
 *
 * - a run that still lives (executed by a live Godwit process on this machine, or taken at its
 *   word on another host sharing the database) is re-attached: left as it is, its status read
 *   from the run as it goes on; this server cannot stop it (`PipelineService.stop` says so);
 * - any other is settled: what its steps left running is ended, its open steps and the run are
 *   recorded `Failed` with a reason (`Stopped` when a stop had been asked), so
 *   `DescribePipelineExecution` shows a `FailureReason` and `RetryPipelineExecution` resumes it;
 * - except one that was only waiting on callback tokens (callback-recovery.ts): that one is
 *   listed as `waiting`, for the server to resume (`PipelineService.retry`) once it is up.
 */
import { effectiveStatus } from '../meta/run-status.js';
import { closeOrphanedAttempts } from '../runtime/orphaned-attempts.js';
import type { Services } from '../runtime/step-context.js';
import { waitsOnCallbacksOnly } from './callback-recovery.js';
import type { PipelineCatalog, PipelineExecutionRecord } from './pipeline-records.js';

export interface ExecutionRecovery {
  /** Executions whose run lives in another process. */
  readonly reattached: readonly string[];
  /** Executions that were waiting on callback tokens only: to be resumed, not failed. */
  readonly waiting: readonly { readonly pipeline: string; readonly runId: string }[];
  /** Executions recorded Failed or Stopped, with what was ended. */
  readonly settled: readonly {
    readonly runId: string;
    readonly status: 'failed' | 'stopped';
    readonly ended: readonly string[];
  }[];
}

export async function recoverExecutions(catalog: PipelineCatalog, services: Services): Promise<ExecutionRecovery> {
  const reattached: string[] = [];
  const waiting: { pipeline: string; runId: string }[] = [];
  const settled: ExecutionRecovery['settled'][number][] = [];
  // Only runs recorded running can need anything: one summary query, so a start-up does not read
  // every execution's run (and its IR) ever made.
  const running = await services.metadata.store.listRuns({ status: 'running', limit: Number.MAX_SAFE_INTEGER });
  if (running.length === 0) return { reattached, waiting, settled };
  const open = new Set(running.map((r) => r.id));
  for (const pipeline of await catalog.listPipelines()) {
    for (const execution of await catalog.listExecutions(pipeline.name)) {
      if (!open.has(execution.runId)) continue;
      const run = await services.metadata.store.getRun(execution.runId);
      if (run?.status !== 'running') continue;
      if (effectiveStatus(run) === 'running') reattached.push(run.id);
      else if (!execution.stopRequested && (await waitsOnCallbacksOnly(run, services)))
        waiting.push({ pipeline: execution.pipeline, runId: run.id });
      else settled.push(await settle(execution, run.runDir, services));
    }
  }
  return { reattached, waiting, settled };
}

async function settle(execution: PipelineExecutionRecord, runDir: string, services: Services) {
  const { store } = services.metadata;
  const ended = await closeOrphanedAttempts(execution.runId, runDir, services);
  const open = (await store.listSteps(execution.runId)).filter((s) => s.status === 'running' || s.status === 'pending');
  const status = execution.stopRequested ? 'stopped' : 'failed';
  const names = open.map((s) => `"${s.name}"`).join(', ');
  const reason = execution.stopRequested
    ? 'The execution was stopping when the server running it stopped; whatever its steps had left running was ended.'
    : `The server running this execution stopped (killed or crashed)${names ? ` while ${names} ${open.length === 1 ? 'was' : 'were'} running` : ''}; whatever its steps had left running was ended. Resume it with RetryPipelineExecution: steps that succeeded keep their outputs.`;
  const at = services.clock.now();
  for (const step of open) {
    await store.upsertStep({
      ...step,
      status,
      endedAt: at,
      reason: execution.stopRequested ? 'The execution was stopped.' : reason,
    });
  }
  await store.updateRun(execution.runId, { status, endedAt: at, error: reason });
  return { runId: execution.runId, status, ended } as const;
}
