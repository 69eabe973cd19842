/**
 * The issue's end-to-end check, on the abalone demo's data: an endpoint serving a linear model
 * over the seven abalone measurements captures its traffic; the baseline is the training rows'
 * statistics and suggested constraints; a data-quality schedule (SageMaker's API, the official
 * client) checks the captured window. Traffic from the held-out rows passes; the same rows with
 * Height (`_c2`) multiplied by 1.5 give `baseline_drift_check` for `_c2` and no other violation.
 * The execution's folder is what `godwit monitor report` reads.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CreateDataQualityJobDefinitionCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateMonitoringScheduleCommand,
  DescribeProcessingJobCommand,
  ListMonitoringExecutionsCommand,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { suggestConstraints } from '../../../src/monitor/data-quality/check/index.js';
import { dataQuality } from '../../../src/monitor/data-quality/index.js';
import { profileDataset, statisticsText } from '../../../src/monitor/data-quality/profile/index.js';
import { cli } from '../../cli/capture.js';
import { linearModelDir } from '../../serving/model-fixtures.js';
import { dataQualityDefinition, monitorFixture } from '../schedules/monitor-fixture.js';

const ABALONE = fileURLToPath(new URL('../../../examples/abalone/data/abalone.csv', import.meta.url));
const FINISHED = new Set(['Completed', 'CompletedWithViolations', 'Failed']);
const SHIFTED = 2; // Height

/** The seven measurements of each abalone (Sex and the ring count left out), as the endpoint takes them. */
const rows = readFileSync(ABALONE, 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split(',').slice(1, 8).map(Number));
const train = rows.slice(0, 3000);
const heldOut = rows.slice(3000, 3400);

describe('the abalone endpoint under a data-quality schedule', () => {
  // A simulated minute per real second: each phase's traffic fits in a window of a few minutes.
  let f: Awaited<ReturnType<typeof monitorFixture>>;
  let baseline: { statisticsUri: string; constraintsUri: string };
  before(async () => {
    f = await monitorFixture({ DataQuality: async () => dataQuality }, 60);
    baseline = await writeBaseline(join(f.root, 'baseline'));
    const model = `${pathToFileURL(linearModelDir(f.root, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], 3, 'abalone-model')).href}/`;
    await f.sm.send(
      new CreateModelCommand({ ModelName: 'abalone', PrimaryContainer: { Image: 'godwit/linear-learner', ModelDataUrl: model } }),
    );
    await f.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'abalone-config',
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: 'abalone', InitialInstanceCount: 1, InitialVariantWeight: 1 },
        ],
        DataCaptureConfig: {
          EnableCapture: true,
          InitialSamplingPercentage: 100,
          DestinationS3Uri: f.captureUri,
          CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
          CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'] },
        },
      }),
    );
    await f.sm.send(new CreateEndpointCommand({ EndpointName: 'abalone', EndpointConfigName: 'abalone-config' }));
    await waitUntilEndpointInService({ client: f.sm, minDelay: 1, maxDelay: 1, maxWaitTime: 60 }, { EndpointName: 'abalone' });
  });
  after(async () => {
    await f?.close();
  });

  /** Sends each row, waits for the capture to be written, runs a NOW schedule over the traffic just sent. */
  async function checkTraffic(name: string, traffic: readonly number[][]) {
    const began = f.clock.now().getTime();
    for (const row of traffic)
      await f.runtime.send(
        new InvokeEndpointCommand({ EndpointName: 'abalone', ContentType: 'text/csv', Body: Buffer.from(`${row.join(',')}\n`) }),
      );
    await new Promise((r) => setTimeout(r, 1500));
    const minutes = Math.ceil((f.clock.now().getTime() - began) / 60_000) + 1;
    await f.sm.send(
      new CreateDataQualityJobDefinitionCommand({
        ...dataQualityDefinition(`${name}-dq`, 'abalone', f.reportsUri),
        DataQualityBaselineConfig: {
          StatisticsResource: { S3Uri: baseline.statisticsUri },
          ConstraintsResource: { S3Uri: baseline.constraintsUri },
        },
      }),
    );
    await f.sm.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: name,
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: `-PT${minutes}M`, DataAnalysisEndTime: '-PT0M' },
          MonitoringJobDefinitionName: `${name}-dq`,
          MonitoringType: 'DataQuality',
        },
      }),
    );
    const [e] = await f.until(
      `${name}'s execution`,
      () =>
        f.sm
          .send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: name }))
          .then((r) => r.MonitoringExecutionSummaries ?? []),
      (es) => es.some((x) => FINISHED.has(x.MonitoringExecutionStatus ?? '')),
    );
    const job = await f.sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: e!.ProcessingJobArn?.split('/').pop() }));
    const folder = fileURLToPath(job.ProcessingOutputConfig?.Outputs?.[0].S3Output?.S3Uri ?? '');
    const statistics = JSON.parse(readFileSync(join(folder, 'statistics.json'), 'utf8'));
    const { violations } = JSON.parse(readFileSync(join(folder, 'constraint_violations.json'), 'utf8'));
    return {
      execution: e!,
      folder,
      statistics,
      violations: violations as { feature_name: string; constraint_check_type: string }[],
    };
  }

  test('held-out traffic passes, then Height × 1.5 is baseline_drift_check for Height and no other feature', async () => {
    const normal = await checkTraffic('abalone-normal', heldOut);
    assert.equal(normal.statistics.dataset.item_count, heldOut.length, 'the window holds exactly the held-out traffic');
    assert.deepEqual(normal.violations, []);
    assert.equal(normal.execution.MonitoringExecutionStatus, 'Completed');

    await new Promise((r) => setTimeout(r, 3000)); // three simulated minutes between the phases
    const shifted = heldOut.map((row) => row.map((v, i) => (i === SHIFTED ? Number((v * 1.5).toFixed(4)) : v)));
    const drifted = await checkTraffic('abalone-shifted', shifted);
    assert.equal(drifted.statistics.dataset.item_count, shifted.length);
    assert.deepEqual(
      drifted.violations.map((v) => [v.feature_name, v.constraint_check_type]),
      [[`_c${SHIFTED}`, 'baseline_drift_check']],
    );
    assert.equal(drifted.execution.MonitoringExecutionStatus, 'CompletedWithViolations');

    // The report of the drifted execution, with the normal one as history.
    const out = join(f.root, 'report.html');
    const r = await cli([
      'monitor',
      'report',
      drifted.folder,
      '--baseline',
      fileURLToPath(baseline.statisticsUri),
      '--history',
      normal.folder,
      '--output',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^_c2\s+Fractional\s+\S+\s+\S+\s+\S+\s+baseline_drift_check$/m);
    assert.match(r.stdout, /^_c0\s+Fractional(\s+\S+){3}\s+-$/m);
    assert.equal(readFileSync(out, 'utf8').match(/class="chart distribution"/g)?.length, 7);

    // By schedule name: the latest execution from the records, the baseline from its job definition.
    const byName = await cli(['monitor', 'report', 'abalone-shifted', '--output', join(f.root, 'by-name.html')], {
      GODWIT_HOME: f.home.root,
    });
    assert.equal(byName.code, 0, byName.stderr);
    const mean = (col: number) => train.reduce((s, row) => s + row[col]!, 0) / train.length;
    const line = byName.stdout.split('\n').find((l) => l.startsWith('_c2 '));
    assert.ok(line?.endsWith('baseline_drift_check'), byName.stdout);
    assert.ok(Math.abs(Number(line!.split(/\s+/)[2]) - mean(SHIFTED)) < 1e-3, `baseline mean of Height in ${line}`);
  });
});

/** The training rows' statistics.json and suggested constraints.json, as `godwit monitor baseline` writes them. */
async function writeBaseline(dir: string): Promise<{ statisticsUri: string; constraintsUri: string }> {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, 'train.csv');
  writeFileSync(csv, `${train.map((r) => r.join(',')).join('\n')}\n`);
  const { statistics } = await profileDataset(csv, { format: 'csv', header: false });
  writeFileSync(join(dir, 'statistics.json'), statisticsText(statistics));
  writeFileSync(join(dir, 'constraints.json'), JSON.stringify(suggestConstraints(statistics), null, 2));
  return {
    statisticsUri: pathToFileURL(join(dir, 'statistics.json')).href,
    constraintsUri: pathToFileURL(join(dir, 'constraints.json')).href,
  };
}
