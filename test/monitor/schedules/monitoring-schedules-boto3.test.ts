import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { lineCountJob } from './line-count-job.js';
import { monitorFixture } from './monitor-fixture.js';

// A user's Model Monitor script as written for SageMaker, with only endpoint_url added (boto3 1.26).
const SCRIPT = `
import json, sys, time, boto3
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
reports = sys.argv[2]
sm.create_data_quality_job_definition(
    JobDefinitionName="abalone-dq",
    DataQualityAppSpecification={"ImageUri": "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"},
    DataQualityJobInput={"EndpointInput": {"EndpointName": "abalone", "LocalPath": "/opt/ml/processing/input/endpoint"}},
    DataQualityJobOutputConfig={"MonitoringOutputs": [{"S3Output": {"S3Uri": reports, "LocalPath": "/opt/ml/processing/output"}}]},
    JobResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 20}},
    RoleArn="arn:aws:iam::000000000000:role/monitor")
arn = sm.create_monitoring_schedule(MonitoringScheduleName="abalone-hourly", MonitoringScheduleConfig={
    "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
    "MonitoringJobDefinitionName": "abalone-dq", "MonitoringType": "DataQuality"})["MonitoringScheduleArn"]
deadline = time.time() + 60
while True:
    pages = sm.get_paginator("list_monitoring_executions").paginate(
        MonitoringScheduleName="abalone-hourly", PaginationConfig={"PageSize": 1})
    done = [e for p in pages for e in p["MonitoringExecutionSummaries"]
            if e["MonitoringExecutionStatus"] in ("Completed", "CompletedWithViolations")]
    if len(done) >= 2 or time.time() > deadline:
        break
    time.sleep(0.05)
described = sm.describe_monitoring_schedule(MonitoringScheduleName="abalone-hourly")
job = sm.describe_processing_job(ProcessingJobName=done[0]["ProcessingJobArn"].split("/")[-1])
try:
    sm.describe_monitoring_schedule(MonitoringScheduleName="ghost")
    missing = None
except sm.exceptions.ResourceNotFound as e:
    missing = e.response["Error"]["Code"]
sm.stop_monitoring_schedule(MonitoringScheduleName="abalone-hourly")
stopped = sm.describe_monitoring_schedule(MonitoringScheduleName="abalone-hourly")["MonitoringScheduleStatus"]
sm.delete_monitoring_schedule(MonitoringScheduleName="abalone-hourly")
sm.delete_data_quality_job_definition(JobDefinitionName="abalone-dq")
print(json.dumps({"arn": arn, "done": len(done), "status": described["MonitoringScheduleStatus"],
                  "last": described["LastMonitoringExecutionSummary"]["MonitoringExecutionStatus"],
                  "hourly": all(e["ScheduledTime"].minute == 0 for e in done),
                  "job": job["ProcessingJobStatus"], "missing": missing, "stopped": stopped,
                  "left": sm.list_monitoring_schedules()["MonitoringScheduleSummaries"]}))
`;

describe('Model Monitor schedules through boto3 1.26', { skip }, () => {
  let f: Awaited<ReturnType<typeof monitorFixture>>;
  let stop = false;
  let traffic: Promise<void>;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    f = await monitorFixture({ DataQuality: async () => lineCountJob });
    await f.endpoint('abalone');
    traffic = (async () => {
      for (let n = 0; !stop; n++) {
        await f.invoke('abalone', n % 5, 2);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
  });
  after(async () => {
    stop = true;
    await traffic;
    await f?.close();
  });

  test('a job definition and an hourly schedule: executions page by page, the processing job, stop and delete', async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, f.server.url, f.reportsUri], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d) => {
      out += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const result = JSON.parse(out);
    assert.equal(result.arn, 'arn:aws:sagemaker:us-east-1:000000000000:monitoring-schedule/abalone-hourly');
    assert.ok(result.done >= 2, out);
    assert.equal(result.status, 'Scheduled');
    assert.match(result.last, /^(InProgress|Completed|CompletedWithViolations)$/);
    assert.equal(result.hourly, true);
    assert.equal(result.job, 'Completed');
    assert.equal(result.missing, 'ResourceNotFound');
    assert.equal(result.stopped, 'Stopped');
    assert.deepEqual(result.left, []);
  });
});
