import type { CallbackStep } from '../../pipeline/ir.js';
import type { StepContext, StepResult } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/** How often a waiting step reads its token's record: settling is a person or a service, not a hot path. */
const POLL_MS = 200;

/**
 * Waits for the step's token to be settled (SageMaker `CallbackStep`). The token lives in the
 * metadata database (the pipelines capability), so any process can settle it: the server's
 * `SendPipelineExecutionStepSuccess` / `…Failure`, for a run started by the server or by
 * `godwit run`. A resumed run waits on the same token unless it failed. Never retried: a failure
 * is someone's answer.
 */
export async function runCallback(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as CallbackStep;
  const callbacks = ctx.services.metadata.pipelines;
  const opened = await callbacks.openCallback(ctx.run.id, step.name);
  const args = Object.fromEntries(
    await Promise.all(Object.entries(step.args ?? {}).map(async ([k, v]) => [k, await ctx.resolve(v)])),
  );
  ctx.log(`Waiting for callback token ${opened.token} (queue ${step.queueUrl}; arguments ${JSON.stringify(args)})`);
  for (;;) {
    const record = await callbacks.getCallback(opened.token);
    if (record?.status === 'succeeded') {
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
    if (record?.status === 'failed')
      throw new StepFailure('E_CALLBACK_FAILED', 'error', record.failureReason ?? 'the callback reported a failure', {
        retryable: false,
      });
    await sleep(POLL_MS, ctx.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
