import type { CallbackStep } from '../../pipeline/ir.js';
import { awaitCallback } from '../../pipelines/callback-wait.js';
import type { StepContext, StepResult } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/**
 * Waits for the step's token to be settled (SageMaker `CallbackStep`). The token lives in the
 * metadata database (the pipelines capability), so any process can settle it: the server's
 * `SendPipelineExecutionStepSuccess` / `…Failure`, for a run started by the server or by
 * `godwit run`. A resumed run waits on the same token unless it failed. Never retried: a failure
 * is someone's answer. The wait is on the run's clock and wakes at once when this process settles
 * the token (src/pipelines/callback-wait.ts).
 */
export async function runCallback(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as CallbackStep;
  const callbacks = ctx.services.metadata.pipelines;
  const opened = await callbacks.openCallback(ctx.run.id, step.name);
  const args = Object.fromEntries(
    await Promise.all(Object.entries(step.args ?? {}).map(async ([k, v]) => [k, await ctx.resolve(v)])),
  );
  ctx.log(`Waiting for callback token ${opened.token} (queue ${step.queueUrl}; arguments ${JSON.stringify(args)})`);
  const record = await awaitCallback(callbacks, opened.token, ctx.services.clock, ctx.signal);
  if (record.status === 'failed')
    throw new StepFailure('E_CALLBACK_FAILED', 'error', record.failureReason ?? 'the callback reported a failure', {
      retryable: false,
    });
  const missing = (step.outputParameters ?? []).filter((o) => !record.outputParameters.some((p) => p.name === o.name));
  if (missing.length > 0)
    throw new StepFailure(
      'E_CALLBACK_FAILED',
      'error',
      `the success for its token lacks ${missing.map((m) => m.name).join(', ')}.`,
      {
        retryable: false,
      },
    );
  ctx.log(`Callback succeeded: ${JSON.stringify(record.outputParameters)}`);
  return { summary: `callback ${opened.token} succeeded` };
}
