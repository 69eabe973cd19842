/**
 * The contract the metadata capabilities pass on every database: one node:test suite per
 * backend, run against a real one (a SQLite file, a real PostgreSQL server). `open` returns the
 * opened metadata on a fresh, empty database; the suite closes it. Tests use their own run ids,
 * so they share one database.
 *
 * ```ts
 * metadataStoreContract('sqlite', async () => openMetadata(godwitHome(dir), clock, {}));
 * ```
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { EventEnvelope } from '../events/event-envelope.js';
import type { PipelineIR } from '../pipeline/ir.js';
import type { Metadata } from './index.js';
import type { MetadataStore, NewRun, StepRecord } from './metadata-store.js';

const t0 = Date.parse('2026-12-05T10:00:00.000Z');
const at = (s: number) => new Date(t0 + s * 1000);
const newId = () => `run-20261205-100000-${randomBytes(4).toString('hex')}`;

function ir(name: string): PipelineIR {
  return { apiVersion: 'godwit/v1', kind: 'Pipeline', name, parameters: [], steps: [] } as unknown as PipelineIR;
}

function newRun(over: Partial<NewRun> = {}): NewRun {
  return {
    id: newId(),
    pipeline: 'contract',
    ir: ir(over.pipeline ?? 'contract'),
    parameters: { lr: 0.1, name: 'x', on: true },
    baseDir: '/base',
    runDir: '/runs/x',
    startedAt: at(0),
    pid: 4242,
    host: 'host-a',
    ...over,
  };
}

const step = (runId: string, name: string, over: Partial<StepRecord> = {}): StepRecord => ({
  runId,
  name,
  type: 'processing',
  status: 'running',
  startedAt: at(1),
  attempts: 1,
  ...over,
});

export function metadataStoreContract(name: string, open: () => Promise<Metadata>, options: { skip?: string } = {}): void {
  describe(`MetadataStore contract: ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let store: MetadataStore;
    before(async () => {
      metadata = await open();
      store = metadata.store;
    });
    after(() => metadata?.close());

    /** The outbox events whose resources name this run. */
    async function eventsOf(runId: string): Promise<EventEnvelope[]> {
      const all = await metadata.outbox.since(undefined, 10_000);
      return all.map((e) => e.event).filter((e) => e.resources.some((r) => r.endsWith(`/execution/${runId}`)));
    }

    test('a run reads back as written; updates change only the named fields and can clear them', async () => {
      const run = newRun({ pipelineFile: '/p/pipeline.ts', startedBy: 'alice' });
      await store.createRun(run);
      const got = await store.getRun(run.id);
      assert.deepEqual(got, { ...run, status: 'running', endedAt: undefined, error: undefined, resumes: 0 });
      const anonymous = newRun();
      await store.createRun(anonymous);
      assert.equal((await store.getRun(anonymous.id))?.startedBy, undefined, 'a run recorded without its starter has none');
      await store.updateRun(run.id, { status: 'failed', endedAt: at(9), error: 'boom' });
      await store.updateRun(run.id, { status: 'running', endedAt: undefined, error: undefined, resumes: 1, pid: 7 });
      const again = await store.getRun(run.id);
      assert.equal(again?.status, 'running');
      assert.equal(again?.endedAt, undefined);
      assert.equal(again?.error, undefined);
      assert.deepEqual([again?.resumes, again?.pid, again?.host], [1, 7, 'host-a']);
      assert.equal(await store.getRun('run-none'), undefined);
    });

    test('listRuns gives summaries without the IR, newest first, filtered and limited', async () => {
      const pipeline = `list-${randomBytes(3).toString('hex')}`;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const run = newRun({ pipeline, startedAt: at(100 + i) });
        ids.push(run.id);
        await store.createRun(run);
      }
      await store.updateRun(ids[0], { status: 'succeeded', endedAt: at(200) });
      const runs = await store.listRuns({ pipeline });
      assert.deepEqual(
        runs.map((r) => r.id),
        [...ids].reverse(),
      );
      assert.deepEqual(Object.keys(runs[2]).sort(), ['endedAt', 'error', 'host', 'id', 'pid', 'pipeline', 'startedAt', 'status']);
      assert.deepEqual([runs[2].status, runs[2].endedAt?.toISOString(), runs[2].pid], ['succeeded', at(200).toISOString(), 4242]);
      assert.equal((await store.listRuns({ pipeline, limit: 2 })).length, 2);
      assert.ok((await store.listRuns({ limit: 1 })).length === 1);
    });

    test('steps are upserted by name and listed started first, in start order, then by name', async () => {
      const run = newRun();
      await store.createRun(run);
      await store.upsertStep(step(run.id, 'b', { startedAt: at(2) }));
      await store.upsertStep(step(run.id, 'a', { startedAt: at(3) }));
      await store.upsertStep(step(run.id, 'z', { status: 'skipped', startedAt: undefined, attempts: 0, reason: 'branch' }));
      await store.upsertStep(step(run.id, 'c', { status: 'not-run', startedAt: undefined, attempts: 0 }));
      const done = step(run.id, 'b', { startedAt: at(2), status: 'succeeded', endedAt: at(4), cacheKey: 'k', outcome: 'then' });
      await store.upsertStep(done);
      const steps = await store.listSteps(run.id);
      assert.deepEqual(
        steps.map((s) => s.name),
        ['b', 'a', 'c', 'z'],
      );
      assert.deepEqual(steps[0], { ...done, cachedFrom: undefined, reason: undefined });
      assert.equal(steps[3].reason, 'branch');
    });

    test('findCachedStep: the newest succeeded step with the key that ended in time', async () => {
      const key = `key-${randomBytes(4).toString('hex')}`;
      const run = newRun();
      await store.createRun(run);
      await store.upsertStep(step(run.id, 'old', { status: 'succeeded', endedAt: at(10), cacheKey: key }));
      await store.upsertStep(step(run.id, 'new', { status: 'succeeded', endedAt: at(20), cacheKey: key }));
      await store.upsertStep(step(run.id, 'reused', { status: 'cached', endedAt: at(30), cacheKey: key }));
      await store.upsertStep(step(run.id, 'broken', { status: 'failed', endedAt: at(40), cacheKey: key }));
      assert.equal((await store.findCachedStep(key, undefined))?.name, 'new');
      assert.equal((await store.findCachedStep(key, at(15)))?.name, 'new');
      assert.equal(await store.findCachedStep(key, at(21)), undefined);
      assert.equal(await store.findCachedStep('no-such-key', undefined), undefined);
    });

    test('attempts, artifacts and metrics are upserted by natural key and listed in order', async () => {
      const run = newRun();
      await store.createRun(run);
      const attempt = { runId: run.id, step: 's', attempt: 1, status: 'running' as const, startedAt: at(1), logPath: '/l/1' };
      await store.upsertAttempt(attempt);
      await store.upsertAttempt({ ...attempt, status: 'failed', endedAt: at(2), exitCode: 3, failureKind: 'error', error: 'x' });
      await store.upsertAttempt({ ...attempt, attempt: 2, startedAt: at(3) });
      const attempts = await store.listAttempts(run.id, 's');
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.status, a.exitCode]),
        [
          [1, 'failed', 3],
          [2, 'running', undefined],
        ],
      );
      assert.equal((await store.listAttempts(run.id)).length, 2);

      // Sizes beyond 32 bits and full double precision survive both databases.
      const files = [{ path: 'big.bin', size: 5_000_000_000, sha256: 'a'.repeat(64) }];
      const artifact = {
        runId: run.id,
        step: 's',
        name: 'out',
        type: 'dataset' as const,
        uri: 'file:///x/',
        sha256: 'd',
        size: 5_000_000_000,
        files,
        createdAt: at(4),
      };
      await store.putArtifact({ ...artifact, sha256: 'old' });
      await store.putArtifact(artifact);
      assert.deepEqual(await store.listArtifacts(run.id), [artifact]);
      assert.deepEqual(await store.listArtifacts(run.id, 'other'), []);

      await store.putMetrics(run.id, 's', { mse: 1, r2: 0.1 + 0.2 });
      await store.putMetrics(run.id, 's', { mse: 2.5 });
      assert.deepEqual(
        (await store.listMetrics(run.id, 's')).map((m) => [m.name, m.value]),
        [
          ['mse', 2.5],
          ['r2', 0.1 + 0.2],
        ],
      );
    });

    test('events keep their order; a write batch is all or nothing', async () => {
      const run = newRun();
      await store.createRun(run);
      await store.addEvent({ runId: run.id, at: at(1), type: 'run-started', message: 'go' });
      await store.write([
        { step: step(run.id, 's') },
        { attempt: { runId: run.id, step: 's', attempt: 1, status: 'running', startedAt: at(1) } },
        { event: { runId: run.id, step: 's', at: at(2), type: 'step-running', message: 'm' } },
      ]);
      const broken = { runId: run.id, step: 's', attempt: 2, status: 'running', startedAt: null } as never;
      await assert.rejects(
        store.write([{ step: step(run.id, 's', { status: 'succeeded', endedAt: at(3) }) }, { attempt: broken }]),
      );
      assert.equal((await store.listSteps(run.id))[0].status, 'running');
      assert.deepEqual(
        (await store.listEvents(run.id)).map((e) => [e.type, e.step]),
        [
          ['run-started', undefined],
          ['step-running', 's'],
        ],
      );
      // The rolled-back step change published nothing either (the outbox is in the same transaction).
      const stepEvents = (await eventsOf(run.id)).filter((e) => e['detail-type'].endsWith('Step Status Change'));
      assert.deepEqual(
        stepEvents.map((e) => e.detail.currentStepStatus),
        ['Executing'],
      );
    });

    test('many concurrent write batches all land', async () => {
      const run = newRun();
      await store.createRun(run);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.write([
            { step: step(run.id, `s${i}`, { startedAt: at(i) }) },
            { attempt: { runId: run.id, step: `s${i}`, attempt: 1, status: 'running', startedAt: at(i) } },
          ]),
        ),
      );
      assert.equal((await store.listSteps(run.id)).length, 20);
      assert.equal((await store.listAttempts(run.id)).length, 20);
    });

    test('run and step status changes are published in EventBridge envelopes', async () => {
      const run = newRun({ pipeline: 'Abalone-Pipeline' });
      await store.createRun(run);
      await store.write([{ step: step(run.id, 'train', { type: 'training', startedAt: at(1) }) }]);
      await store.write([
        { step: step(run.id, 'train', { type: 'training', status: 'succeeded', startedAt: at(1), endedAt: at(5) }) },
      ]);
      await store.upsertStep(step(run.id, 'train', { type: 'training', status: 'succeeded', startedAt: at(1), endedAt: at(5) }));
      await store.upsertStep(step(run.id, 'other', { status: 'skipped', startedAt: undefined }));
      await store.updateRun(run.id, { status: 'succeeded', endedAt: at(6) });
      const events = await eventsOf(run.id);
      const execution = `arn:aws:sagemaker:us-east-1:000000000000:pipeline/Abalone-Pipeline/execution/${run.id}`;
      assert.deepEqual(
        events.map((e) => [
          e.source,
          e['detail-type'],
          e.detail.previousPipelineExecutionStatus ?? e.detail.previousStepStatus,
          e.detail.currentPipelineExecutionStatus ?? e.detail.currentStepStatus,
        ]),
        [
          ['aws.sagemaker', 'SageMaker Model Building Pipeline Execution Status Change', undefined, 'Executing'],
          ['aws.sagemaker', 'SageMaker Model Building Pipeline Execution Step Status Change', undefined, 'Executing'],
          ['aws.sagemaker', 'SageMaker Model Building Pipeline Execution Step Status Change', 'Executing', 'Succeeded'],
          ['aws.sagemaker', 'SageMaker Model Building Pipeline Execution Status Change', 'Executing', 'Succeeded'],
        ],
      );
      const last = events[3];
      assert.deepEqual(
        { ...last, id: 'x', detail: {} },
        {
          version: '0',
          id: 'x',
          'detail-type': 'SageMaker Model Building Pipeline Execution Status Change',
          source: 'aws.sagemaker',
          account: '000000000000',
          time: '2026-12-05T10:00:06Z',
          region: 'us-east-1',
          resources: ['arn:aws:sagemaker:us-east-1:000000000000:pipeline/Abalone-Pipeline', execution],
          detail: {},
        },
      );
      assert.match(last.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(last.detail.pipelineExecutionArn, execution);
      assert.equal(last.detail.executionEndTime, '2026-12-05T10:00:06Z', 'to the second, as SageMaker writes it');
      assert.deepEqual([events[2].detail.stepName, events[2].detail.stepType], ['train', 'Training']);
    });

    test('the outbox reads on from a cursor, each event once', async () => {
      const first = await metadata.outbox.since(undefined, 100_000);
      const cursor = first.at(-1)?.cursor;
      const run = newRun();
      await store.createRun(run);
      const next = await metadata.outbox.since(cursor);
      assert.equal(next.length, 1);
      assert.deepEqual(next[0].event.resources.at(-1)?.endsWith(run.id), true);
      assert.deepEqual(await metadata.outbox.since(next[0].cursor), []);
    });

    test('relocateArtifacts moves URIs and records lineage together, or neither', async () => {
      const run = newRun();
      await store.createRun(run);
      const files = [{ path: 'm.json', size: 2, sha256: 'b'.repeat(64) }];
      const base = {
        runId: run.id,
        step: 'train',
        type: 'model' as const,
        sha256: 'c'.repeat(64),
        size: 2,
        files,
        createdAt: at(1),
      };
      await store.putArtifact({ ...base, name: 'model', uri: 'file:///a/model/' });
      await store.putArtifact({ ...base, name: 'other', uri: 'file:///a/other/' });
      const entity = (arn: string, uri: string) => ({ arn, kind: 'Artifact' as const, name: arn, type: 'Model', sourceUri: uri });
      const edge = { sourceArn: `old-${run.id}`, destinationArn: `new-${run.id}`, type: 'SameAs' as const };
      // A lineage write that fails (an entity without its type) leaves the URIs as they were.
      const broken = { ...entity(edge.destinationArn, 's3://b/model/'), type: null as unknown as string };
      await assert.rejects(
        store.relocateArtifacts(run.id, [{ step: 'train', name: 'model', uri: 's3://b/model/' }], {
          entities: [broken],
          associations: [edge],
        }),
      );
      assert.deepEqual(
        (await store.listArtifacts(run.id)).map((a) => a.uri),
        ['file:///a/model/', 'file:///a/other/'],
      );
      assert.equal(await metadata.lineage.get(edge.destinationArn), undefined);
      await store.relocateArtifacts(run.id, [{ step: 'train', name: 'model', uri: 's3://b/model/' }], {
        entities: [entity(edge.sourceArn, 'file:///a/model/'), entity(edge.destinationArn, 's3://b/model/')],
        associations: [edge],
      });
      const moved = await store.listArtifacts(run.id);
      assert.deepEqual(
        moved.map((a) => [a.name, a.uri, a.sha256, a.files]),
        [
          ['model', 's3://b/model/', base.sha256, files],
          ['other', 'file:///a/other/', base.sha256, files],
        ],
      );
      const { associations } = await metadata.lineage.listAssociations({ sourceArn: edge.sourceArn });
      assert.deepEqual(
        associations.map((a) => [a.destinationArn, a.type]),
        [[edge.destinationArn, 'SameAs']],
      );
    });
  });
}
