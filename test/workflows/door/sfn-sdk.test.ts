/**
 * The Step Functions door through the official `@aws-sdk/client-sfn`, unmodified, against a real
 * server: state machines, executions, history in Step Functions' shapes, stop, sync executions,
 * and the service's error names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { MACHINES, ROLE, sfnServer, until } from './sfn-fixture.js';

const ARN_PREFIX = 'arn:aws:states:us-east-1:000000000000';

describe('Step Functions door, through @aws-sdk/client-sfn', () => {
  let f: Awaited<ReturnType<typeof sfnServer>>;
  const arns: Record<string, string> = {};
  before(async () => {
    f = await sfnServer('godwit-sfn-sdk-');
    for (const [name, definition] of Object.entries(MACHINES)) {
      const made = await f.sfn.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
      );
      arns[name] = made.stateMachineArn as string;
    }
  });
  after(() => f?.close());

  const finished = (executionArn: string) =>
    until(
      () => f.sfn.send(new DescribeExecutionCommand({ executionArn })),
      (d: DescribeExecutionCommandOutput) => d.status !== 'RUNNING',
    );

  test('creates, describes, lists and updates state machines', async () => {
    assert.equal(arns.hello, `${ARN_PREFIX}:stateMachine:hello`);
    const d = await f.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arns.hello }));
    assert.equal(d.name, 'hello');
    assert.equal(d.type, 'STANDARD');
    assert.equal(d.status, 'ACTIVE');
    assert.equal(d.roleArn, ROLE);
    assert.equal(d.definition, JSON.stringify(MACHINES.hello), 'the definition as sent');
    assert.ok(d.creationDate instanceof Date && Math.abs(d.creationDate.getTime() - Date.now()) < 60_000);
    const list = await f.sfn.send(new ListStateMachinesCommand({}));
    assert.deepEqual(list.stateMachines?.map((m) => m.name).sort(), ['approval', 'failing', 'hello', 'waiter']);
    const page = await f.sfn.send(new ListStateMachinesCommand({ maxResults: 2 }));
    assert.equal(page.stateMachines?.length, 2);
    const rest = await f.sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken: page.nextToken }));
    assert.equal(rest.stateMachines?.length, 2);
    const updated = await f.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: arns.failing, definition: JSON.stringify(MACHINES.failing, null, 1) }),
    );
    assert.ok(updated.updateDate instanceof Date);
    assert.notEqual(updated.revisionId, d.revisionId);
  });

  test('an execution runs to its end; describe and list show it', async () => {
    const started = await f.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arns.hello, name: 'first', input: '{"who": "world"}' }),
    );
    assert.equal(started.executionArn, `${ARN_PREFIX}:execution:hello:first`);
    assert.ok(started.startDate instanceof Date);
    const done = await finished(started.executionArn as string);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output as string), { who: 'world', said: { greeting: 'hello' } });
    assert.equal(done.stateMachineArn, arns.hello);
    assert.ok(done.stopDate instanceof Date && done.stopDate >= (done.startDate as Date));
    const listed = await f.sfn.send(new ListExecutionsCommand({ stateMachineArn: arns.hello, statusFilter: 'SUCCEEDED' }));
    assert.ok(listed.executions?.some((e) => e.executionArn === started.executionArn && e.status === 'SUCCEEDED'));
    const again = await f.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arns.hello, name: 'first', input: '{"who": "world"}' }),
    );
    assert.equal(again.executionArn, started.executionArn, 'the same name and input is the same execution');
    const machine = await f.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }));
    assert.equal(machine.name, 'hello');
  });

  test("history is Step Functions' HistoryEvents, in order, reversed and paged", async () => {
    const { executionArn } = await f.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arns.hello, name: 'history', input: '{"who": "you"}' }),
    );
    await finished(executionArn as string);
    const all = (await f.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events as HistoryEvent[];
    const types = all.map((e) => e.type);
    assert.deepEqual(types.slice(0, 3), ['ExecutionStarted', 'PassStateEntered', 'PassStateExited']);
    assert.equal(types.at(-1), 'ExecutionSucceeded');
    assert.deepEqual(
      all.map((e) => e.id),
      all.map((_, i) => i + 1),
    );
    assert.equal(all[0].previousEventId, 0);
    assert.ok(all[0].timestamp instanceof Date);
    assert.deepEqual(JSON.parse(all[0].executionStartedEventDetails?.input as string), { who: 'you' });
    assert.equal(all[1].stateEnteredEventDetails?.name, 'Greet');
    assert.equal(all[2].stateExitedEventDetails?.name, 'Greet');
    assert.deepEqual(JSON.parse(all[2].stateExitedEventDetails?.output as string), { who: 'you', said: { greeting: 'hello' } });
    assert.deepEqual(JSON.parse(all.at(-1)?.executionSucceededEventDetails?.output as string), {
      who: 'you',
      said: { greeting: 'hello' },
    });
    const reversed = await f.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    assert.deepEqual(
      reversed.events?.map((e) => e.id),
      all.map((e) => e.id).reverse(),
    );
    const pages: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await f.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2, nextToken }));
      assert.ok((page.events?.length ?? 0) <= 2);
      pages.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(
      pages.map((e) => e.id),
      all.map((e) => e.id),
    );
    const bare = await f.sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    assert.equal(bare.events?.[0].executionStartedEventDetails?.input, undefined);
  });

  test('a failing execution ends FAILED with its error and cause', async () => {
    const { executionArn } = await f.sfn.send(new StartExecutionCommand({ stateMachineArn: arns.failing }));
    const done = await finished(executionArn as string);
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'Custom.Boom');
    assert.equal(done.cause, 'it was meant to');
    const history = await f.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    assert.equal(history.events?.[0].type, 'ExecutionFailed');
    assert.equal(history.events?.[0].executionFailedEventDetails?.error, 'Custom.Boom');
  });

  test('StopExecution ends a waiting execution ABORTED', async () => {
    const { executionArn } = await f.sfn.send(new StartExecutionCommand({ stateMachineArn: arns.waiter, name: 'napping' }));
    await until(
      () => f.sfn.send(new GetExecutionHistoryCommand({ executionArn })),
      (h) => h.events?.some((e) => e.type === 'WaitStateEntered') === true,
    );
    const stopped = await f.sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'no need' }));
    assert.ok(stopped.stopDate instanceof Date);
    const done = await finished(executionArn as string);
    assert.equal(done.status, 'ABORTED');
    const last = (await f.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }))).events?.[0];
    assert.equal(last?.type, 'ExecutionAborted');
  });

  test('StartSyncExecution runs an Express machine to its end in the call', async () => {
    const made = await f.sfn.send(
      new CreateStateMachineCommand({
        name: 'quick',
        definition: JSON.stringify(MACHINES.hello),
        roleArn: ROLE,
        type: 'EXPRESS',
      }),
    );
    const r = await f.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: made.stateMachineArn, input: '{"who": "sync"}' }),
    );
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(r.output as string), { who: 'sync', said: { greeting: 'hello' } });
    assert.ok(r.startDate instanceof Date && r.stopDate instanceof Date);
    const failed = await f.sfn.send(
      new CreateStateMachineCommand({
        name: 'quick-fail',
        definition: JSON.stringify(MACHINES.failing),
        roleArn: ROLE,
        type: 'EXPRESS',
      }),
    );
    const bad = await f.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: failed.stateMachineArn }));
    assert.deepEqual(
      [bad.status, bad.error, bad.cause],
      ['FAILED', 'Custom.Boom', 'it was meant to'],
      '200 with the failure as data',
    );
    await assert.rejects(f.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arns.hello })), {
      name: 'StateMachineTypeNotSupported',
    });
  });

  test("mistakes are answered with Step Functions' error names", async () => {
    const missing = `${ARN_PREFIX}:stateMachine:nope`;
    // Each call is made when its turn comes, so no rejection waits unobserved.
    const cases: [string, () => Promise<unknown>][] = [
      [
        'InvalidDefinition',
        () =>
          f.sfn.send(
            new CreateStateMachineCommand({ name: 'broken', definition: '{"StartAt": "X", "States": {}}', roleArn: ROLE }),
          ),
      ],
      [
        'InvalidDefinition',
        () => f.sfn.send(new CreateStateMachineCommand({ name: 'broken', definition: 'not json', roleArn: ROLE })),
      ],
      [
        'StateMachineAlreadyExists',
        () =>
          f.sfn.send(
            new CreateStateMachineCommand({ name: 'hello', definition: JSON.stringify(MACHINES.waiter), roleArn: ROLE }),
          ),
      ],
      [
        'InvalidName',
        () =>
          f.sfn.send(
            new CreateStateMachineCommand({ name: 'has space', definition: JSON.stringify(MACHINES.hello), roleArn: ROLE }),
          ),
      ],
      ['StateMachineDoesNotExist', () => f.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: missing }))],
      ['StateMachineDoesNotExist', () => f.sfn.send(new StartExecutionCommand({ stateMachineArn: missing }))],
      ['InvalidArn', () => f.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'hello' }))],
      ['InvalidArn', () => f.sfn.send(new DescribeExecutionCommand({ executionArn: arns.hello }))],
      [
        'ExecutionDoesNotExist',
        () => f.sfn.send(new DescribeExecutionCommand({ executionArn: `${ARN_PREFIX}:execution:hello:never` })),
      ],
      [
        'ExecutionDoesNotExist',
        () => f.sfn.send(new GetExecutionHistoryCommand({ executionArn: `${ARN_PREFIX}:execution:hello:never` })),
      ],
      ['InvalidName', () => f.sfn.send(new StartExecutionCommand({ stateMachineArn: arns.hello, name: 'a/b' }))],
      ['InvalidExecutionInput', () => f.sfn.send(new StartExecutionCommand({ stateMachineArn: arns.hello, input: '{not json' }))],
      [
        'InvalidExecutionInput',
        () =>
          f.sfn.send(
            new StartExecutionCommand({ stateMachineArn: arns.hello, input: JSON.stringify({ big: 'x'.repeat(300_000) }) }),
          ),
      ],
      [
        'ExecutionAlreadyExists',
        () => f.sfn.send(new StartExecutionCommand({ stateMachineArn: arns.hello, name: 'first', input: '{"who": "else"}' })),
      ],
      ['TaskDoesNotExist', () => f.sfn.send(new SendTaskSuccessCommand({ taskToken: 'no-such-token', output: '{}' }))],
      ['InvalidOutput', () => f.sfn.send(new SendTaskSuccessCommand({ taskToken: 'no-such-token', output: 'not json' }))],
    ];
    const dynamo = {
      StartAt: 'Put',
      States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } },
    };
    cases.push([
      'InvalidDefinition',
      () => f.sfn.send(new CreateStateMachineCommand({ name: 'unmapped', definition: JSON.stringify(dynamo), roleArn: ROLE })),
    ]);
    for (const [name, call] of cases)
      await assert.rejects(call(), (err: Error) => {
        assert.equal(err.name, name, err.message);
        return true;
      });
  });

  test('a deleted machine is gone; its executions stay readable', async () => {
    const made = await f.sfn.send(
      new CreateStateMachineCommand({ name: 'short-lived', definition: JSON.stringify(MACHINES.hello), roleArn: ROLE }),
    );
    const { executionArn } = await f.sfn.send(new StartExecutionCommand({ stateMachineArn: made.stateMachineArn }));
    await finished(executionArn as string);
    await f.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: made.stateMachineArn }));
    await until(
      () =>
        f.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: made.stateMachineArn })).then(
          () => 'there',
          (e: Error) => e.name,
        ),
      (v) => v === 'StateMachineDoesNotExist',
    ).then((v) => assert.equal(v, 'StateMachineDoesNotExist'));
    assert.equal((await f.sfn.send(new DescribeExecutionCommand({ executionArn }))).status, 'SUCCEEDED');
  });

  test('a .waitForTaskToken task waits for SendTaskSuccess / SendTaskFailure with its token', async () => {
    const tokenOf = async (executionArn: string) => {
      const h = await until(
        () => f.sfn.send(new GetExecutionHistoryCommand({ executionArn })),
        (x) => x.events?.some((e) => e.type === 'TaskScheduled') === true,
      );
      const scheduled = h.events?.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
      assert.equal(scheduled?.resource, 'putEvents.waitForTaskToken');
      assert.equal(scheduled?.resourceType, 'events');
      return JSON.parse(scheduled?.parameters as string).Entries[0].Detail.token as string;
    };
    const yes = await f.sfn.send(new StartExecutionCommand({ stateMachineArn: arns.approval, input: '{"model": "churn"}' }));
    const token = await tokenOf(yes.executionArn as string);
    await f.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    assert.equal((await f.sfn.send(new DescribeExecutionCommand({ executionArn: yes.executionArn }))).status, 'RUNNING');
    await f.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved": true}' }));
    const done = await finished(yes.executionArn as string);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output as string), { model: 'churn', answer: { approved: true } });
    await assert.rejects(f.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })), {
      name: 'TaskDoesNotExist',
    });

    const no = await f.sfn.send(new StartExecutionCommand({ stateMachineArn: arns.approval, input: '{"model": "churn"}' }));
    await f.sfn.send(
      new SendTaskFailureCommand({
        taskToken: await tokenOf(no.executionArn as string),
        error: 'Rejected',
        cause: 'not good enough',
      }),
    );
    const failed = await finished(no.executionArn as string);
    assert.deepEqual([failed.status, failed.error, failed.cause], ['FAILED', 'Rejected', 'not good enough']);
  });

  test('ValidateStateMachineDefinition answers diagnostics, not an error', async () => {
    const ok = await f.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(MACHINES.hello) }));
    assert.deepEqual([ok.result, ok.diagnostics], ['OK', []]);
    const bad = await f.sfn.send(
      new ValidateStateMachineDefinitionCommand({
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } }),
      }),
    );
    assert.equal(bad.result, 'FAIL');
    const missing = bad.diagnostics?.find((d) => d.code === 'MISSING_TRANSITION_TARGET');
    assert.equal(missing?.severity, 'ERROR');
    assert.match(missing?.message ?? '', /Nowhere/);
    assert.equal(missing?.location, '/States/A/Next');
    const one = await f.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: 'not json', maxResults: 1 }));
    assert.deepEqual([one.result, one.diagnostics?.[0].code], ['FAIL', 'INVALID_JSON_DESCRIPTION']);
  });
});
