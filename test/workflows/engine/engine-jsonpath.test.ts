import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FunctionIntegrations, fn, type Harness, harness, historyTypes, runMachine } from './engine-fixture.js';

describe('JSONPath machines (the default query language) on the engine', () => {
  let h: Harness;
  before(async () => {
    h = await harness(
      new FakeClock(),
      new FunctionIntegrations({
        add: (call) => {
          const p = call.parameters as { a: number; b: number };
          return { sum: p.a + p.b };
        },
      }),
    );
  });
  after(async () => {
    await h.service.close();
    await h.metadata.close();
  });

  test('Parameters, ResultSelector, ResultPath and OutputPath around a Task; Choice on the result', async () => {
    const run = await runMachine(
      h.service,
      {
        StartAt: 'Add',
        States: {
          Add: {
            Type: 'Task',
            Resource: fn('add'),
            Parameters: { 'a.$': '$.x', 'b.$': '$.y' },
            ResultSelector: { 'total.$': '$.sum' },
            ResultPath: '$.result',
            Next: 'Check',
          },
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.result.total', NumericGreaterThan: 4, Next: 'Big' }],
            Default: 'Small',
          },
          Big: { Type: 'Pass', Result: 'big', ResultPath: '$.size', OutputPath: '$', End: true },
          Small: { Type: 'Pass', Result: 'small', ResultPath: '$.size', End: true },
        },
      },
      { x: 2, y: 3 },
    );
    assert.equal(run.status, 'SUCCEEDED', run.cause);
    assert.deepEqual(JSON.parse(run.output ?? ''), { x: 2, y: 3, result: { total: 5 }, size: 'big' });
  });

  test('a Map over ItemsPath with $$.Map.Item in the ItemSelector, MaxConcurrency 2', async () => {
    const run = await runMachine(
      h.service,
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 2,
            ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' },
            ItemProcessor: { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      { items: ['a', 'b', 'c'] },
    );
    assert.equal(run.status, 'SUCCEEDED', run.cause);
    assert.deepEqual(JSON.parse(run.output ?? ''), [
      { index: 0, value: 'a' },
      { index: 1, value: 'b' },
      { index: 2, value: 'c' },
    ]);
    const types = await historyTypes(h.service, run.executionArn);
    assert.equal(types.filter((t) => t === 'MapIterationStarted').length, 3);
    assert.equal(types.filter((t) => t === 'MapIterationSucceeded').length, 3);
    assert.deepEqual(types.slice(0, 3), ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted']);
    assert.deepEqual(types.slice(-3), ['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
  });

  test('a Parallel state gives the array of its branches; a failing branch fails it with its own error, caught', async () => {
    const ok = await runMachine(
      h.service,
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'A', States: { A: { Type: 'Pass', Result: 1, End: true } } },
              { StartAt: 'B', States: { B: { Type: 'Pass', InputPath: '$.v', End: true } } },
            ],
            End: true,
          },
        },
      },
      { v: 'two' },
    );
    assert.deepEqual(JSON.parse(ok.output ?? ''), [1, 'two']);
    const caught = await runMachine(h.service, {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100, End: true } } },
            { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Branch.Broke', Cause: 'no' } } },
          ],
          Catch: [{ ErrorEquals: ['Branch.Broke'], ResultPath: '$.error', Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      },
    });
    assert.equal(caught.status, 'SUCCEEDED', caught.cause);
    assert.deepEqual(JSON.parse(caught.output ?? ''), { error: { Error: 'Branch.Broke', Cause: 'no' } });
    assert.ok((await historyTypes(h.service, caught.executionArn)).includes('ParallelStateFailed'));
  });

  test('an uncaught States.Runtime names the state; a payload over 256 KiB is States.DataLimitExceeded', async () => {
    const runtime = await runMachine(h.service, {
      StartAt: 'P',
      States: { P: { Type: 'Pass', InputPath: '$.missing', End: true } },
    });
    assert.equal(runtime.status, 'FAILED');
    assert.equal(runtime.error, 'States.Runtime');
    assert.match(runtime.cause ?? '', /'P'/);
    const big = await runMachine(
      h.service,
      {
        StartAt: 'Grow',
        States: {
          Grow: { Type: 'Pass', Parameters: { 'a.$': '$.s', 'b.$': '$.s', 'c.$': '$.s' }, End: true },
        },
      },
      { s: 'x'.repeat(100 * 1024) },
    );
    assert.equal(big.status, 'FAILED');
    assert.equal(big.error, 'States.DataLimitExceeded');
  });
});
