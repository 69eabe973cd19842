import type { CallbackStep } from '../../pipeline/ir.js';
import { awaitCallbackUntil } from '../../pipelines/callback-deadline.js';
import { deliverCallback } from '../../pipelines/callback-delivery.js';
import { callbackEvent, callbackMessage } from '../../pipelines/callback-message.js';
import type { StepContext, StepResult } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/**
 * SageMaker's `CallbackStep`. The step opens its token in the metadata database, publishing its
 * message (token, resolved arguments) as an event in the same transaction, sends the message to
 * the command its queue maps to (src/pipelines/callback-delivery.ts), and waits until the token
 * is settled: the server's `SendPipelineExecutionStepSuccess` / `…Failure` or `godwit pipelines
 * callback succeed|fail`, from any process sharing the database. The wait is on the run's clock,
 * woken at once by a settlement in this process (src/pipelines/callback-wait.ts), and ends at
 * the step's `timeoutSeconds` counted from the token's creation (callback-deadline.ts), so a
 * resumed run keeps its deadline and its token unless that failed. Never retried: a failure is
 * someone's answer.
 */
export async function runCallback(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as CallbackStep;
  const callbacks = ctx.services.metadata.pipelines;
  const args = Object.fromEntries(
    await Promise.all(Object.entries(step.args ?? {}).map(async ([k, v]) => [k, await ctx.resolve(v)])),
  );
  const opening = { pipeline: ctx.run.ir.name, runId: ctx.run.id, queueUrl: step.queueUrl, arguments: args };
  const opened = await callbacks.openCallback(ctx.run.id, step.name, (t) =>
    callbackEvent(callbackMessage(t.token, opening), opening.pipeline, t.createdAt),
  );
  if (opened.status === 'waiting') {
    const delivery = { queues: ctx.services.callbackQueues ?? [], logFd: ctx.logFd(), log: ctx.log, signal: ctx.signal };
    await deliverCallback(callbackMessage(opened.token, opening), delivery).catch(async (err) => {
      // The token must not wait for an answer its consumer never got: a retry opens a new one.
      await callbacks.settleCallback(opened.token, { status: 'failed', failureReason: (err as Error).message }).catch(() => {});
      throw err;
    });
  }
  ctx.log(`Waiting for callback token ${opened.token} (queue ${step.queueUrl}; arguments ${JSON.stringify(args)})`);
  const { record, timedOut } = await awaitCallbackUntil(callbacks, opened, ctx.services.clock, ctx.signal, step.timeoutSeconds);
  if (timedOut)
    throw new StepFailure(
      'E_CALLBACK_TIMEOUT',
      'timeout',
      `no success or failure arrived for its callback token ${opened.token} within its timeout of ${step.timeoutSeconds} s.`,
      { retryable: false, hint: 'Answer the token sooner, or give the step a longer timeoutSeconds, then retry the execution.' },
    );
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
      { retryable: false },
    );
  ctx.log(`Callback succeeded: ${JSON.stringify(record.outputParameters)}`);
  return { summary: `callback ${opened.token} succeeded` };
}
