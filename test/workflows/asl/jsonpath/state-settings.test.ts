import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FailState, Json, MapState, TaskState, WaitState } from '../../../../src/workflows/asl/asl-types.js';
import { JsonPathFlow } from '../../../../src/workflows/asl/jsonpath/jsonpath-flow.js';
import { scopeOf, stateOf, statesErrorOf } from './scope.js';

const flow = new JsonPathFlow();
const NOW = new Date('2024-01-01T00:00:00Z');

test('Wait: Seconds, Timestamp and TimestampPath [guide/amazon-states-language-wait-state.md, Wait State Examples]', async () => {
  const wait = (fields: Record<string, unknown>) => stateOf({ Type: 'Wait', Next: 'NextState', ...fields }) as WaitState;
  assert.equal((await flow.waitUntil(wait({ Seconds: 10 }), scopeOf({}), NOW)).toISOString(), '2024-01-01T00:00:10.000Z');
  assert.equal(
    (await flow.waitUntil(wait({ Timestamp: '2016-03-14T01:59:00Z' }), scopeOf({}), NOW)).toISOString(),
    '2016-03-14T01:59:00.000Z',
  );
  const byPath = await flow.waitUntil(
    wait({ TimestampPath: '$.expirydate' }),
    scopeOf({ expirydate: '2016-03-14T01:59:00Z' }),
    NOW,
  );
  assert.equal(byPath.toISOString(), '2016-03-14T01:59:00.000Z');
  const seconds = await flow.waitUntil(wait({ InputPath: '$.w', SecondsPath: '$.s' }), scopeOf({ w: { s: 90 } }), NOW);
  assert.equal(seconds.toISOString(), '2024-01-01T00:01:30.000Z');
  const offset = await flow.waitUntil(wait({ Timestamp: '2016-03-14T03:59:00+02:00' }), scopeOf({}), NOW);
  assert.equal(offset.toISOString(), '2016-03-14T01:59:00.000Z');
});

test('Wait: a SecondsPath that is not a non-negative integer, or a Timestamp that is not RFC 3339, is States.Runtime', async () => {
  const wait = (fields: Record<string, unknown>) => stateOf({ Type: 'Wait', Next: 'N', ...fields }) as WaitState;
  for (const input of [{ s: -1 }, { s: 1.5 }, { s: '10' }, {}] as Json[]) {
    assert.equal(
      (await statesErrorOf(() => flow.waitUntil(wait({ SecondsPath: '$.s' }), scopeOf(input), NOW))).error,
      'States.Runtime',
    );
  }
  assert.equal(
    (await statesErrorOf(() => flow.waitUntil(wait({ TimestampPath: '$.t' }), scopeOf({ t: 'tomorrow' }), NOW))).error,
    'States.Runtime',
  );
  assert.equal(
    (await statesErrorOf(() => flow.waitUntil(wait({ SecondsPath: '$.a[*]' }), scopeOf({ a: [1] }), NOW))).error,
    'States.Runtime',
  );
});

test('Fail: Error and Cause as written [guide/amazon-states-language-fail-state.md], or from ErrorPath / CausePath (a path or an intrinsic)', async () => {
  const fail = (fields: Record<string, unknown>) => stateOf({ Type: 'Fail', ...fields }) as FailState;
  assert.deepEqual(await flow.failure(fail({ Cause: 'Invalid response.', Error: 'ErrorA' }), scopeOf({})), {
    error: 'ErrorA',
    cause: 'Invalid response.',
  });
  const byPath = fail({ ErrorPath: '$.error.name', CausePath: "States.Format('Order {} failed', $.order)" });
  assert.deepEqual(await flow.failure(byPath, scopeOf({ error: { name: 'OrderFailed' }, order: 7 })), {
    error: 'OrderFailed',
    cause: 'Order 7 failed',
  });
  assert.deepEqual(await flow.failure(fail({}), scopeOf({})), { error: '', cause: '' });
  assert.equal((await statesErrorOf(() => flow.failure(fail({ ErrorPath: '$.n' }), scopeOf({ n: 1 })))).error, 'States.Runtime');
});

test('Task: TimeoutSeconds / HeartbeatSeconds and their paths must be positive integers [spec, Task State]', async () => {
  const task = (fields: Record<string, unknown>) => stateOf({ Type: 'Task', Resource: 'r', ...fields }) as TaskState;
  assert.deepEqual(await flow.taskTimeouts(task({ TimeoutSeconds: 300, HeartbeatSeconds: 60 }), scopeOf({})), {
    timeoutSeconds: 300,
    heartbeatSeconds: 60,
  });
  assert.deepEqual(await flow.taskTimeouts(task({ TimeoutSecondsPath: '$.t' }), scopeOf({ t: 30 })), { timeoutSeconds: 30 });
  assert.deepEqual(await flow.taskTimeouts(task({}), scopeOf({})), {});
  assert.equal(
    (await statesErrorOf(() => flow.taskTimeouts(task({ HeartbeatSecondsPath: '$.h' }), scopeOf({ h: 0 })))).error,
    'States.Runtime',
  );
  assert.equal(
    (await statesErrorOf(() => flow.taskTimeouts(task({ TimeoutSecondsPath: '$.t' }), scopeOf({})))).error,
    'States.Runtime',
  );
});

test('Map: MaxConcurrency(Path) and ToleratedFailure*(Path)', async () => {
  const map = (fields: Record<string, unknown>) => stateOf({ Type: 'Map', ...fields }) as MapState;
  assert.deepEqual(await flow.mapLimits(map({}), scopeOf({})), { maxConcurrency: 0 });
  assert.deepEqual(
    await flow.mapLimits(map({ MaxConcurrency: 10, ToleratedFailurePercentage: 12.5, ToleratedFailureCount: 3 }), scopeOf({})),
    {
      maxConcurrency: 10,
      toleratedFailurePercentage: 12.5,
      toleratedFailureCount: 3,
    },
  );
  const paths = map({
    InputPath: '$.cfg',
    MaxConcurrencyPath: '$.c',
    ToleratedFailurePercentagePath: '$.p',
    ToleratedFailureCountPath: '$.n',
  });
  assert.deepEqual(await flow.mapLimits(paths, scopeOf({ cfg: { c: 2, p: 50, n: 0 } })), {
    maxConcurrency: 2,
    toleratedFailurePercentage: 50,
    toleratedFailureCount: 0,
  });
  assert.equal(
    (await statesErrorOf(() => flow.mapLimits(map({ ToleratedFailurePercentagePath: '$.p' }), scopeOf({ p: 101 })))).error,
    'States.Runtime',
  );
  assert.equal(
    (await statesErrorOf(() => flow.mapLimits(map({ MaxConcurrencyPath: '$.c' }), scopeOf({ c: -1 })))).error,
    'States.Runtime',
  );
});

test('Assign: "x.$" reads the (selected) result as $, $$ and the entry variables; literals are kept; values from entry, not from the same Assign', async () => {
  const state = stateOf({
    Type: 'Task',
    Resource: 'r',
    ResultSelector: { 'total.$': '$.Payload.total' },
    ResultPath: '$.r',
    Assign: {
      'total.$': '$.total',
      'x.$': '$y',
      'y.$': '$x',
      'name.$': '$$.Execution.Name',
      limit: 10,
      nested: { 'n.$': '$.total' },
    },
  });
  const scope = scopeOf({ keep: 1 }, { context: { Execution: { Name: 'e1' } }, variables: { x: 3, y: 6 } });
  const done = await flow.complete(state, scope, { Payload: { total: 42 } });
  assert.deepEqual(done.output, { keep: 1, r: { total: 42 } });
  assert.deepEqual(done.assign, { total: 42, x: 6, y: 3, name: 'e1', limit: 10, nested: { n: 42 } });
});

test('Assign in a catcher reads the error output as $', async () => {
  const catcher = { ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: '$.err', Assign: { 'lastError.$': '$.Error' } };
  const caught = await flow.catchOutput(catcher, stateOf({ Type: 'Task', Resource: 'r' }), scopeOf({ a: 1 }), {
    Error: 'Oops',
    Cause: 'c',
  });
  assert.deepEqual(caught, { output: { a: 1, err: { Error: 'Oops', Cause: 'c' } }, assign: { lastError: 'Oops' } });
});

test('Assign to a sub-path ("x.y") is States.Runtime; a variable that was never assigned is States.Runtime', async () => {
  const bad = stateOf({ Type: 'Pass', Assign: { 'x.y': 1 } });
  assert.equal((await statesErrorOf(() => flow.complete(bad, scopeOf({}), {}))).error, 'States.Runtime');
  const unknown = stateOf({ Type: 'Pass', Parameters: { 'v.$': '$never' } });
  const error = await statesErrorOf(() => flow.effectiveInput(unknown, scopeOf({})));
  assert.equal(error.error, 'States.Runtime');
  assert.match(error.causeText, /\$never.*variables/);
});

test('template(): an ItemReader-style Parameters object is evaluated against the scope', async () => {
  const value = { Bucket: 'b', 'Prefix.$': '$.prefix', 'Key.$': "States.Format('{}/items.json', $.prefix)" };
  assert.deepEqual(await flow.template(value, scopeOf({ prefix: 'p' })), { Bucket: 'b', Prefix: 'p', Key: 'p/items.json' });
});
