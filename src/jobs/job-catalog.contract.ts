/**
 * The contract the job catalog passes on every database: one node:test suite per backend, run
 * against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh, empty database, on the clock it is given; the suite closes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../core/clock.js';
import { code, HandClock, unique } from '../db/contract-kit.js';
import type { Metadata } from '../meta/index.js';
import type { JobCatalog } from './job-records.js';

export function jobCatalogContract(name: string, open: (clock: Clock) => Promise<Metadata>, options: { skip?: string } = {}) {
  describe(`JobCatalog contract: ${name}`, { skip: options.skip }, () => {
    const clock = new HandClock();
    let metadata: Metadata;
    let jobs: JobCatalog;
    before(async () => {
      metadata = await open(clock);
      jobs = metadata.jobs;
    });
    after(() => metadata?.close());

    test('create records the request as sent, InProgress, and get reads it back equal', async () => {
      const request = { TrainingJobName: 'x', HyperParameters: { epochs: '3' }, Nested: [{ a: 1 }] };
      const made = await jobs.create({ kind: 'training', name: unique('t'), request, tags: [{ key: 'team', value: 'ml' }] });
      assert.equal(made.status, 'InProgress');
      assert.deepEqual(made.transitions, []);
      assert.deepEqual(made.result, {});
      assert.deepEqual(made.createdAt, clock.now());
      assert.deepEqual(await jobs.get('training', made.name), made);
      assert.equal(await jobs.get('processing', made.name), undefined, 'names are per kind');
    });

    test('a (kind, name) in use is E_JOB_EXISTS; the same name of another kind is not', async () => {
      const n = unique('dup');
      await jobs.create({ kind: 'training', name: n, request: {}, tags: [] });
      await assert.rejects(jobs.create({ kind: 'training', name: n, request: {}, tags: [] }), code('E_JOB_EXISTS'));
      await jobs.create({ kind: 'transform', name: n, request: {}, tags: [] });
    });

    test('update writes the changes given, clears those set to undefined, and moves lastModifiedAt', async () => {
      const n = unique('u');
      await jobs.create({ kind: 'processing', name: n, request: {}, tags: [] });
      clock.t += 5000;
      const start = clock.now();
      const transitions = [{ status: 'Starting', startTime: start, message: 'Preparing the instances for training' }];
      const running = await jobs.update('processing', n, {
        runId: 'run-1',
        startedAt: start,
        secondaryStatus: 'Starting',
        transitions,
        failureReason: 'temporary',
      });
      assert.deepEqual([running.runId, running.startedAt, running.secondaryStatus], ['run-1', start, 'Starting']);
      assert.deepEqual(running.transitions, transitions);
      assert.deepEqual(running.lastModifiedAt, start);
      clock.t += 1000;
      const done = await jobs.update('processing', n, {
        status: 'Completed',
        endedAt: clock.now(),
        failureReason: undefined,
        result: { ExitMessage: 'ok', Numbers: [1, 2] },
      });
      assert.equal(done.failureReason, undefined);
      assert.equal('failureReason' in done, false, 'an absent field is absent, not undefined');
      assert.deepEqual(done.result, { ExitMessage: 'ok', Numbers: [1, 2] });
      assert.deepEqual(done.createdAt, new Date(start.getTime() - 5000));
      assert.deepEqual(await jobs.get('processing', n), done);
    });

    test('update of an unknown job is E_JOB_NOT_FOUND', async () => {
      await assert.rejects(jobs.update('training', unique('none'), { status: 'Failed' }), code('E_JOB_NOT_FOUND'));
    });

    test('list filters by name (literally: _ and % are letters), status and times, newest first', async () => {
      const tag = unique('L').toLowerCase();
      const names = [`${tag}-a_1`, `${tag}-b%2`, `${tag}-c`];
      const times: Date[] = [];
      for (const n of names) {
        clock.t += 60_000;
        times.push(clock.now());
        await jobs.create({ kind: 'transform', name: n, request: {}, tags: [] });
      }
      clock.t += 60_000;
      await jobs.update('transform', names[0], { status: 'Completed' });
      const listed = (q: Parameters<JobCatalog['list']>[1]) => jobs.list('transform', q).then((r) => r.map((j) => j.name));
      assert.deepEqual(await listed({ nameContains: tag }), [names[2], names[1], names[0]]);
      assert.deepEqual(await listed({ nameContains: `${tag}-a_` }), [names[0]]);
      assert.deepEqual(await listed({ nameContains: '%' }), [names[1]]);
      assert.deepEqual(await listed({ nameContains: tag.toUpperCase() }), [], 'the match is case-sensitive');
      assert.deepEqual(await listed({ nameContains: tag, statusEquals: 'Completed' }), [names[0]]);
      assert.deepEqual(await listed({ nameContains: tag, createdAfter: times[0], createdBefore: times[2] }), [names[1]]);
      assert.deepEqual(await listed({ nameContains: tag, modifiedAfter: times[2] }), [names[0]]);
      assert.deepEqual(await listed({ nameContains: tag, modifiedBefore: times[2] }), [names[1]]);
      assert.ok((await jobs.list('training')).every((j) => j.kind === 'training'));
    });

    test('unfinished lists the InProgress and Stopping jobs of every kind, oldest first', async () => {
      const before = new Set((await jobs.unfinished()).map((j) => `${j.kind}/${j.name}`));
      const [a, b, c] = [unique('ua'), unique('ub'), unique('uc')];
      await jobs.create({ kind: 'training', name: a, request: {}, tags: [] });
      clock.t += 1000;
      await jobs.create({ kind: 'processing', name: b, request: {}, tags: [] });
      await jobs.create({ kind: 'transform', name: c, request: {}, tags: [] });
      await jobs.update('processing', b, { status: 'Stopping' });
      await jobs.update('transform', c, { status: 'Stopped' });
      const now = (await jobs.unfinished()).map((j) => `${j.kind}/${j.name}`).filter((k) => !before.has(k));
      assert.deepEqual(now, [`training/${a}`, `processing/${b}`]);
    });
  });
}
