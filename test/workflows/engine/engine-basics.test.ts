import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FunctionIntegrations, fn, type Harness, harness, historyTypes, runMachine } from './engine-fixture.js';

describe('the engine runs JSONata machines end to end, recording Step Functions history', () => {
  let h: Harness;
  before(async () => {
    h = await harness(
      new FakeClock(),
      new FunctionIntegrations({
        double: (call) => ({ doubled: ((call.parameters as { n: number }).n ?? 0) * 2 }),
        boom: () => {
          throw Object.assign(new (class extends Error {})('kaput'), { name: 'Boom' });
        },
      }),
    );
  });
  after(async () => {
    await h.service.close();
    await h.metadata.close();
  });

  test('Pass, Task, Choice and Succeed: output, status and the event sequence', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Pass',
          Output: { n: '{% $states.input.x + 1 %}' },
          Assign: { seen: '{% $states.input.x %}' },
          Next: 'Double',
        },
        Double: { Type: 'Task', Resource: fn('double'), Arguments: { n: '{% $states.input.n %}' }, Next: 'Big' },
        Big: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.doubled > 10 %}', Next: 'Done', Output: { big: true, seen: '{% $seen %}' } }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const run = await runMachine(h.service, definition, { x: 5 });
    assert.equal(run.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(run.output ?? ''), { big: true, seen: 5 });
    assert.deepEqual(await historyTypes(h.service, run.executionArn), [
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    const events = (await h.service.getExecutionHistory(run.executionArn)).items;
    const scheduled = events.find((e) => e.type === 'TaskScheduled');
    assert.deepEqual(scheduled?.details, {
      resourceType: 'lambda',
      resource: fn('double'),
      region: 'us-east-1',
      parameters: '{"n":6}',
      delivery: 'at-least-once',
    });
    assert.deepEqual(
      events.map((e) => e.id),
      events.map((_, i) => i + 1),
    );
    assert.equal(events[1].previousEventId, 1);
  });

  test('a Fail state fails the execution with its error and cause', async () => {
    const run = await runMachine(h.service, {
      QueryLanguage: 'JSONata',
      StartAt: 'No',
      States: { No: { Type: 'Fail', Error: 'Custom.Bad', Cause: 'it went wrong' } },
    });
    assert.equal(run.status, 'FAILED');
    assert.equal(run.error, 'Custom.Bad');
    assert.equal(run.cause, 'it went wrong');
    assert.deepEqual((await historyTypes(h.service, run.executionArn)).slice(-2), ['FailStateEntered', 'ExecutionFailed']);
  });
});
