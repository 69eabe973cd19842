/**
 * The contract the monitoring catalog passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh database, on the clock it is given; the suite closes it. Each test uses its
 * own names (suites may share one PostgreSQL database).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../../core/clock.js';
import { code, HandClock, unique } from '../../db/contract-kit.js';
import type { Metadata } from '../../meta/index.js';
import type { MonitoringCatalog, NewExecution } from './schedule-records.js';

const HOUR = 3_600_000;

export function monitoringCatalogContract(
  name: string,
  open: (clock: Clock) => Promise<Metadata>,
  options: { skip?: string } = {},
) {
  describe(`MonitoringCatalog contract: ${name}`, { skip: options.skip }, () => {
    const clock = new HandClock();
    let metadata: Metadata;
    let catalog: MonitoringCatalog;
    before(async () => {
      metadata = await open(clock);
      catalog = metadata.monitoring;
    });
    after(() => metadata?.close());

    const definition = { DataQualityJobInput: { EndpointInput: { EndpointName: 'ep', LocalPath: '/opt/ml/processing/input' } } };

    test('keeps a job definition whole; names are unique across kinds; a definition in use cannot be deleted', async () => {
      const name = unique('def');
      const made = await catalog.createDefinition({
        name,
        type: 'DataQuality',
        endpointName: 'ep',
        definition,
        tags: [{ Key: 'k', Value: 'v' }],
      });
      assert.deepEqual(made.createdAt, clock.now());
      assert.deepEqual(await catalog.getDefinition(name), made);
      assert.ok((await catalog.listDefinitions('DataQuality')).some((d) => d.name === name));
      assert.ok(!(await catalog.listDefinitions('ModelQuality')).some((d) => d.name === name));
      await assert.rejects(catalog.createDefinition({ ...made, type: 'ModelBias' }), code('E_MONITOR_DEFINITION_EXISTS'));
      const schedule = unique('sch');
      await catalog.createSchedule({ name: schedule, type: 'DataQuality', definitionName: name, config: {}, tags: [] });
      await assert.rejects(catalog.deleteDefinition('DataQuality', name), code('E_MONITOR_DEFINITION_IN_USE'));
      await assert.rejects(catalog.deleteDefinition('ModelQuality', name), code('E_MONITOR_DEFINITION_NOT_FOUND'));
      await catalog.deleteSchedule(schedule);
      await catalog.deleteDefinition('DataQuality', name);
      assert.equal(await catalog.getDefinition(name), undefined);
    });

    test('a schedule starts Pending, changes move lastModifiedAt, undefined clears a field, delete frees the name', async () => {
      const name = unique('sch');
      const config = { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' } };
      const made = await catalog.createSchedule({ name, type: 'DataQuality', endpointName: 'ep', config, tags: [] });
      assert.equal(made.status, 'Pending');
      await assert.rejects(
        catalog.createSchedule({ name, type: 'DataQuality', config, tags: [] }),
        code('E_MONITOR_SCHEDULE_EXISTS'),
      );
      clock.t += 1000;
      const failed = await catalog.changeSchedule(name, { status: 'Failed', failureReason: 'why' });
      assert.equal(failed.failureReason, 'why');
      assert.deepEqual(failed.lastModifiedAt, clock.now());
      const again = await catalog.changeSchedule(name, { status: 'Scheduled', failureReason: undefined });
      assert.equal(again.failureReason, undefined);
      assert.deepEqual(await catalog.getSchedule(name), again);
      assert.ok((await catalog.listSchedules()).some((s) => s.name === name && s.status === 'Scheduled'));
      await catalog.deleteSchedule(name);
      await assert.rejects(catalog.deleteSchedule(name), code('E_MONITOR_SCHEDULE_NOT_FOUND'));
      await assert.rejects(catalog.changeSchedule(name, {}), code('E_MONITOR_SCHEDULE_NOT_FOUND'));
    });

    test('an execution runs once per scheduled time, finishes with its event, and is listed newest first', async () => {
      const schedule = unique('sch');
      const endpoint = unique('ep');
      const at = (h: number) => new Date(clock.t + h * HOUR);
      const execution = (h: number): NewExecution => ({
        id: unique('model-monitoring'),
        scheduleName: schedule,
        type: 'DataQuality',
        endpointName: endpoint,
        scheduledTime: at(h),
        windowStart: at(h - 1),
        windowEnd: at(h),
        outputUri: `file:///out/${h}/`,
      });
      const first = await catalog.startExecution(execution(1));
      assert.equal(first?.status, 'InProgress');
      assert.equal(await catalog.startExecution(execution(1)), undefined);
      assert.ok((await catalog.unfinishedExecutions()).some((e) => e.id === first?.id));
      const done = await catalog.finishExecution(
        first?.id as string,
        { status: 'CompletedWithViolations', files: ['file:///out/1/x.json'], violationCount: 2 },
        (r) => ({
          source: 'godwit.monitoring',
          detailType: 'Monitoring Execution Status Change',
          time: clock.now(),
          resources: [],
          detail: { id: r.id, status: r.status },
        }),
      );
      assert.equal(done.violationCount, 2);
      assert.deepEqual(await catalog.getExecution(done.id), done);
      const events = await metadata.outbox.since(undefined, 10_000);
      assert.ok(events.some((e) => e.event.detail.id === done.id && e.event.detail.status === 'CompletedWithViolations'));
      const second = await catalog.startExecution(execution(2));
      assert.deepEqual(
        (await catalog.listExecutions({ scheduleName: schedule })).map((e) => e.id),
        [second?.id, done.id],
      );
      assert.equal((await catalog.listExecutions({ endpointName: endpoint })).length, 2);
      assert.equal((await catalog.lastExecution(schedule))?.id, second?.id);
      assert.ok(!(await catalog.unfinishedExecutions()).some((e) => e.id === done.id));
      await assert.rejects(catalog.finishExecution(unique('none'), {}), code('E_MONITOR_SCHEDULE_NOT_FOUND'));
    });
  });
}
