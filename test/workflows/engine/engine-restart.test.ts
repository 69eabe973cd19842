import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { StatesError } from '../../../src/workflows/asl/states-error.js';
import { LocalWorkflowService } from '../../../src/workflows/local-workflow-service.js';
import { scratchDir } from '../../helpers/scratch.js';
import { FunctionIntegrations, fn, harness, historyTypes, ManualClock, NO_ITEM_IO, ROLE } from './engine-fixture.js';

/**
 * Restarts within one test process: `close()` stops an engine without recording anything more
 * (what a crash leaves, see engine-kill.test.ts for a real SIGKILL), and a second service on the
 * same home resumes the executions with `start()`.
 */
const until = async (check: () => Promise<boolean> | boolean, what: string) => {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
};

async function twoEngines(integrations: FunctionIntegrations) {
  const clock = new ManualClock();
  const home = join(scratchDir('godwit-sfn-restart-'), 'home');
  const first = await harness(clock, integrations, { home });
  const second = await harness(clock, integrations, { home });
  const start = async (definition: object, input: object = {}) => {
    const m = await first.service.createStateMachine({
      name: `m${Date.now()}`,
      definition: JSON.stringify(definition),
      roleArn: ROLE,
    });
    return first.service.startExecution({ stateMachineArn: m.stateMachineArn, input: JSON.stringify(input) });
  };
  const close = async () => {
    await second.service.close();
    await first.metadata.close();
    await second.metadata.close();
  };
  return { clock, home, first, second, start, close };
}

describe('an engine restarted mid-execution resumes from recorded progress', () => {
  test('a Map stopped half-way finishes each iteration once, in order', async () => {
    const e = await twoEngines(new FunctionIntegrations());
    try {
      const run = await e.start(
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              MaxConcurrency: 3,
              ItemProcessor: {
                StartAt: 'Nap',
                States: { Nap: { Type: 'Wait', SecondsPath: '$', Next: 'Out' }, Out: { Type: 'Pass', End: true } },
              },
              End: true,
            },
          },
        },
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
      const arn = run.executionArn;
      await until(() => e.clock.waiting === 3, 'three iterations to wait');
      await e.clock.advance(2000);
      await until(() => e.clock.waiting === 3, 'the next iterations to wait');
      await e.first.service.close();
      assert.equal((await e.second.service.describeExecution(arn)).status, 'RUNNING');
      await e.second.service.start();
      for (let i = 0; i < 40 && (await e.second.service.describeExecution(arn)).status === 'RUNNING'; i++) {
        await e.clock.advance(1000);
        await new Promise((r) => setTimeout(r, 20));
      }
      await until(async () => (await e.second.service.describeExecution(arn)).status !== 'RUNNING', 'the end');
      const done = await e.second.service.describeExecution(arn);
      assert.equal(done.status, 'SUCCEEDED', done.cause);
      assert.deepEqual(JSON.parse(done.output ?? ''), [1, 2, 3, 4, 5, 6, 7, 8]);
      const types = await historyTypes(e.second.service, arn);
      assert.equal(types.filter((t) => t === 'MapIterationStarted').length, 8);
      assert.equal(types.filter((t) => t === 'MapIterationSucceeded').length, 8);
      const ids = (await e.second.service.getExecutionHistory(arn)).items.map((x) => x.id);
      assert.deepEqual(
        ids,
        ids.map((_, i) => i + 1),
      );
    } finally {
      await e.close();
    }
  });

  test('Retry counters survive: MaxAttempts 2 means three calls in all across the restart', async () => {
    let calls = 0;
    const e = await twoEngines(
      new FunctionIntegrations({
        broken: () => {
          calls++;
          throw new StatesError('Broken', 'always');
        },
      }),
    );
    try {
      const run = await e.start({
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: fn('broken'),
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 10, MaxAttempts: 2 }],
            End: true,
          },
        },
      });
      await until(() => e.clock.waiting === 1, 'the first retry to wait');
      await e.first.service.close();
      await e.second.service.start();
      await until(() => e.clock.waiting === 1, 'the resumed retry to wait');
      await e.clock.advance(10_000);
      await until(() => calls === 2 && e.clock.waiting === 1, 'the second retry to wait');
      await e.clock.advance(20_000);
      await until(async () => (await e.second.service.describeExecution(run.executionArn)).status === 'FAILED', 'the failure');
      assert.equal(calls, 3);
      const types = await historyTypes(e.second.service, run.executionArn);
      assert.equal(types.filter((t) => t === 'TaskScheduled').length, 3);
      assert.equal((await e.second.service.describeExecution(run.executionArn)).error, 'Broken');
    } finally {
      await e.close();
    }
  });

  test('a .waitForTaskToken task resumes waiting, and a token settled by another process wakes it by polling', async () => {
    const e = await twoEngines(new FunctionIntegrations({ handOut: () => ({}) }));
    try {
      const run = await e.start({
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: `${fn('handOut')}.waitForTaskToken`, HeartbeatSeconds: 30, End: true } },
      });
      await until(async () => (await historyTypes(e.first.service, run.executionArn)).includes('TaskSubmitted'), 'the token');
      const token = e.first.integrations.calls[0].taskToken as string;
      await e.first.service.close();
      await e.second.service.start();
      // Another process: its own connection and a service that runs nothing.
      const other = await openMetadata(godwitHome(e.home), e.clock, {});
      const elsewhere = new LocalWorkflowService({
        catalog: other.workflows,
        clock: e.clock,
        integrations: e.first.integrations,
        itemIo: NO_ITEM_IO,
      });
      await e.clock.advance(20_000);
      await elsewhere.sendTaskHeartbeat(token);
      await e.clock.advance(100);
      await e.clock.advance(20_000);
      assert.equal((await e.second.service.describeExecution(run.executionArn)).status, 'RUNNING', 'the heartbeat kept it alive');
      await elsewhere.sendTaskSuccess(token, '{"from":"elsewhere"}');
      await other.close();
      await e.clock.advance(100);
      await until(async () => (await e.second.service.describeExecution(run.executionArn)).status !== 'RUNNING', 'the end');
      const done = await e.second.service.describeExecution(run.executionArn);
      assert.equal(done.status, 'SUCCEEDED', done.cause);
      assert.deepEqual(JSON.parse(done.output ?? ''), { from: 'elsewhere' });
    } finally {
      await e.close();
    }
  });
});
