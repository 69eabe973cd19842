/**
 * The contract the experiment catalog passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh database, on the clock it is given; the suite closes it. Each test uses its
 * own names (suites may share one PostgreSQL database).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../core/clock.js';
import { code, HandClock, unique } from '../db/contract-kit.js';
import type { Metadata } from '../meta/index.js';
import type { ExperimentCatalog, NewExperimentRecord } from './experiment-records.js';

const HOUR = 3_600_000;

export function experimentCatalogContract(
  name: string,
  open: (clock: Clock) => Promise<Metadata>,
  options: { skip?: string } = {},
) {
  describe(`ExperimentCatalog contract: ${name}`, { skip: options.skip }, () => {
    const clock = new HandClock();
    let metadata: Metadata;
    let catalog: ExperimentCatalog;
    before(async () => {
      metadata = await open(clock);
      catalog = metadata.experiments;
    });
    after(() => metadata?.close());

    const experiment = (
      endpointName: string,
      fromHour: number,
      toHour: number,
      extra: Partial<NewExperimentRecord> = {},
    ): NewExperimentRecord => ({
      name: unique('exp'),
      type: 'ShadowMode',
      roleArn: 'arn:aws:iam::000000000000:role/r',
      endpointName,
      modelVariants: [
        { variantName: 'AllTraffic', modelName: 'm1', instanceType: 'ml.m5.xlarge', instanceCount: 1 },
        { variantName: 'Shadow', modelName: 'm2', instanceType: 'ml.m5.xlarge', instanceCount: 2 },
      ],
      productionVariant: 'AllTraffic',
      shadowVariant: 'Shadow',
      samplingPercentage: 40,
      startTime: new Date(clock.t + fromHour * HOUR),
      endTime: new Date(clock.t + toHour * HOUR),
      tags: [{ Key: 'team', Value: 'ml' }],
      ...extra,
    });

    test('keeps an experiment whole, with its times as dates; refuses a name in use', async () => {
      const input = experiment(unique('ep'), 0, 2, {
        description: 'd',
        dataStorage: { destination: 's3://b/p', csvContentTypes: ['text/csv'], jsonContentTypes: [] },
      });
      const made = await catalog.create(input);
      assert.equal(made.status, 'Created');
      assert.deepEqual(made.createdAt, clock.now());
      assert.deepEqual(await catalog.get(input.name), made);
      assert.ok((await catalog.list()).some((e) => e.name === input.name));
      await assert.rejects(catalog.create({ ...input, endpointName: unique('ep') }), code('E_EXPERIMENT_EXISTS'));
      assert.equal(await catalog.get(unique('none')), undefined);
    });

    test('refuses an overlapping unfinished experiment on the same endpoint, not on another or after it ends', async () => {
      const endpoint = unique('ep');
      const first = await catalog.create(experiment(endpoint, 1, 3));
      await assert.rejects(catalog.create(experiment(endpoint, 2, 4)), code('E_EXPERIMENT_OVERLAP'));
      await assert.rejects(catalog.create(experiment(endpoint, 0, 5)), code('E_EXPERIMENT_OVERLAP'));
      await catalog.create(experiment(endpoint, 3, 4)); // touching is not overlapping
      await catalog.create(experiment(unique('ep'), 1, 3));
      await catalog.change(first.name, ['Created'], { status: 'Cancelled' });
      await catalog.create(experiment(endpoint, 1, 2)); // a finished one no longer holds its days
    });

    test('changes by compare and set on the status, moves lastModifiedAt, clears a field given undefined', async () => {
      const made = await catalog.create(experiment(unique('ep'), 0, 1));
      clock.t += 1000;
      const started = await catalog.change(made.name, ['Created'], { status: 'Starting', statusReason: 'why' });
      assert.equal(started.status, 'Starting');
      assert.deepEqual(started.lastModifiedAt, clock.now());
      await assert.rejects(catalog.change(made.name, ['Created'], { status: 'Cancelled' }), code('E_EXPERIMENT_STATE'));
      const running = await catalog.change(made.name, ['Starting'], {
        status: 'Running',
        runningSince: clock.now(),
        statusReason: undefined,
      });
      assert.equal(running.statusReason, undefined);
      assert.deepEqual((await catalog.get(made.name))?.runningSince, clock.now());
      assert.ok((await catalog.unfinished()).some((e) => e.name === made.name));
      await assert.rejects(catalog.delete(made.name), code('E_EXPERIMENT_STATE'));
      await catalog.change(made.name, ['Running'], { status: 'Completed', completionTime: clock.now() });
      assert.ok(!(await catalog.unfinished()).some((e) => e.name === made.name));
      await catalog.delete(made.name);
      assert.equal(await catalog.get(made.name), undefined);
      await assert.rejects(catalog.delete(made.name), code('E_EXPERIMENT_NOT_FOUND'));
      await assert.rejects(catalog.change(made.name, ['Completed'], {}), code('E_EXPERIMENT_NOT_FOUND'));
    });
  });
}
