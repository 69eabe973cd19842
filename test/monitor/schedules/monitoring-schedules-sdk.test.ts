/**
 * Monitoring schedules end to end through the official SageMaker and CloudWatch clients against a
 * real server whose clock runs an hour a second: an hourly data-quality schedule runs a real job
 * (tests/…/line-count-job.ts) over the endpoint's data capture each hour, records executions with
 * processing jobs, writes files, publishes events and metrics an alarm watches; a kind that throws
 * fails its executions and its schedule keeps running; a NOW schedule runs once over its window.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DescribeAlarmsCommand, GetMetricStatisticsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateDataQualityJobDefinitionCommand,
  CreateModelBiasJobDefinitionCommand,
  CreateModelQualityJobDefinitionCommand,
  CreateMonitoringScheduleCommand,
  DeleteDataQualityJobDefinitionCommand,
  DeleteMonitoringScheduleCommand,
  DescribeDataQualityJobDefinitionCommand,
  DescribeModelQualityJobDefinitionCommand,
  DescribeMonitoringScheduleCommand,
  DescribeProcessingJobCommand,
  ListDataQualityJobDefinitionsCommand,
  ListModelQualityJobDefinitionsCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  type MonitoringExecutionSummary,
  StartMonitoringScheduleCommand,
  StopMonitoringScheduleCommand,
  UpdateMonitoringScheduleCommand,
} from '@aws-sdk/client-sagemaker';
import { systemClock } from '../../../src/core/clock.js';
import { openMetadata } from '../../../src/meta/index.js';
import { countCaptured, lineCountJob, throwingJob } from './line-count-job.js';
import { dataQualityDefinition, monitorFixture, ROLE } from './monitor-fixture.js';

const HOUR = 3_600_000;
const FINISHED = new Set(['Completed', 'CompletedWithViolations', 'Failed']);

describe('monitoring schedules through the SageMaker SDK, on a clock an hour a second', () => {
  let f: Awaited<ReturnType<typeof monitorFixture>>;
  let traffic: Promise<number>;
  let stopTraffic = false;
  before(async () => {
    f = await monitorFixture({ DataQuality: async () => lineCountJob, ModelQuality: async () => throwingJob });
    await f.endpoint('churn');
    // Requests keep coming, a few a simulated minute, for as long as the tests run.
    traffic = (async () => {
      let n = 0;
      while (!stopTraffic) {
        await f.invoke('churn', n % 7, 1);
        n++;
        await new Promise((r) => setTimeout(r, 15));
      }
      return n;
    })();
  });
  after(async () => {
    stopTraffic = true;
    await traffic;
    await f?.close();
  });

  const executions = (schedule: string) =>
    f.sm
      .send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: schedule, SortOrder: 'Ascending', MaxResults: 100 }))
      .then((r) => r.MonitoringExecutionSummaries ?? []);

  test('an hourly schedule on a job definition runs each hour over the hour before, with files, processing jobs, metrics and events', async () => {
    const made = await f.sm.send(
      new CreateDataQualityJobDefinitionCommand(dataQualityDefinition('churn-dq', 'churn', f.reportsUri)),
    );
    assert.match(made.JobDefinitionArn ?? '', /:data-quality-job-definition\/churn-dq$/);
    const d = await f.sm.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: 'churn-dq' }));
    assert.equal(d.DataQualityJobInput?.EndpointInput?.EndpointName, 'churn');
    assert.equal(d.RoleArn, ROLE);
    const listed = await f.sm.send(new ListDataQualityJobDefinitionsCommand({ EndpointName: 'churn' }));
    assert.deepEqual(
      listed.JobDefinitionSummaries?.map((s) => s.MonitoringJobDefinitionName),
      ['churn-dq'],
    );

    await f.sm.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: 'churn-hourly',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringJobDefinitionName: 'churn-dq',
          MonitoringType: 'DataQuality',
        },
      }),
    );
    const ran = await f.until(
      'three finished executions',
      () => executions('churn-hourly'),
      (es) => es.filter((e) => FINISHED.has(e.MonitoringExecutionStatus ?? '')).length >= 3,
    );
    const done = ran.filter((e) => FINISHED.has(e.MonitoringExecutionStatus ?? '')).slice(0, 3);
    const times = done.map((e) => (e.ScheduledTime as Date).getTime());
    for (const t of times) assert.equal(t % HOUR, 0, 'on the hour');
    assert.deepEqual(
      times.slice(1).map((t, i) => t - times[i]),
      [HOUR, HOUR],
      'consecutive hours, none skipped',
    );
    for (const e of done) await checkExecution(e);

    const described = await f.sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-hourly' }));
    assert.equal(described.MonitoringScheduleStatus, 'Scheduled');
    assert.equal(described.EndpointName, 'churn');
    assert.equal(described.MonitoringType, 'DataQuality');
    assert.ok(described.LastMonitoringExecutionSummary?.ScheduledTime);

    // Metrics in Model Monitor's namespace with its dimensions.
    // Capture reaches its files up to a real second (an hour here) after the requests, so the
    // first windows may be read before their records land; a later one has them.
    const stats = () =>
      f.cw
        .send(
          new GetMetricStatisticsCommand({
            Namespace: '/aws/sagemaker/Endpoints/data-metric',
            MetricName: 'feature_non_null_records',
            Dimensions: [
              { Name: 'EndpointName', Value: 'churn' },
              { Name: 'ScheduleName', Value: 'churn-hourly' },
            ],
            StartTime: new Date(times[0] - HOUR),
            EndTime: new Date(f.clock.now().getTime() + HOUR),
            Period: 3600,
            Statistics: ['Sum', 'SampleCount'],
          }),
        )
        .then((r) => r.Datapoints ?? []);
    const points = await f.until('a datapoint of a window with records', stats, (dps) => dps.some((p) => (p.Sum ?? 0) > 0));
    assert.ok(points.reduce((n, p) => n + (p.SampleCount ?? 0), 0) >= 3);

    // Events on the outbox, one per finished execution.
    const metadata = await openMetadata(f.home, systemClock, {});
    try {
      const events = (await metadata.outbox.since(undefined, 1000))
        .map((e) => e.event)
        .filter((e) => e.source === 'godwit.monitoring');
      for (const e of done) {
        // Events name resources in the local cloud's default region, the client asked in its own.
        const job = e.ProcessingJobArn?.split('/').pop();
        const event = events.find((x) => String(x.detail.ProcessingJobArn).endsWith(`/${job}`));
        assert.equal(event?.['detail-type'], 'Monitoring Execution Status Change');
        assert.equal(event?.detail.MonitoringExecutionStatus, e.MonitoringExecutionStatus);
      }
    } finally {
      await metadata.close();
    }
  });

  async function checkExecution(e: MonitoringExecutionSummary) {
    const scheduled = e.ScheduledTime as Date;
    assert.equal(e.EndpointName, 'churn');
    assert.equal(e.MonitoringJobDefinitionName, 'churn-dq');
    assert.equal(e.MonitoringType, 'DataQuality');
    const job = await f.sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: e.ProcessingJobArn?.split('/').pop() }));
    assert.equal(job.ProcessingJobStatus, 'Completed');
    assert.equal(job.Environment?.start_time, new Date(scheduled.getTime() - HOUR).toISOString());
    assert.equal(job.Environment?.end_time, scheduled.toISOString());
    // The report folder is Model Monitor's <S3Uri>/<endpoint>/<schedule>/yyyy/mm/dd/hh/.
    const hour = scheduled.toISOString().slice(0, 13).replace(/[-T]/g, '/');
    const folder = join(fileURLToPath(f.reportsUri), 'churn', 'churn-hourly', hour);
    assert.equal(job.ProcessingOutputConfig?.Outputs?.[0].S3Output?.S3Uri, `${f.reportsUri}churn/churn-hourly/${hour}/`);
    const counts = JSON.parse(await readFile(join(folder, 'counts.json'), 'utf8'));
    assert.equal(counts.start, new Date(scheduled.getTime() - HOUR).toISOString());
    assert.equal(counts.end, scheduled.toISOString());
    assert.equal(e.MonitoringExecutionStatus, counts.records > 0 ? 'CompletedWithViolations' : 'Completed');
  }

  test('an alarm on feature_baseline_drift_<f> goes to ALARM when executions report drift', async () => {
    await f.cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'churn-drift',
        Namespace: '/aws/sagemaker/Endpoints/data-metric',
        MetricName: 'feature_baseline_drift_records',
        Dimensions: [
          { Name: 'EndpointName', Value: 'churn' },
          { Name: 'ScheduleName', Value: 'churn-hourly' },
        ],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0.1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'ignore',
      }),
    );
    await f.until(
      'the drift alarm',
      () => f.cw.send(new DescribeAlarmsCommand({ AlarmNames: ['churn-drift'] })).then((r) => r.MetricAlarms?.[0]?.StateValue),
      (state) => state === 'ALARM',
    );
  });

  test('a job that throws fails its executions with the reason, and the schedule keeps running', async () => {
    const definition = { ...dataQualityDefinition('unused', 'churn', f.reportsUri) };
    await f.sm.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: 'churn-quality',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringType: 'ModelQuality',
          MonitoringJobDefinition: {
            MonitoringInputs: [{ EndpointInput: definition.DataQualityJobInput.EndpointInput }],
            MonitoringOutputConfig: definition.DataQualityJobOutputConfig,
            MonitoringResources: definition.JobResources,
            MonitoringAppSpecification: { ImageUri: 'model-monitor' },
            RoleArn: ROLE,
          },
        },
      }),
    );
    const es = await f.until(
      'two failed executions',
      () => executions('churn-quality'),
      (list) => list.filter((e) => e.MonitoringExecutionStatus === 'Failed').length >= 2,
    );
    const failed = es.filter((e) => e.MonitoringExecutionStatus === 'Failed');
    assert.match(failed[0].FailureReason ?? '', /^E_INTERNAL: ground truth could not be merged/);
    const job = await f.sm.send(
      new DescribeProcessingJobCommand({ ProcessingJobName: failed[0].ProcessingJobArn?.split('/').pop() }),
    );
    assert.equal(job.ProcessingJobStatus, 'Failed');
    assert.match(job.FailureReason ?? '', /ground truth could not be merged/);
    const d = await f.sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-quality' }));
    assert.equal(d.MonitoringScheduleStatus, 'Scheduled');
    await f.sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-quality' }));
    // SageMaker keeps a deleted schedule's executions.
    assert.ok((await executions('churn-quality')).length >= 2);
  });

  test('stop holds a schedule (no new executions), start runs it again from its next hour', async () => {
    await f.sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-hourly' }));
    const d = await f.sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-hourly' }));
    assert.equal(d.MonitoringScheduleStatus, 'Stopped');
    const stoppedAt = f.clock.now().getTime();
    await new Promise((r) => setTimeout(r, 3000)); // three simulated hours
    const before = (await executions('churn-hourly')).filter((e) => (e.ScheduledTime as Date).getTime() > stoppedAt + HOUR);
    assert.deepEqual(before, [], 'nothing ran while stopped (an execution under way when it stopped may finish)');
    await f.sm.send(new StartMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-hourly' }));
    const restartedAt = f.clock.now().getTime();
    await f.until(
      'an execution after the restart',
      () => executions('churn-hourly'),
      (es) =>
        es.some((e) => (e.ScheduledTime as Date).getTime() > restartedAt && FINISHED.has(e.MonitoringExecutionStatus ?? '')),
    );
    // Missed hours are not backfilled.
    const all = await executions('churn-hourly');
    assert.ok(
      !all.some(
        (e) => (e.ScheduledTime as Date).getTime() > stoppedAt + HOUR && (e.ScheduledTime as Date).getTime() <= restartedAt,
      ),
    );
  });

  test('a NOW schedule runs once, over DataAnalysisStartTime to DataAnalysisEndTime, and counts every captured request in it', async () => {
    await f.sm.send(new CreateDataQualityJobDefinitionCommand(dataQualityDefinition('churn-dq-once', 'churn', f.reportsUri)));
    await f.sm.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: 'churn-once',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT4H', DataAnalysisEndTime: '-PT2H' },
          MonitoringJobDefinitionName: 'churn-dq-once',
          MonitoringType: 'DataQuality',
        },
      }),
    );
    const [e] = await f.until(
      'the one execution',
      () => executions('churn-once'),
      (es) => es.some((x) => FINISHED.has(x.MonitoringExecutionStatus ?? '')),
    );
    await new Promise((r) => setTimeout(r, 1500)); // more hours pass; a NOW schedule does not run again
    assert.equal((await executions('churn-once')).length, 1);
    const scheduled = (e.ScheduledTime as Date).getTime();
    const job = await f.sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: e.ProcessingJobArn?.split('/').pop() }));
    assert.equal(job.Environment?.start_time, new Date(scheduled - 4 * HOUR).toISOString());
    assert.equal(job.Environment?.end_time, new Date(scheduled - 2 * HOUR).toISOString());
    // Everything captured in a window that ended two hours (two real seconds, twice capture's flush interval) before has been written: the job counted it all.
    const hour = new Date(scheduled).toISOString().slice(0, 13).replace(/[-T]/g, '/');
    const counts = JSON.parse(
      await readFile(join(fileURLToPath(f.reportsUri), 'churn', 'churn-once', hour, 'counts.json'), 'utf8'),
    );
    const truth = await countCaptured(f.captureUri, 'churn', new Date(scheduled - 4 * HOUR), new Date(scheduled - 2 * HOUR));
    assert.ok(truth.records > 0);
    assert.equal(counts.records, truth.records);
    await assert.rejects(
      f.sm.send(new DeleteDataQualityJobDefinitionCommand({ JobDefinitionName: 'churn-dq-once' })),
      (err: Error) => err.name === 'ResourceInUse',
    );
  });

  test("refuses what SageMaker refuses, in SageMaker's error types", async () => {
    const config = (extra: object) => ({
      MonitoringScheduleName: 'bad',
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
        MonitoringJobDefinitionName: 'churn-dq',
        MonitoringType: 'DataQuality' as const,
        ...extra,
      },
    });
    const rejects = (p: Promise<unknown>, name: string, message: RegExp) =>
      assert.rejects(p, (err: Error) => err.name === name && message.test(err.message));
    await rejects(
      f.sm.send(new CreateMonitoringScheduleCommand(config({ ScheduleConfig: { ScheduleExpression: 'cron(15 * ? * * *)' } }))),
      'ValidationException',
      /Invalid ScheduleExpression "cron\(15 \* \? \* \* \*\)"/,
    );
    await rejects(
      f.sm.send(new CreateMonitoringScheduleCommand(config({ ScheduleConfig: { ScheduleExpression: 'NOW' } }))),
      'ValidationException',
      /DataAnalysisStartTime/,
    );
    await rejects(
      f.sm.send(new CreateMonitoringScheduleCommand(config({ MonitoringJobDefinitionName: 'nope' }))),
      'ResourceNotFound',
      /DataQuality job definition "nope"/,
    );
    await rejects(
      f.sm.send(new CreateDataQualityJobDefinitionCommand(dataQualityDefinition('ghost', 'no-such-endpoint', f.reportsUri))),
      'ValidationException',
      /Could not find endpoint "no-such-endpoint"/,
    );
    await rejects(
      f.sm.send(new CreateMonitoringScheduleCommand({ ...config({}), MonitoringScheduleName: 'churn-hourly' })),
      'ResourceInUse',
      /"churn-hourly" already exists/,
    );
    await rejects(
      f.sm.send(new CreateDataQualityJobDefinitionCommand(dataQualityDefinition('churn-dq', 'churn', f.reportsUri))),
      'ResourceInUse',
      /"churn-dq" already exists/,
    );
    await rejects(
      f.sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'nope' })),
      'ResourceNotFound',
      /Could not find monitoring schedule "nope"/,
    );
    await rejects(
      f.sm.send(new CreateMonitoringScheduleCommand({ ...config({}), MonitoringScheduleName: 'bad_name' })),
      'ValidationException',
      /monitoringScheduleName/,
    );
    const page = await f.sm.send(new ListMonitoringSchedulesCommand({ MaxResults: 1, SortBy: 'Name', SortOrder: 'Ascending' }));
    assert.equal(page.MonitoringScheduleSummaries?.length, 1);
    const next = await f.sm.send(
      new ListMonitoringSchedulesCommand({ MaxResults: 1, SortBy: 'Name', SortOrder: 'Ascending', NextToken: page.NextToken }),
    );
    assert.notEqual(
      next.MonitoringScheduleSummaries?.[0].MonitoringScheduleName,
      page.MonitoringScheduleSummaries?.[0].MonitoringScheduleName,
    );
    const byType = await f.sm.send(
      new ListMonitoringSchedulesCommand({ MonitoringTypeEquals: 'DataQuality', EndpointName: 'churn' }),
    );
    assert.ok(byType.MonitoringScheduleSummaries?.every((s) => s.MonitoringType === 'DataQuality'));
  });

  test('the other kinds: model quality needs its ground truth, bias its analysis config; UpdateMonitoringSchedule swaps the job', async () => {
    const base = dataQualityDefinition('x', 'churn', f.reportsUri);
    const quality = {
      JobDefinitionName: 'churn-mq',
      ModelQualityAppSpecification: { ImageUri: 'model-monitor', ProblemType: 'Regression' as const },
      ModelQualityJobInput: {
        EndpointInput: {
          ...base.DataQualityJobInput.EndpointInput,
          InferenceAttribute: '0',
          StartTimeOffset: '-PT2H',
          EndTimeOffset: '-PT1H',
        },
        GroundTruthS3Input: { S3Uri: 's3://ground-truth/churn' },
      },
      ModelQualityJobOutputConfig: base.DataQualityJobOutputConfig,
      JobResources: base.JobResources,
      RoleArn: ROLE,
    };
    await assert.rejects(
      f.sm.send(
        new CreateModelQualityJobDefinitionCommand({
          ...quality,
          ModelQualityJobInput: { ...quality.ModelQualityJobInput, GroundTruthS3Input: {} },
        }),
      ),
      (err: Error) => err.name === 'ValidationException' && /GroundTruthS3Input\.S3Uri/.test(err.message),
    );
    await f.sm.send(new CreateModelQualityJobDefinitionCommand(quality));
    const d = await f.sm.send(new DescribeModelQualityJobDefinitionCommand({ JobDefinitionName: 'churn-mq' }));
    assert.equal(d.ModelQualityAppSpecification?.ProblemType, 'Regression');
    assert.match(d.JobDefinitionArn ?? '', /:model-quality-job-definition\/churn-mq$/);
    const listed = await f.sm.send(new ListModelQualityJobDefinitionsCommand({}));
    assert.deepEqual(
      listed.JobDefinitionSummaries?.map((x) => x.MonitoringJobDefinitionName),
      ['churn-mq'],
    );
    await assert.rejects(
      f.sm.send(
        new CreateModelBiasJobDefinitionCommand({
          JobDefinitionName: 'churn-bias',
          ModelBiasAppSpecification: { ImageUri: 'clarify', ConfigUri: '' },
          ModelBiasJobInput: { EndpointInput: base.DataQualityJobInput.EndpointInput, GroundTruthS3Input: { S3Uri: 's3://gt' } },
          ModelBiasJobOutputConfig: base.DataQualityJobOutputConfig,
          JobResources: base.JobResources,
          RoleArn: ROLE,
        }),
      ),
      (err: Error) => err.name === 'ValidationException' && /ConfigUri/.test(err.message),
    );

    // A schedule moved to the model-quality definition runs that kind over its offsets' window.
    await f.sm.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: 'churn-switch',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringJobDefinitionName: 'churn-dq',
          MonitoringType: 'DataQuality',
        },
      }),
    );
    await f.sm.send(
      new UpdateMonitoringScheduleCommand({
        MonitoringScheduleName: 'churn-switch',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringJobDefinitionName: 'churn-mq',
          MonitoringType: 'ModelQuality',
        },
      }),
    );
    const [e] = await f.until(
      'an execution of the model-quality job',
      () => executions('churn-switch'),
      (es) => es.some((x) => x.MonitoringExecutionStatus === 'Failed'),
    );
    assert.equal(e.MonitoringType, 'ModelQuality');
    assert.equal(e.MonitoringJobDefinitionName, 'churn-mq');
    const job = await f.sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: e.ProcessingJobArn?.split('/').pop() }));
    assert.equal(job.Environment?.start_time, new Date((e.ScheduledTime as Date).getTime() - 2 * HOUR).toISOString());
    const byType = await f.sm.send(
      new ListMonitoringExecutionsCommand({
        MonitoringTypeEquals: 'ModelQuality',
        StatusEquals: 'Failed',
        EndpointName: 'churn',
      }),
    );
    assert.ok(byType.MonitoringExecutionSummaries?.some((x) => x.MonitoringScheduleName === 'churn-switch'));
    assert.ok(
      byType.MonitoringExecutionSummaries?.every(
        (x) => x.MonitoringType === 'ModelQuality' && x.MonitoringExecutionStatus === 'Failed',
      ),
    );
    await f.sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-switch' }));
  });
});
