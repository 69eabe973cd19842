import type { RunRecord } from '../meta/metadata-store.js';
import { effectiveStatus } from '../meta/run-status.js';
import type { RunOutcome } from '../runtime/executor.js';
import { closeOrphanedAttempts } from '../runtime/orphaned-attempts.js';
import type { Services } from '../runtime/step-context.js';
import { JobProgress } from './job-progress.js';
import type { JobRecord } from './job-records.js';
import type { LocalJobService } from './local-job-service.js';

/** How often a re-attached job looks at the run another process executes. */
const WATCH_MS = 1000;

/**
 * What a starting server does with the jobs an earlier one left unfinished (it was killed, or the
 * machine went down): a job whose run still lives (executed by a live Godwit process, on this
 * machine or another sharing the database) is re-attached and settled when that run ends; any
 * other is recorded `Failed` with the reason (`Stopped` if a stop had been asked), after ending
 * what its run left running, so no job stays InProgress forever and no process outlives it.
 */
export async function recoverJobs(service: LocalJobService, services: Services): Promise<void> {
  const { store } = services.metadata;
  for (const job of await services.metadata.jobs.unfinished()) {
    const run = job.runId ? await store.getRun(job.runId) : undefined;
    if (run && effectiveStatus(run) === 'running') {
      service.adopt(job, watch(service, services, job, run));
      continue;
    }
    const reason = run
      ? `The server stopped while the job was running (its run ${run.id} was interrupted with it); whatever the job had left running was ended. Create the job again under a new name.`
      : 'The server stopped before the job started. Create the job again under a new name.';
    if (run) {
      await closeOrphanedAttempts(run.id, run.runDir, services);
      await store.updateRun(run.id, { status: 'failed', endedAt: services.clock.now(), error: reason });
    }
    const progress = new JobProgress(job.kind, job.transitions, () => services.clock.now());
    if (job.status === 'Stopping') {
      progress.end('Stopped');
      await service.write(job, {
        status: 'Stopped',
        secondaryStatus: 'Stopped',
        transitions: progress.transitions,
        endedAt: services.clock.now(),
      });
    } else await service.fail(job, progress, reason);
  }
}

/** Waits for a run another process executes to end, then settles the job from it. */
async function watch(service: LocalJobService, services: Services, job: JobRecord, run: RunRecord): Promise<JobRecord> {
  let current: RunRecord | undefined = run;
  while (current && effectiveStatus(current) === 'running') {
    await services.clock.sleep(WATCH_MS);
    current = await services.metadata.store.getRun(run.id);
  }
  const status = current ? effectiveStatus(current) : 'failed';
  const outcome: RunOutcome = {
    runId: run.id,
    status: status === 'succeeded' ? 'succeeded' : status === 'stopped' ? 'stopped' : 'failed',
    error: current?.error ?? `Run ${run.id} ended ${status}.`,
    runDir: run.runDir,
  };
  return service.settleAdopted(job, outcome);
}
