import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_REGION } from '../../core/arns.js';
import type { Json, TaskState } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import type { ExecutionRun, Move } from './execution-run.js';
import { payloadText, resourceParts } from './payload.js';
import type { Frame, TaskPhase } from './progress.js';
import { integrationPattern, type TaskCall, type TaskIntegration } from './task-integration.js';
import { watchdog } from './task-watchdog.js';

/**
 * A Task state: each attempt is scheduled (its parameters, idempotency token, task token and
 * deadline recorded and committed) before the resource is called, so a restarted engine calls it
 * again with the same token and the history says whether that call was exactly-once or
 * at-least-once (`TaskStarted` with `resumed` and `delivery`).
 */
export async function runTask(run: ExecutionRun, f: Frame, state: TaskState): Promise<Move> {
  const result = await run.withRetry(f, state.Retry, () => attempt(run, f, state));
  const done = await run.flow(state).complete(state, run.scope(f), result);
  return { ...done, next: state.End ? undefined : state.Next };
}

async function attempt(run: ExecutionRun, f: Frame, state: TaskState): Promise<Json> {
  const integration = run.deps.integrations.resolve(state.Resource);
  if (!integration) throw new StatesError('States.Runtime', `No integration serves the resource "${state.Resource}".`);
  const parts = resourceParts(state.Resource);
  const recorded = f.progress.phase;
  const resumed = recorded?.kind === 'task';
  const phase = resumed ? recorded : await schedule(run, f, state, integration);
  const delivery = integration.delivery(state.Resource);
  run.journal.event(f, run.now(), 'TaskStarted', resumed ? { ...parts, resumed: true, delivery } : parts);
  await run.journal.commit();
  try {
    const result = await call(run, f, state, phase, integration);
    const output = payloadText(result, `result of task "${f.progress.state}"`);
    run.journal.event(f, run.now(), 'TaskSucceeded', { ...parts, output });
    run.journal.put(f, { ...f.progress, phase: undefined });
    return result;
  } catch (err) {
    if (f.signal.aborted) throw f.signal.reason;
    const e = err instanceof StatesError ? err : new StatesError('States.TaskFailed', (err as Error)?.message ?? String(err));
    const timedOut = e.error === 'States.Timeout' || e.error === 'States.HeartbeatTimeout';
    run.journal.event(f, run.now(), timedOut ? 'TaskTimedOut' : 'TaskFailed', { ...parts, error: e.error, cause: e.causeText });
    run.journal.put(f, { ...f.progress, phase: undefined });
    throw e;
  }
}

async function schedule(run: ExecutionRun, f: Frame, state: TaskState, integration: TaskIntegration): Promise<TaskPhase> {
  const flow = run.flow(state);
  const pattern = integrationPattern(state.Resource);
  const taskToken = pattern === 'wait-for-task-token' ? randomBytes(24).toString('base64url') : undefined;
  const scope = run.scope(f, taskToken ? { Task: { Token: taskToken } } : undefined);
  const parameters = await flow.effectiveInput(state, scope);
  const { timeoutSeconds, heartbeatSeconds } = await flow.taskTimeouts(state, scope);
  const now = run.now();
  const attemptNo = f.progress.retries?.reduce((a, b) => a + b, 0) ?? 0;
  const seed = `${run.arn}\n${f.id}\n${f.progress.step}\n${attemptNo}`;
  const phase: TaskPhase = {
    kind: 'task',
    attempt: attemptNo,
    idempotencyToken: createHash('sha256').update(seed).digest('hex').slice(0, 32),
    parameters,
    ...(taskToken ? { taskToken } : {}),
    ...(timeoutSeconds ? { deadline: new Date(now.getTime() + timeoutSeconds * 1000).toISOString() } : {}),
    ...(heartbeatSeconds ? { heartbeatSeconds } : {}),
  };
  run.journal.event(f, now, 'TaskScheduled', {
    ...resourceParts(state.Resource),
    region: DEFAULT_REGION,
    parameters: payloadText(parameters, `parameters of task "${f.progress.state}"`),
    ...(timeoutSeconds ? { timeoutInSeconds: timeoutSeconds } : {}),
    ...(heartbeatSeconds ? { heartbeatInSeconds: heartbeatSeconds } : {}),
    delivery: integration.delivery(state.Resource),
  });
  run.journal.put(f, { ...f.progress, phase });
  if (phase.taskToken) run.journal.token(phase.taskToken, f.progress.state, now);
  return phase;
}

/** Calls the resource (and for `.waitForTaskToken` waits for the token) under the task's timeout and heartbeat. */
async function call(
  run: ExecutionRun,
  f: Frame,
  state: TaskState,
  phase: TaskPhase,
  integration: TaskIntegration,
): Promise<Json> {
  const controller = new AbortController();
  const onStop = () => controller.abort(f.signal.reason);
  f.signal.addEventListener('abort', onStop, { once: true });
  let lastBeat = run.now().getTime();
  const heartbeat = () => {
    lastBeat = run.now().getTime();
  };
  const taskCall: TaskCall = {
    resource: state.Resource,
    pattern: integrationPattern(state.Resource),
    parameters: phase.parameters,
    executionArn: run.arn,
    stateName: f.progress.state,
    roleArn: run.execution.roleArn,
    idempotencyToken: phase.idempotencyToken,
    ...(phase.taskToken ? { taskToken: phase.taskToken } : {}),
    signal: controller.signal,
    heartbeat,
  };
  const work = phase.taskToken ? waitForToken(run, f, phase, integration, taskCall) : integration.invoke(taskCall);
  work.catch(() => {});
  const timers = watchdog(run, controller, phase, () => lastBeat);
  try {
    return await Promise.race([work, timers.expired]);
  } finally {
    timers.stop();
    f.signal.removeEventListener('abort', onStop);
  }
}

async function waitForToken(
  run: ExecutionRun,
  f: Frame,
  phase: TaskPhase,
  integration: TaskIntegration,
  call: TaskCall,
): Promise<Json> {
  const token = phase.taskToken as string;
  if (!phase.submitted) {
    await integration.invoke(call);
    run.journal.event(f, run.now(), 'TaskSubmitted', {
      ...resourceParts(call.resource),
      output: '{}',
    });
    run.journal.put(f, { ...f.progress, phase: { ...phase, submitted: true } });
    await run.journal.commit();
  }
  const settled = await run.deps.tokens.settled(token, call.signal, call.heartbeat);
  if (settled.status === 'SUCCEEDED') return JSON.parse(settled.output ?? 'null') as Json;
  throw new StatesError(settled.error ?? 'States.TaskFailed', settled.cause ?? '');
}
