/**
 * The contract the workflows catalog passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, the test run's PostgreSQL). `open` returns the opened
 * metadata on a fresh database, on the clock it is given; the suite closes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../core/clock.js';
import { code, HandClock, unique } from '../db/contract-kit.js';
import type { Metadata } from '../meta/index.js';
import { executionArnOf, stateMachineArn } from './workflow-arns.js';
import type { JournalBatch, NewExecution, WorkflowCatalog } from './workflow-catalog.js';

const DEFINITION = '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}';
const ROLE = 'arn:aws:iam::000000000000:role/x';

export function workflowCatalogContract(
  name: string,
  open: (clock: Clock) => Promise<Metadata>,
  options: { skip?: string } = {},
) {
  describe(`WorkflowCatalog contract: ${name}`, { skip: options.skip }, () => {
    const clock = new HandClock();
    let metadata: Metadata;
    let catalog: WorkflowCatalog;
    before(async () => {
      metadata = await open(clock);
      catalog = metadata.workflows;
    });
    after(() => metadata?.close());

    const machine = async () => {
      const m = unique('m');
      return catalog.createStateMachine({
        name: m,
        definition: DEFINITION,
        roleArn: ROLE,
        type: 'STANDARD',
        tags: { team: 'ml' },
      });
    };
    const execution = (machineName: string, extra: Partial<NewExecution> = {}): NewExecution => {
      const exec = unique('e');
      return {
        executionArn: executionArnOf(machineName, exec),
        stateMachineArn: stateMachineArn(machineName),
        name: exec,
        input: '{"a":1}',
        definition: DEFINITION,
        roleArn: ROLE,
        startDate: clock.now(),
        ...extra,
      };
    };
    const started = (): JournalBatch => ({
      events: [{ id: 1, previousEventId: 0, timestamp: clock.now(), type: 'ExecutionStarted', details: { input: '{"a":1}' } }],
      frames: new Map([['', { state: 'P' }]]),
    });

    test('a machine reads back; the same create again is idempotent, another definition is refused', async () => {
      const m = await machine();
      assert.equal(m.stateMachineArn, stateMachineArn(m.name));
      assert.deepEqual(await catalog.getStateMachine(m.stateMachineArn), m);
      const again = await catalog.createStateMachine({
        name: m.name,
        definition: DEFINITION,
        roleArn: ROLE,
        type: 'STANDARD',
        tags: {},
      });
      assert.equal(again.revisionId, m.revisionId);
      await assert.rejects(
        catalog.createStateMachine({ name: m.name, definition: '{}', roleArn: ROLE, type: 'STANDARD', tags: {} }),
        code('E_WORKFLOW_EXISTS'),
      );
      const updated = await catalog.updateStateMachine(m.stateMachineArn, { definition: '{"StartAt":"Q"}' });
      assert.notEqual(updated.revisionId, m.revisionId);
      assert.equal(updated.definition, '{"StartAt":"Q"}');
      assert.equal(updated.roleArn, ROLE);
      await assert.rejects(catalog.updateStateMachine(stateMachineArn(unique('none')), {}), code('E_WORKFLOW_NOT_FOUND'));
      await catalog.deleteStateMachine(m.stateMachineArn);
      assert.equal(await catalog.getStateMachine(m.stateMachineArn), undefined);
    });

    test('machines list by name in pages', async () => {
      for (let i = 0; i < 3; i++) await machine();
      const first = await catalog.listStateMachines({ maxResults: 2 });
      assert.equal(first.items.length, 2);
      assert.ok(first.nextToken);
      const rest = await catalog.listStateMachines({ maxResults: 1000, nextToken: first.nextToken });
      const names = [...first.items, ...rest.items].map((m) => m.name);
      assert.deepEqual(names, [...names].sort());
    });

    test('an execution starts RUNNING with its first event, progress and a status-change event on the outbox', async () => {
      const m = await machine();
      const e = execution(m.name);
      const { record, created } = await catalog.insertExecution(e, started());
      assert.ok(created);
      assert.equal(record.status, 'RUNNING');
      assert.equal(record.nextEventId, 2);
      assert.deepEqual(await catalog.frames(e.executionArn), new Map([['', { state: 'P' }]]));
      assert.deepEqual(
        (await catalog.history(e.executionArn)).items.map((h) => h.type),
        ['ExecutionStarted'],
      );
      assert.ok((await catalog.runningExecutions()).includes(e.executionArn));
      const again = await catalog.insertExecution(e, started());
      assert.equal(again.created, false);
      await assert.rejects(catalog.insertExecution({ ...e, input: '{}' }, started()), code('E_WORKFLOW_EXISTS'));
      const events = (await metadata.outbox.since(undefined, 10_000))
        .map((o) => o.event)
        .filter((ev) => ev.source === 'aws.states');
      const mine = events.filter((ev) => ev.detail.executionArn === e.executionArn);
      assert.equal(mine.length, 1);
      assert.equal(mine[0]['detail-type'], 'Step Functions Execution Status Change');
      assert.equal(mine[0].detail.status, 'RUNNING');
      assert.equal(mine[0].detail.startDate, clock.now().getTime());
    });

    test('a commit writes events and progress together; an end closes the execution and clears progress', async () => {
      const m = await machine();
      const e = execution(m.name);
      await catalog.insertExecution(e, started());
      clock.t += 1000;
      const moved = await catalog.commit(e.executionArn, {
        events: [{ id: 2, previousEventId: 1, timestamp: clock.now(), type: 'PassStateEntered', details: { name: 'P' } }],
        frames: new Map([
          ['', { state: 'Q' }],
          ['/M:0', { state: 'X' }],
        ]),
      });
      assert.ok(moved);
      assert.equal((await catalog.getExecution(e.executionArn))?.nextEventId, 3);
      assert.equal((await catalog.frames(e.executionArn)).size, 2);
      await catalog.commit(e.executionArn, { events: [], frames: new Map([['/M:0', null]]) });
      assert.deepEqual([...(await catalog.frames(e.executionArn)).keys()], ['']);
      const ended = await catalog.commit(e.executionArn, {
        events: [{ id: 3, previousEventId: 2, timestamp: clock.now(), type: 'ExecutionSucceeded', details: { output: '{}' } }],
        frames: new Map(),
        end: { status: 'SUCCEEDED', at: clock.now(), output: '{}' },
      });
      assert.ok(ended);
      const done = await catalog.getExecution(e.executionArn);
      assert.equal(done?.status, 'SUCCEEDED');
      assert.equal(done?.output, '{}');
      assert.equal(done?.stopDate?.getTime(), clock.t);
      assert.equal((await catalog.frames(e.executionArn)).size, 0);
      assert.equal(await catalog.commit(e.executionArn, { events: [], frames: new Map([['', { state: 'Z' }]]) }), false);
      const page = await catalog.history(e.executionArn, { reverseOrder: true, maxResults: 2 });
      assert.deepEqual(
        page.items.map((h) => h.id),
        [3, 2],
      );
      assert.ok(page.nextToken);
      assert.deepEqual(
        (await catalog.listExecutions({ stateMachineArn: m.stateMachineArn, status: 'SUCCEEDED' })).items.map(
          (x) => x.executionArn,
        ),
        [e.executionArn],
      );
    });

    test('an execution aborted from outside gets ExecutionAborted; the engine can commit no more', async () => {
      const m = await machine();
      const e = execution(m.name);
      await catalog.insertExecution(e, started());
      const aborted = await catalog.abortExecution(e.executionArn, { error: 'E', cause: 'C' }, clock.now());
      assert.equal(aborted.status, 'ABORTED');
      assert.equal(aborted.error, 'E');
      assert.deepEqual(
        (await catalog.history(e.executionArn)).items.map((h) => [h.id, h.type]),
        [
          [1, 'ExecutionStarted'],
          [2, 'ExecutionAborted'],
        ],
      );
      assert.equal(await catalog.commit(e.executionArn, { events: [], frames: new Map() }), false);
      await assert.rejects(catalog.abortExecution(executionArnOf(m.name, 'none'), {}, clock.now()), code('E_WORKFLOW_NOT_FOUND'));
    });

    test('a task token is settled once, heartbeats only while waiting, and fails when its execution ends', async () => {
      const m = await machine();
      const e = execution(m.name);
      const token = unique('t');
      const other = unique('t');
      await catalog.insertExecution(e, started());
      await catalog.commit(e.executionArn, {
        events: [],
        frames: new Map(),
        tokens: [
          { token, stateName: 'T', at: clock.now() },
          { token: other, stateName: 'U', at: clock.now() },
        ],
      });
      assert.equal((await catalog.getTaskToken(token))?.status, 'WAITING');
      clock.t += 5;
      assert.equal((await catalog.heartbeatTaskToken(token, clock.now())).heartbeatAt?.getTime(), clock.t);
      const settled = await catalog.settleTaskToken(token, { status: 'SUCCEEDED', output: '{"x":1}' }, clock.now());
      assert.equal(settled.output, '{"x":1}');
      await assert.rejects(catalog.settleTaskToken(token, { status: 'FAILED' }, clock.now()), code('E_WORKFLOW_TASK_TOKEN'));
      await assert.rejects(catalog.heartbeatTaskToken(token, clock.now()), code('E_WORKFLOW_TASK_TOKEN'));
      await assert.rejects(
        catalog.settleTaskToken(unique('none'), { status: 'FAILED' }, clock.now()),
        code('E_WORKFLOW_TASK_TOKEN'),
      );
      await catalog.abortExecution(e.executionArn, {}, clock.now());
      assert.equal((await catalog.getTaskToken(other))?.status, 'FAILED');
    });
  });
}
