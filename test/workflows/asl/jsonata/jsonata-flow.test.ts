import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  Catcher,
  Json,
  JsonObject,
  MapState,
  State,
  TaskState,
  WaitState,
} from '../../../../src/workflows/asl/asl-types.js';
import type { StateScope } from '../../../../src/workflows/asl/data-flow.js';
import { JsonataFlow } from '../../../../src/workflows/asl/jsonata/jsonata-flow.js';
import { StatesError } from '../../../../src/workflows/asl/states-error.js';
import { type FlowCase, PASS_AND_TASK_CASES } from './jsonata-cases.js';
import { CHOICE_CASES, OTHER_CASES } from './jsonata-choice-cases.js';

const flow = new JsonataFlow();

function scopeOf(input: Json, variables: Record<string, Json> = {}, context: JsonObject = {}): StateScope {
  return {
    input,
    variables,
    context: {
      Execution: { Id: 'arn:aws:states:us-east-1:000000000000:execution:m:e', Input: input },
      State: { Name: 'S' },
      ...context,
    },
  };
}

/** Runs a case the way the engine would: input → (work) → output, or choose, or catch. */
async function run(c: FlowCase): Promise<{ arguments?: Json; output: Json; assign?: Record<string, Json>; next?: string }> {
  const scope = scopeOf(c.input, c.variables);
  if (c.state.Type === 'Choice') {
    const d = await flow.choose(c.state, scope);
    return { output: d.output, assign: d.assign as Record<string, Json> | undefined, next: d.next };
  }
  if (c.errorOutput) {
    const catcher = (c.state as TaskState).Catch?.[0] as Catcher;
    const done = await flow.catchOutput(catcher, c.state, scope, c.errorOutput);
    return { output: done.output, assign: done.assign as Record<string, Json> | undefined, next: catcher.Next };
  }
  if (c.state.Type === 'Task' || c.state.Type === 'Parallel') {
    const args = await flow.effectiveInput(c.state, scope);
    const done = await flow.complete(c.state, scope, c.result ?? null);
    return { arguments: args, output: done.output, assign: done.assign as Record<string, Json> | undefined };
  }
  const result = c.state.Type === 'Pass' ? await flow.passResult(c.state, scope) : (c.result ?? scope.input);
  const done = await flow.complete(c.state, scope, result);
  return { output: done.output, assign: done.assign as Record<string, Json> | undefined };
}

describe('JsonataFlow: documented examples', () => {
  for (const c of [...PASS_AND_TASK_CASES, ...CHOICE_CASES, ...OTHER_CASES]) {
    test(`${c.name} (${c.source})`, async () => {
      if (c.expected.error) {
        const [name, cause] = c.expected.error;
        await assert.rejects(run(c), (err: unknown) => {
          assert.ok(err instanceof StatesError, `expected a StatesError, got ${String(err)}`);
          assert.equal(err.error, name);
          assert.match(err.causeText, cause);
          return true;
        });
        return;
      }
      const got = await run(c);
      if (c.expected.arguments !== undefined) assert.deepEqual(got.arguments, c.expected.arguments);
      if (c.expected.output !== undefined) assert.deepEqual(got.output, c.expected.output);
      assert.deepEqual(got.assign, c.expected.assign);
      if (c.expected.next !== undefined) assert.equal(got.next, c.expected.next);
    });
  }
});

describe('JsonataFlow: Wait, Fail, Map and Task fields', () => {
  const now = new Date('2026-12-06T12:00:00Z');

  test('Wait Seconds from an expression, Timestamp from the input (REF asl-state-types.md "Wait State")', async () => {
    const seconds: WaitState = { Type: 'Wait', Seconds: '{% $states.input.delaySeconds %}', Next: 'C' };
    assert.deepEqual(await flow.waitUntil(seconds, scopeOf({ delaySeconds: 30 }), now), new Date('2026-12-06T12:00:30Z'));
    const at: WaitState = { Type: 'Wait', Timestamp: '{% $states.input.scheduledTime %}', Next: 'C' };
    assert.deepEqual(
      await flow.waitUntil(at, scopeOf({ scheduledTime: '2026-03-14T01:59:00Z' }), now),
      new Date('2026-03-14T01:59:00Z'),
    );
  });

  test('Wait Seconds that is a string, or a timestamp that is not RFC 3339, is States.QueryEvaluationError', async () => {
    const seconds: WaitState = { Type: 'Wait', Seconds: '{% $states.input.s %}', Next: 'C' };
    await assert.rejects(
      flow.waitUntil(seconds, scopeOf({ s: 'ten' }), now),
      /field 'Seconds' returned "ten", but a non-negative integer/,
    );
    const at: WaitState = { Type: 'Wait', Timestamp: '{% $states.input.t %}', Next: 'C' };
    await assert.rejects(
      flow.waitUntil(at, scopeOf({ t: 'tomorrow' }), now),
      /States.QueryEvaluationError.*not an RFC 3339 timestamp/,
    );
  });

  test('Fail Error and Cause from expressions (REF asl-state-types.md "DynamicFail")', async () => {
    const state = { Type: 'Fail', Error: '{% $states.input.errorCode %}', Cause: '{% $states.input.errorMessage %}' } as const;
    assert.deepEqual(await flow.failure(state, scopeOf({ errorCode: 'E42', errorMessage: 'bad' })), {
      error: 'E42',
      cause: 'bad',
    });
  });

  test('TimeoutSeconds from a string variable or a negative number is States.QueryEvaluationError (REF error-handling.md causes 2 and 3)', async () => {
    const state: TaskState = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      TimeoutSeconds: '{% $timeout %}',
      HeartbeatSeconds: 10,
      End: true,
    };
    assert.deepEqual(await flow.taskTimeouts(state, scopeOf({}, { timeout: 60 })), { timeoutSeconds: 60, heartbeatSeconds: 10 });
    await assert.rejects(
      flow.taskTimeouts(state, scopeOf({}, { timeout: 'abc' })),
      /'TimeoutSeconds' returned "abc", but a positive integer is required/,
    );
    await assert.rejects(flow.taskTimeouts(state, scopeOf({}, { timeout: -5 })), /States.QueryEvaluationError/);
  });

  test('Map Items and ItemSelector with $states.context.Map.Item (REF migrating-from-jsonpath-to-jsonata.md "Map State")', async () => {
    const state = {
      Type: 'Map',
      Items: '{% $states.input.orderData.items %}',
      ItemSelector: { item: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}' },
      MaxConcurrency: 5,
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      End: true,
    } as MapState;
    const scope = scopeOf({ orderData: { items: ['a', 'b'] } });
    assert.deepEqual(await flow.mapItems(state, scope), ['a', 'b']);
    const itemScope = { ...scope, context: { ...scope.context, Map: { Item: { Index: 1, Value: 'b' } } } };
    assert.deepEqual(await flow.itemInput(state, itemScope), { item: 'b', index: 1 });
    assert.deepEqual(await flow.mapLimits(state, scope), {
      maxConcurrency: 5,
      toleratedFailurePercentage: undefined,
      toleratedFailureCount: undefined,
    });
    const done = await flow.complete({ ...state, Assign: { orderResults: '{% $states.result %}' } } as State, scope, [1, 2]);
    assert.deepEqual(done, { output: [1, 2], assign: { orderResults: [1, 2] } });
  });

  test('Map Items: an object iterates its values; a single object from a filter is refused (REF migrating pitfall 7)', async () => {
    const base = { Type: 'Map', ItemProcessor: { StartAt: 'P', States: {} }, End: true };
    const overObject = { ...base, Items: '{% $states.input.byId %}' } as MapState;
    assert.deepEqual(await flow.mapItems(overObject, scopeOf({ byId: { a: 1, b: 2 } })), [1, 2]);
    const single = { ...base, Items: "{% $states.input.orders[status = 'pending'].id %}" } as MapState;
    await assert.rejects(
      flow.mapItems(single, scopeOf({ orders: [{ id: 7, status: 'pending' }] })),
      /'Items' returned 7, but an array or an object is required/,
    );
    const noItems = base as MapState;
    assert.deepEqual(await flow.mapItems(noItems, scopeOf([3, 4])), [3, 4]);
  });

  test('ToleratedFailurePercentage over 100 is refused', async () => {
    const state = {
      Type: 'Map',
      ToleratedFailurePercentage: '{% 150 %}',
      ItemProcessor: { StartAt: 'P', States: {} },
      End: true,
    } as MapState;
    await assert.rejects(flow.mapLimits(state, scopeOf([])), /a number from 0 to 100/);
  });

  test('$random(seed) repeats, $random() and $uuid() vary within their ranges (REF transforming-data.md)', async () => {
    const state = pass({ Output: { a: '{% $random(42) %}', b: '{% $random(42) %}', c: '{% $random() %}', u: '{% $uuid() %}' } });
    const { output } = await flow.complete(state, scopeOf({}), {});
    const o = output as { a: number; b: number; c: number; u: string };
    assert.equal(o.a, o.b);
    assert.ok(o.a >= 0 && o.a < 1 && o.c >= 0 && o.c < 1);
    assert.match(o.u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('a Parallel without Arguments gives its branches the state input (REF asl-state-types.md "Parallel State")', async () => {
    const state = { Type: 'Parallel', Branches: [], End: true } as State;
    assert.deepEqual(await flow.effectiveInput(state, scopeOf({ x: 1 })), { x: 1 });
  });

  test('template() evaluates an ItemReader’s Arguments against $states.input (REF asl-state-types.md "Distributed Map State Example")', async () => {
    const args = { Bucket: '{% $states.input.bucket %}', Key: '{% $states.input.key %}' };
    assert.deepEqual(await flow.template(args, scopeOf({ bucket: 'b', key: 'k.csv' })), { Bucket: 'b', Key: 'k.csv' });
  });

  test('a template without expressions comes back as the same object (no copy)', async () => {
    const output = { a: [1, { b: 'literal' }] };
    const state = pass({ Output: output });
    const done = await flow.complete(state, scopeOf({}), {});
    assert.equal(done.output, output);
  });
});

function pass(fields: object): State {
  return { Type: 'Pass', End: true, ...fields } as State;
}
