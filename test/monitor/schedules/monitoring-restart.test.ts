/**
 * What a schedule does across a server restart, as SageMaker does it: periods that fell while no
 * server ran are not backfilled, the schedule goes on from its next period, and an execution the
 * earlier server left InProgress is recorded Failed with the reason.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateDataQualityJobDefinitionCommand,
  CreateMonitoringScheduleCommand,
  ListMonitoringExecutionsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { systemClock } from '../../../src/core/clock.js';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import { openMetadata } from '../../../src/meta/index.js';
import { startServer } from '../../../src/server/start-server.js';
import { lineCountJob } from './line-count-job.js';
import { dataQualityDefinition, monitorFixture, region } from './monitor-fixture.js';

const HOUR = 3_600_000;
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };

test('after a restart, missed hours are not run, the schedule goes on, a leftover execution is Failed', async () => {
  const jobs = { DataQuality: async () => lineCountJob };
  const f = await monitorFixture(jobs);
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await f.endpoint('restarting');
    await f.sm.send(
      new CreateDataQualityJobDefinitionCommand(dataQualityDefinition('restarting-dq', 'restarting', f.reportsUri)),
    );
    await f.sm.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: 'restarting-hourly',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringJobDefinitionName: 'restarting-dq',
          MonitoringType: 'DataQuality',
        },
      }),
    );
    const list = (sm: SageMakerClient) =>
      sm
        .send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: 'restarting-hourly', MaxResults: 100 }))
        .then((r) => r.MonitoringExecutionSummaries ?? []);
    await f.until(
      'a first execution',
      () => list(f.sm),
      (es) => es.some((e) => e.MonitoringExecutionStatus === 'Completed'),
    );
    await f.server.stop();
    const stoppedAt = f.clock.now().getTime();

    // What a server killed mid-run leaves behind.
    const metadata = await openMetadata(f.home, systemClock, {});
    const leftoverAt = new Date(Math.floor(stoppedAt / HOUR) * HOUR + HOUR);
    await metadata.monitoring.startExecution({
      id: 'model-monitoring-leftover',
      scheduleName: 'restarting-hourly',
      type: 'DataQuality',
      endpointName: 'restarting',
      scheduledTime: leftoverAt,
      windowStart: new Date(leftoverAt.getTime() - HOUR),
      windowEnd: leftoverAt,
      outputUri: f.reportsUri,
    });
    await metadata.close();

    // The machine was off for five hours.
    const restartAt = stoppedAt + 5 * HOUR;
    second = await startServer(f.home, {
      host: '127.0.0.1',
      port: 0,
      log: (l) => f.lines.push(l),
      endpointTickMs: 25,
      clock: scaledClock(3600, new Date(restartAt)),
      monitoringJobs: jobs,
    });
    const sm = new SageMakerClient({ endpoint: second.url, region, credentials });
    try {
      const es = await f.until(
        'an execution after the restart',
        () => list(sm),
        (all) => all.some((e) => (e.ScheduledTime as Date).getTime() > restartAt && e.MonitoringExecutionStatus === 'Completed'),
      );
      const leftover = es.find((e) => e.ProcessingJobArn?.endsWith('/model-monitoring-leftover'));
      assert.equal(leftover?.MonitoringExecutionStatus, 'Failed');
      assert.match(leftover?.FailureReason ?? '', /^E_MONITOR_INTERRUPTED: The server stopped while this execution ran/);
      const missed = es.filter((e) => {
        const t = (e.ScheduledTime as Date).getTime();
        return t > leftoverAt.getTime() && t <= restartAt;
      });
      assert.deepEqual(missed, [], 'no backfill of the hours the server was down');
    } finally {
      sm.destroy();
    }
  } finally {
    f.sm.destroy();
    f.runtime.destroy();
    f.cw.destroy();
    if (second) await second.stop();
    else await f.server.stop().catch(() => {});
  }
});
