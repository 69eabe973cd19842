/**
 * The contract the pipeline catalog passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh database, on the clock it is given; the suite closes it. Each test uses its
 * own names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../core/clock.js';
import { code, HandClock, unique } from '../db/contract-kit.js';
import type { Metadata } from '../meta/index.js';
import type { CallbackRecord, NewPipeline, PipelineCatalog } from './pipeline-records.js';

const pipeline = (name: string, extra: Partial<NewPipeline> = {}): NewPipeline => ({
  name,
  displayName: name,
  definition: '{"Version":"2020-12-01","Steps":[]}',
  roleArn: 'arn:aws:iam::000000000000:role/x',
  tags: [{ key: 'team', value: 'ml' }],
  ...extra,
});

export function pipelineCatalogContract(
  name: string,
  open: (clock: Clock) => Promise<Metadata>,
  options: { skip?: string } = {},
) {
  describe(`PipelineCatalog contract: ${name}`, { skip: options.skip }, () => {
    const clock = new HandClock();
    let metadata: Metadata;
    let catalog: PipelineCatalog;
    before(async () => {
      metadata = await open(clock);
      catalog = metadata.pipelines;
    });
    after(() => metadata?.close());

    test('a created pipeline reads back whole; a second create of the name is refused', async () => {
      const name = unique('p');
      const created = await catalog.createPipeline(pipeline(name, { description: 'd', maxParallelSteps: 2 }));
      assert.equal(created.version, 1);
      assert.deepEqual(await catalog.getPipeline(name), created);
      await assert.rejects(catalog.createPipeline(pipeline(name)), code('E_SM_PIPELINE_EXISTS'));
      assert.equal(await catalog.getPipeline(unique('none')), undefined);
    });

    test('an update of the definition bumps the version and keeps the old definition', async () => {
      const name = unique('p');
      await catalog.createPipeline(pipeline(name));
      clock.t += 1000;
      const same = await catalog.updatePipeline(name, { description: 'only text', displayName: undefined, roleArn: undefined });
      assert.equal(same.displayName, name);
      assert.equal(same.version, 1);
      assert.equal(same.description, 'only text');
      assert.equal(same.lastModifiedAt.getTime(), clock.t);
      const next = await catalog.updatePipeline(name, { definition: '{"Version":"2020-12-01","Steps":[{}]}' });
      assert.equal(next.version, 2);
      assert.equal(next.description, 'only text');
      assert.equal(await catalog.definition(name, 1), pipeline(name).definition);
      assert.equal(await catalog.definition(name, 2), next.definition);
      await assert.rejects(catalog.updatePipeline(unique('none'), {}), code('E_SM_PIPELINE_NOT_FOUND'));
    });

    test('lists are oldest first; delete removes the pipeline, its versions and executions', async () => {
      const [a, b] = [unique('a'), unique('b')];
      await catalog.createPipeline(pipeline(a));
      clock.t += 1000;
      await catalog.createPipeline(pipeline(b));
      const names = (await catalog.listPipelines()).map((p) => p.name);
      assert.ok(names.indexOf(a) < names.indexOf(b) && names.indexOf(a) >= 0);
      await catalog.createExecution({ pipeline: a, runId: unique('r'), version: 1, displayName: 'x', parameters: [] });
      await catalog.deletePipeline(a);
      assert.equal(await catalog.getPipeline(a), undefined);
      assert.deepEqual(await catalog.listExecutions(a), []);
      await assert.rejects(catalog.definition(a, 1), code('E_SM_PIPELINE_NOT_FOUND'));
      await assert.rejects(catalog.deletePipeline(a), code('E_SM_PIPELINE_NOT_FOUND'));
      const again = await catalog.createPipeline(pipeline(a, { definition: '{"v":2}' }));
      assert.equal(again.version, 1);
      assert.equal(await catalog.definition(a, 1), '{"v":2}');
    });

    test('executions: recorded, found by token, listed oldest first, stop marked and cleared', async () => {
      const p = unique('p');
      await catalog.createPipeline(pipeline(p));
      const [r1, r2] = [unique('r1'), unique('r2')];
      const first = await catalog.createExecution({
        pipeline: p,
        runId: r1,
        version: 1,
        displayName: 'one',
        parameters: [{ name: 'n', value: '3' }],
        clientRequestToken: 'tok-1',
        maxParallelSteps: 1,
      });
      assert.equal(first.stopRequested, false);
      clock.t += 1000;
      await catalog.createExecution({ pipeline: p, runId: r2, version: 1, displayName: 'two', parameters: [] });
      assert.deepEqual(await catalog.getExecution(p, r1), first);
      assert.deepEqual(await catalog.executionByToken(p, 'tok-1'), first);
      assert.equal(await catalog.executionByToken(p, 'tok-2'), undefined);
      assert.deepEqual(
        (await catalog.listExecutions(p)).map((e) => e.runId),
        [r1, r2],
      );
      const second = await catalog.getExecution(p, r2);
      assert.deepEqual((await catalog.lastExecutionTimes()).get(p), second?.createdAt);
      assert.equal((await catalog.lastExecutionTimes()).has(unique('never-run')), false);
      assert.equal((await catalog.markStop(p, r2, true)).stopRequested, true);
      assert.equal((await catalog.markStop(p, r2, false)).stopRequested, false);
      await assert.rejects(catalog.markStop(p, unique('none'), true), code('E_SM_EXECUTION_NOT_FOUND'));
    });

    test('callback tokens: one per step, kept until settled once; a failed one is replaced when the step waits again', async () => {
      const run = unique('run');
      const opened = await catalog.openCallback(run, 'approve');
      assert.equal(opened.status, 'waiting');
      assert.equal((await catalog.openCallback(run, 'approve')).token, opened.token);
      assert.deepEqual(await catalog.callbackOf(run, 'approve'), opened);
      const settled = await catalog.settleCallback(opened.token, { status: 'failed', failureReason: 'no' });
      assert.equal(settled.failureReason, 'no');
      await assert.rejects(
        catalog.settleCallback(opened.token, { status: 'succeeded', outputParameters: [] }),
        code('E_SM_CALLBACK_SETTLED'),
      );
      const again = await catalog.openCallback(run, 'approve');
      assert.notEqual(again.token, opened.token);
      assert.equal(await catalog.getCallback(opened.token), undefined);
      const ok = await catalog.settleCallback(again.token, {
        status: 'succeeded',
        outputParameters: [{ name: 't', value: '1' }],
      });
      assert.deepEqual(ok.outputParameters, [{ name: 't', value: '1' }]);
      assert.equal((await catalog.openCallback(run, 'approve')).token, again.token);
      await assert.rejects(
        catalog.settleCallback(unique('nope'), { status: 'failed', failureReason: 'x' }),
        code('E_SM_CALLBACK_NOT_FOUND'),
      );
    });

    test('a new token is announced in its own transaction, once: reopening a waiting token publishes nothing', async () => {
      const run = unique('run');
      const announce = (t: CallbackRecord) => ({
        source: 'godwit.pipelines' as const,
        detailType: 'Godwit Pipeline Callback Message',
        time: t.createdAt,
        resources: [run],
        detail: { token: t.token },
      });
      const mine = async () =>
        (await metadata.outbox.since(undefined, 100_000)).map((e) => e.event).filter((e) => e.resources.includes(run));
      const opened = await catalog.openCallback(run, 'approve', announce);
      await catalog.openCallback(run, 'approve', announce);
      assert.deepEqual(
        (await mine()).map((e) => e.detail.token),
        [opened.token],
      );
      // An event that cannot be stored takes the token with it: no token without its message.
      await assert.rejects(catalog.openCallback(run, 'other', (t) => ({ ...announce(t), detail: { bad: 1n } })));
      assert.equal(await catalog.callbackOf(run, 'other'), undefined);
    });

    test('settledHere: wakes when this store settles the token, at once when settled, rejects when aborted', async () => {
      const run = unique('run');
      const opened = await catalog.openCallback(run, 'approve');
      const stop = new AbortController();
      const woken = catalog.settledHere(opened.token, stop.signal);
      await catalog.settleCallback(opened.token, { status: 'succeeded', outputParameters: [] });
      await woken;
      await catalog.settledHere(opened.token, new AbortController().signal);
      const other = await catalog.openCallback(run, 'other');
      const waiting = catalog.settledHere(other.token, stop.signal);
      stop.abort(new Error('stopped'));
      await assert.rejects(waiting, /stopped/);
    });
  });
}
