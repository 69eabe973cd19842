import type { PipelineService } from './pipeline-service.js';

/**
 * Resumes the executions a dead server left waiting on callback tokens (execution-recovery.ts):
 * each goes on as `RetryPipelineExecution` would take it, its callback steps waiting on the same
 * tokens with the same deadlines. One that cannot be resumed is said in the server's log and left
 * as it is (interrupted, shown `Failed`), for a retry by hand; the server starts regardless.
 */
export async function resumeWaiting(
  pipelines: PipelineService,
  waiting: readonly { readonly pipeline: string; readonly runId: string }[],
  log: (line: string) => void,
): Promise<void> {
  for (const { pipeline, runId } of waiting) {
    try {
      await pipelines.retry(pipeline, runId);
      log(`Resumed pipeline execution ${runId} of ${pipeline}: it waits on its callback tokens again.`);
    } catch (err) {
      log(`Could not resume pipeline execution ${runId} of ${pipeline}, which waits on a callback: ${(err as Error).message}`);
    }
  }
}
