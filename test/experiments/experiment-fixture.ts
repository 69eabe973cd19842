import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeInferenceExperimentCommand,
  type DescribeInferenceExperimentCommandOutput,
  SageMakerClient,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Clock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { scaledClock } from '../../src/core/scaled-clock.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir, xgboostDocument, xgboostModelDir } from '../serving/model-fixtures.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

export const region = 'eu-west-1';
export const ROLE = 'arn:aws:iam::000000000000:role/godwit-shadow-tests';
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };

/** Production: the linear learner 2a + b + 0.5. */
export const productionScore = (a: number, b: number) => 2 * a + b + 0.5;
/** The shadow: an XGBoost stump on feature 0 at 5 (leaves 1 and 2) over base score 0.5. */
export const shadowScore = (a: number, _b: number) => 0.5 + (a < 5 ? 1 : 2);

/**
 * A real `godwit server` on a scaled clock (`speed` simulated ms per real ms) over a fresh home,
 * the official SageMaker and SageMaker Runtime clients pointed at it, and two real models: the
 * built-in linear learner ("linear") and an XGBoost JSON model ("xgb").
 */
export async function experimentFixture(speed = 600) {
  const root = scratchDir('godwit-shadow-tests-');
  const home = godwitHome(join(root, 'home'));
  const clock: Clock = scaledClock(speed);
  const lines: string[] = [];
  const server: RunningServer = await startServer(home, {
    host: '127.0.0.1',
    port: 0,
    log: (l) => lines.push(l),
    endpointTickMs: 25,
    clock,
  });
  const sm = new SageMakerClient({ endpoint: server.url, region, credentials });
  const runtime = new SageMakerRuntimeClient({ endpoint: server.url, region, credentials });
  const linear = `${pathToFileURL(linearModelDir(root, [2, 1], 0.5)).href}/`;
  const stump = { feature: 0, threshold: 5, left: 1, right: 2 };
  const doc = xgboostDocument({ objective: 'reg:squarederror', baseScore: 0.5, numFeature: 2, trees: [stump] });
  const xgb = `${pathToFileURL(xgboostModelDir(root, doc)).href}/`;
  await sm.send(
    new CreateModelCommand({ ModelName: 'linear', PrimaryContainer: { Image: 'godwit/linear-learner', ModelDataUrl: linear } }),
  );
  await sm.send(new CreateModelCommand({ ModelName: 'xgb', PrimaryContainer: { ModelDataUrl: xgb } }));
  return {
    root,
    home,
    clock,
    server,
    sm,
    runtime,
    lines,
    /** An InService endpoint serving "linear" as its one production variant, AllTraffic. */
    async endpoint(name: string): Promise<void> {
      await sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: `${name}-config`,
          ProductionVariants: [
            { VariantName: 'AllTraffic', ModelName: 'linear', InitialInstanceCount: 1, InitialVariantWeight: 1 },
          ],
        }),
      );
      await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
      await waitUntilEndpointInService({ client: sm, minDelay: 1, maxDelay: 1, maxWaitTime: 60 }, { EndpointName: name });
    },
    /** One CSV row `a,b`, its InferenceId `a-b` (so a shadow record names its input). */
    async invoke(endpoint: string, a: number, b: number) {
      const out = await runtime.send(
        new InvokeEndpointCommand({
          EndpointName: endpoint,
          ContentType: 'text/csv',
          Body: Buffer.from(`${a},${b}\n`),
          InferenceId: `${a}-${b}`,
        }),
      );
      return { variant: out.InvokedProductionVariant, body: Buffer.from(out.Body as Uint8Array).toString() };
    },
    describe(name: string): Promise<DescribeInferenceExperimentCommandOutput> {
      return sm.send(new DescribeInferenceExperimentCommand({ Name: name }));
    },
    /** Polls DescribeInferenceExperiment (every 20 ms of real time) until its status is `status`. */
    async until(name: string, status: string, ms = 60_000): Promise<DescribeInferenceExperimentCommandOutput> {
      const end = Date.now() + ms;
      for (;;) {
        const d = await sm.send(new DescribeInferenceExperimentCommand({ Name: name }));
        if (d.Status === status) return d;
        if (Date.now() > end)
          throw new Error(`${name} is ${d.Status} (${d.StatusReason ?? ''}), not ${status}; log: ${lines.slice(-5).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    /** A ShadowMode experiment's request: AllTraffic (linear) shadowed by `shadow` (xgb). */
    request(
      name: string,
      endpoint: string,
      sampling: number,
      schedule?: { StartTime?: Date; EndTime?: Date },
      shadow = 'Shadow',
    ) {
      const infra = (count: number) => ({
        InfrastructureType: 'RealTimeInference' as const,
        RealTimeInferenceConfig: { InstanceType: 'ml.m5.xlarge' as const, InstanceCount: count },
      });
      return {
        Name: name,
        Type: 'ShadowMode' as const,
        RoleArn: ROLE,
        EndpointName: endpoint,
        ...(schedule && { Schedule: schedule }),
        ModelVariants: [
          { ModelName: 'linear', VariantName: 'AllTraffic', InfrastructureConfig: infra(1) },
          { ModelName: 'xgb', VariantName: shadow, InfrastructureConfig: infra(1) },
        ],
        ShadowModeConfig: {
          SourceModelVariantName: 'AllTraffic',
          ShadowModelVariants: [{ ShadowModelVariantName: shadow, SamplingPercentage: sampling }],
        },
      };
    },
    async close() {
      sm.destroy();
      runtime.destroy();
      await server.stop();
    },
  };
}
