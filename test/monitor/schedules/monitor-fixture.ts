import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  SageMakerClient,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { godwitHome } from '../../../src/core/home.js';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import type { MonitoringJobs } from '../../../src/monitor/schedules/monitoring-jobs.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModelDir } from '../../serving/model-fixtures.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

export const region = 'eu-west-1';
export const ROLE = 'arn:aws:iam::000000000000:role/godwit-monitor-tests';
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };

/**
 * A real `godwit server` on a scaled clock (`speed` simulated ms per real ms: 3600 makes an hour a
 * second) over a fresh home, with the monitoring jobs given, the official SageMaker, SageMaker
 * Runtime and CloudWatch clients, a linear-learner model ("linear"), and folders for data capture
 * and reports (`file://` URIs).
 */
export async function monitorFixture(jobs: MonitoringJobs, speed = 3600) {
  const root = scratchDir('godwit-monitor-schedules-');
  const home = godwitHome(join(root, 'home'));
  const clock = scaledClock(speed);
  const lines: string[] = [];
  const server: RunningServer = await startServer(home, {
    host: '127.0.0.1',
    port: 0,
    log: (l) => lines.push(l),
    endpointTickMs: 25,
    clock,
    monitoringJobs: jobs,
  });
  const sm = new SageMakerClient({ endpoint: server.url, region, credentials });
  const runtime = new SageMakerRuntimeClient({ endpoint: server.url, region, credentials });
  const cw = new CloudWatchClient({ endpoint: server.url, region, credentials });
  const captureUri = `${pathToFileURL(join(root, 'capture')).href}/`;
  const reportsUri = `${pathToFileURL(join(root, 'reports')).href}/`;
  const model = `${pathToFileURL(linearModelDir(root, [2, 1], 0.5)).href}/`;
  await sm.send(
    new CreateModelCommand({ ModelName: 'linear', PrimaryContainer: { Image: 'godwit/linear-learner', ModelDataUrl: model } }),
  );
  return {
    root,
    home,
    clock,
    server,
    sm,
    runtime,
    cw,
    lines,
    captureUri,
    reportsUri,
    /** An InService endpoint serving "linear", capturing every request and answer under `captureUri`. */
    async endpoint(name: string): Promise<void> {
      await sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: `${name}-config`,
          ProductionVariants: [
            { VariantName: 'AllTraffic', ModelName: 'linear', InitialInstanceCount: 1, InitialVariantWeight: 1 },
          ],
          DataCaptureConfig: {
            EnableCapture: true,
            InitialSamplingPercentage: 100,
            DestinationS3Uri: captureUri,
            CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
            CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'] },
          },
        }),
      );
      await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
      await waitUntilEndpointInService({ client: sm, minDelay: 1, maxDelay: 1, maxWaitTime: 60 }, { EndpointName: name });
    },
    invoke(endpoint: string, a: number, b: number) {
      return runtime.send(
        new InvokeEndpointCommand({ EndpointName: endpoint, ContentType: 'text/csv', Body: Buffer.from(`${a},${b}\n`) }),
      );
    },
    /** Polls `read` (every 20 ms of real time) until `ok` holds of its answer. */
    async until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 60_000): Promise<T> {
      const end = Date.now() + ms;
      for (;;) {
        const value = await read();
        if (ok(value)) return value;
        if (Date.now() > end)
          throw new Error(`${what}: gave up; last ${JSON.stringify(value)}; log: ${lines.slice(-5).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      sm.destroy();
      runtime.destroy();
      cw.destroy();
      await server.stop();
    },
  };
}

/** A data-quality job definition's request on `endpoint`, its reports under `reportsUri`. */
export function dataQualityDefinition(name: string, endpoint: string, reportsUri: string) {
  return {
    JobDefinitionName: name,
    DataQualityAppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
    DataQualityJobInput: { EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' } },
    DataQualityJobOutputConfig: {
      MonitoringOutputs: [
        { S3Output: { S3Uri: reportsUri, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' as const } },
      ],
    },
    JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge' as const, VolumeSizeInGB: 20 } },
    RoleArn: ROLE,
    StoppingCondition: { MaxRuntimeInSeconds: 1800 },
  };
}
