import { asGodwitError } from '../core/errors.js';
import { loadRunReport, type RunReport } from '../runs/run-report.js';
import type { RunOutcome } from '../runtime/executor.js';
import type { Services } from '../runtime/step-context.js';
import type { JobKindSpec, PlanContext } from './job-kind.js';
import type { JobChanges, JobRecord, JobStatus } from './job-records.js';

export type Settled = JobChanges & {
  readonly status: JobStatus;
  /** The last secondary status and its message when it is not the status itself (`MaxRuntimeExceeded`). */
  readonly ended?: { readonly secondaryStatus: string; readonly message: string };
};

/** SageMaker's last secondary status of a job that reached its `MaxRuntimeInSeconds`. */
export const MAX_RUNTIME_EXCEEDED = 'MaxRuntimeExceeded';

/**
 * How a job ended, from its run's outcome and report: `Completed` when the run succeeded and the
 * kind could read its result; `Stopped` when a stop was asked, or when the step's timeout
 * (`MaxRuntimeInSeconds`) ended it, as SageMaker stops such a job (its last secondary status is
 * `MaxRuntimeExceeded`; the process got SIGTERM, then SIGKILL after the grace); otherwise `Failed`, with the
 * reason the kind found (`FailureReason`, from `/opt/ml/output/failure`), else the failed step's
 * own, else the run's. No outcome means the run never started.
 */
export async function settle(
  services: Services,
  spec: JobKindSpec,
  job: JobRecord,
  outcome: RunOutcome | undefined,
  how: { readonly stopped: boolean; readonly serverClosing: boolean },
  context: PlanContext,
): Promise<Settled> {
  const endedAt = services.clock.now();
  if (!outcome) {
    if (how.stopped) return { status: 'Stopped', endedAt };
    return { status: 'Failed', endedAt, failureReason: 'The server stopped before the job started.' };
  }
  let report: RunReport | undefined;
  let result: Readonly<Record<string, unknown>> = {};
  let unreadable: string | undefined;
  try {
    report = await loadRunReport(services, outcome.runId);
    result = await spec.result(job, report, context);
  } catch (err) {
    unreadable = `The job's run ended ${outcome.status} but its result could not be read: ${asGodwitError(err).message}`;
  }
  if (outcome.status === 'succeeded' && unreadable === undefined) return { status: 'Completed', endedAt, result };
  if (outcome.status !== 'succeeded' && how.stopped) return { status: 'Stopped', endedAt, result };
  if (outcome.status === 'stopped' && how.serverClosing) {
    const failureReason = `The server stopped while the job was running; its run ${outcome.runId} was stopped with it.`;
    return { status: 'Failed', endedAt, result, failureReason };
  }
  const failed = report?.steps.find((s) => s.status === 'failed');
  if (failed?.attemptsDetail.at(-1)?.failureKind === 'timeout') return maxRuntimeReached(job, endedAt, result);
  const stepReason = failed?.reason;
  const reported = typeof result.FailureReason === 'string' ? result.FailureReason : undefined;
  const failureReason = reported ?? unreadable ?? stepReason ?? outcome.error ?? `The job's run ended ${outcome.status}.`;
  return { status: 'Failed', endedAt, result, failureReason };
}

/**
 * A job its `MaxRuntimeInSeconds` ended: `Stopped`, its last transition `MaxRuntimeExceeded`. The
 * same words are its `FailureReason`, the one place a processing job's Describe can say why.
 */
function maxRuntimeReached(job: JobRecord, endedAt: Date, result: Readonly<Record<string, unknown>>): Settled {
  const limit = (job.request.StoppingCondition as { MaxRuntimeInSeconds?: number } | undefined)?.MaxRuntimeInSeconds;
  const { FailureReason: _ignored, ...kept } = result;
  const message = `The job reached its MaxRuntimeInSeconds${limit === undefined ? '' : ` (${limit} s)`} and was stopped: its processes got SIGTERM, then SIGKILL after the grace period.`;
  return {
    status: 'Stopped',
    endedAt,
    result: kept,
    failureReason: message,
    ended: { secondaryStatus: MAX_RUNTIME_EXCEEDED, message },
  };
}
