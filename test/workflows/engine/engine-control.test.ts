import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StatesError } from '../../../src/workflows/asl/states-error.js';
import { FunctionIntegrations, fn, type Harness, harness, historyTypes, ManualClock, ROLE } from './engine-fixture.js';

const until = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
};

describe('waits, retries, timeouts, task tokens and stops on the clock', () => {
  const clock = new ManualClock();
  let h: Harness;
  let flaky = 0;
  const aborted: string[] = [];
  before(async () => {
    h = await harness(
      clock,
      new FunctionIntegrations({
        flaky: () => {
          if (++flaky < 3) throw new StatesError('Flaky', 'not yet');
          return { attempts: flaky };
        },
        hang: (call) =>
          new Promise((_, reject) =>
            call.signal.addEventListener('abort', () => {
              aborted.push(call.stateName);
              reject(call.signal.reason);
            }),
          ),
        handOut: () => ({}),
      }),
    );
  });
  after(async () => {
    await h.service.close();
    await h.metadata.close();
  });

  const start = async (definition: object, input = {}) => {
    const name = `m-${Math.random().toString(36).slice(2)}`;
    const m = await h.service.createStateMachine({
      name,
      definition: JSON.stringify({ QueryLanguage: 'JSONata', ...definition }),
      roleArn: ROLE,
    });
    return h.service.startExecution({ stateMachineArn: m.stateMachineArn, input: JSON.stringify(input) });
  };
  const status = async (arn: string) => (await h.service.describeExecution(arn)).status;

  test('a Wait state sleeps on the clock until its time', async () => {
    const run = await start({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } });
    await until(async () => clock.waiting > 0, 'the wait to sleep');
    await clock.advance(29_000);
    assert.equal(await status(run.executionArn), 'RUNNING');
    await clock.advance(1_000);
    await until(async () => (await status(run.executionArn)) === 'SUCCEEDED', 'the execution to end');
    assert.deepEqual(await historyTypes(h.service, run.executionArn), [
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'ExecutionSucceeded',
    ]);
  });

  test('Retry backs off IntervalSeconds × BackoffRate^n on the clock, then the task succeeds', async () => {
    flaky = 0;
    const run = await start({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: fn('flaky'),
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, BackoffRate: 3 }],
          End: true,
        },
      },
    });
    await until(async () => clock.waiting > 0, 'the first retry');
    await clock.advance(1_999);
    assert.equal(flaky, 1);
    await clock.advance(1);
    await until(async () => flaky === 2 && clock.waiting > 0, 'the second retry');
    await clock.advance(6_000);
    await until(async () => (await status(run.executionArn)) === 'SUCCEEDED', 'the execution to end');
    const d = await h.service.describeExecution(run.executionArn);
    assert.deepEqual(JSON.parse(d.output ?? ''), { attempts: 3 });
    const types = await historyTypes(h.service, run.executionArn);
    assert.equal(types.filter((t) => t === 'TaskFailed').length, 2);
    assert.equal(types.filter((t) => t === 'TaskStateEntered').length, 1);
  });

  test('TimeoutSeconds ends a task with States.Timeout, aborting its signal; Catch takes it', async () => {
    const run = await start({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: fn('hang'),
          TimeoutSeconds: 5,
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Caught', Output: '{% $states.errorOutput %}' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    });
    await until(async () => clock.waiting > 0, 'the task to be called');
    await clock.advance(5_000);
    await until(async () => (await status(run.executionArn)) === 'SUCCEEDED', 'the execution to end');
    assert.deepEqual(aborted, ['T']);
    const d = await h.service.describeExecution(run.executionArn);
    assert.equal(JSON.parse(d.output ?? '').Error, 'States.Timeout');
    assert.ok((await historyTypes(h.service, run.executionArn)).includes('TaskTimedOut'));
  });

  test('.waitForTaskToken waits for SendTaskSuccess; a settled token is refused', async () => {
    const run = await start({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: `${fn('handOut')}.waitForTaskToken`,
          Arguments: { token: '{% $states.context.Task.Token %}' },
          End: true,
        },
      },
    });
    const integrations = h.integrations;
    await until(
      async () => integrations.calls.some((c) => c.executionArn === run.executionArn),
      `the token to be handed out ${JSON.stringify(await h.service.describeExecution(run.executionArn))}`,
    );
    const call = integrations.calls.find((c) => c.executionArn === run.executionArn);
    assert.ok(call?.taskToken);
    assert.deepEqual(call.parameters, { token: call.taskToken });
    await h.service.sendTaskSuccess(call.taskToken, '{"ok":true}');
    await until(async () => (await status(run.executionArn)) === 'SUCCEEDED', 'the execution to end');
    assert.deepEqual(JSON.parse((await h.service.describeExecution(run.executionArn)).output ?? ''), { ok: true });
    await assert.rejects(h.service.sendTaskSuccess(call.taskToken, '{}'), { code: 'E_WORKFLOW_TASK_TOKEN' });
    await assert.rejects(h.service.sendTaskSuccess('nope', '{}'), { code: 'E_WORKFLOW_TASK_TOKEN' });
  });

  test('StopExecution aborts the running task and ends the execution ABORTED', async () => {
    aborted.length = 0;
    const run = await start({ StartAt: 'T', States: { T: { Type: 'Task', Resource: fn('hang'), End: true } } });
    await until(
      async () => (await historyTypes(h.service, run.executionArn)).includes('TaskStarted'),
      `the task to start: ${JSON.stringify(await h.service.getExecutionHistory(run.executionArn))}`,
    );
    const stopped = await h.service.stopExecution(run.executionArn, { error: 'Why', cause: 'because' });
    assert.equal(stopped.status, 'ABORTED');
    assert.equal(stopped.error, 'Why');
    assert.deepEqual(aborted, ['T']);
    assert.equal((await historyTypes(h.service, run.executionArn)).at(-1), 'ExecutionAborted');
  });

  test("the machine's TimeoutSeconds ends the execution TIMED_OUT", async () => {
    const run = await start({ TimeoutSeconds: 10, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } });
    await until(async () => clock.waiting > 1, 'the wait and the timeout to sleep');
    await clock.advance(10_000);
    await until(async () => (await status(run.executionArn)) === 'TIMED_OUT', 'the timeout');
    assert.equal((await h.service.describeExecution(run.executionArn)).error, 'States.Timeout');
    assert.equal((await historyTypes(h.service, run.executionArn)).at(-1), 'ExecutionTimedOut');
  });
});
