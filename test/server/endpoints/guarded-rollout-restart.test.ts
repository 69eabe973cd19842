import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DescribeEndpointCommand, SageMakerClient, UpdateEndpointCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { godwitHome } from '../../../src/core/home.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { saveLinearModel } from '../../../src/ml/linear-model.js';
import { startDetached } from '../../../src/server/client.js';
import { logFile } from '../../../src/server/server-files.js';
import { gone } from '../../helpers/godwit-process.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModel, variant } from '../../serving/host/host-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const started: number[] = [];
after(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
});

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

async function stages(metadata: Metadata): Promise<string[]> {
  return (await metadata.outbox.since(undefined, 10_000))
    .map((e) => e.event)
    .filter((e) => e['detail-type'] === 'SageMaker Endpoint Deployment State Change')
    .map((e) => `${e.detail.DeploymentStage}:${e.detail.TrafficShare}`);
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a guarded update survives kill -9 of a real godwit server process', () => {
  test('the restarted server resumes the canary at its recorded share, then completes it', async () => {
    const root = scratchDir('godwit-rollout-restart-');
    const home = godwitHome(join(root, 'home'));
    const env = { ...process.env, GODWIT_CLOCK_SPEED: '100' };
    const first = await startDetached(home, { port: 0, env });
    started.push(first.pid);
    const metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    try {
      const catalog = metadata.endpoints;
      const dir = join(root, 'models', 'twice');
      await saveLinearModel(dir, linearModel([2], 0));
      await catalog.createModel({ name: 'twice', containers: [{ modelDataUrl: dir }], inferenceMode: 'Serial', tags: [] });
      await catalog.createEndpointConfig({
        name: 'r1',
        productionVariants: [variant('blue', 'twice', 1, 2)],
        shadowVariants: [],
        tags: [],
      });
      await catalog.createEndpointConfig({
        name: 'r2',
        productionVariants: [variant('green', 'twice', 1, 2)],
        shadowVariants: [],
        tags: [],
      });
      await catalog.createEndpoint('durable', 'r1');
      await until('InService', async () => ((await catalog.getEndpoint('durable'))?.status === 'InService' ? true : undefined));

      const sm = new SageMakerClient({ endpoint: first.url, region: 'us-east-1', credentials });
      await sm.send(
        new UpdateEndpointCommand({
          EndpointName: 'durable',
          EndpointConfigName: 'r2',
          DeploymentConfig: {
            BlueGreenUpdatePolicy: {
              TrafficRoutingConfiguration: {
                Type: 'CANARY',
                CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 },
                WaitIntervalInSeconds: 300,
              },
              TerminationWaitInSeconds: 60,
            },
          },
        }),
      );
      sm.destroy();
      await until('the canary shift', async () => ((await stages(metadata)).includes('TrafficShifted:0.5') ? true : undefined));
      process.kill(first.pid, 'SIGKILL');
      assert.ok(await gone(first.pid), 'the first server is gone');
      const recorded = await catalog.getRollout('durable');
      assert.deepEqual([recorded?.phase, recorded?.step, recorded?.greenShare], ['shifting', 0, 0.5]);
      assert.equal((await catalog.getEndpoint('durable'))?.status, 'Updating');

      const second = await startDetached(home, { port: 0, env });
      started.push(second.pid);
      const log = () => readFileSync(logFile(home), 'utf8');
      // The server records its URL only once its endpoints are back: both fleets serve at once.
      const live = (await (await fetch(`${second.url}/api/v1/endpoints/durable/live`)).json()) as {
        variants: { variantName: string; instances: number }[];
      };
      assert.deepEqual(
        live.variants.map((v) => [v.variantName, v.instances]),
        [
          ['blue', 2],
          ['green', 2],
        ],
        log(),
      );
      const sm2 = new SageMakerClient({ endpoint: second.url, region: 'us-east-1', credentials });
      const during = await sm2.send(new DescribeEndpointCommand({ EndpointName: 'durable' }));
      assert.equal(during.EndpointStatus, 'Updating');
      assert.equal(during.PendingDeploymentSummary?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status, 'Baking');
      const runtime = new SageMakerRuntimeClient({ endpoint: second.url, region: 'us-east-1', credentials });
      const served = new Set<string>();
      for (let i = 0; i < 40; i++) {
        const out = await runtime.send(
          new InvokeEndpointCommand({ EndpointName: 'durable', ContentType: 'text/csv', Body: Buffer.from('3\n') }),
        );
        assert.equal(Buffer.from(out.Body).toString().trim(), '6');
        served.add(out.InvokedProductionVariant ?? '');
      }
      assert.deepEqual([...served].sort(), ['blue', 'green'], 'the split was resumed at its recorded share');

      const done = await until('InService', async () => {
        const d = await sm2.send(new DescribeEndpointCommand({ EndpointName: 'durable' }));
        return d.EndpointStatus === 'InService' ? d : undefined;
      });
      assert.equal(done.EndpointConfigName, 'r2', log());
      assert.deepEqual(await stages(metadata), [
        'Started:0',
        'TrafficShifted:0.5',
        'Resumed:0.5',
        'BakeSucceeded:0.5',
        'TrafficShifted:1',
        'BakeSucceeded:1',
        'TerminationWaitStarted:1',
        'Completed:1',
      ]);
      assert.equal(await catalog.getRollout('durable'), undefined);
      sm2.destroy();
      runtime.destroy();
      process.kill(second.pid, 'SIGTERM');
      assert.ok(await gone(second.pid));
    } finally {
      await metadata.close();
    }
  });
});
