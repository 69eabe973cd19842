import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointAsyncCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { startDetached } from '../../../src/server/client.js';
import { gone } from '../../helpers/godwit-process.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModelDir } from '../../serving/model-fixtures.js';
import { COUNTING_SERVER, eventually } from './async-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const started: number[] = [];
after(() => {
  // A failed test must not leave a detached server behind.
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
});

function clients(url: string) {
  const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
  return {
    sm: new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials }),
    runtime: new SageMakerRuntimeClient({ endpoint: url, region: 'us-east-1', credentials }),
    s3: new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: OPEN_S3_CREDENTIALS }),
    destroy() {
      this.sm.destroy();
      this.runtime.destroy();
      this.s3.destroy();
    },
  };
}

async function read(s3: S3Client, uri: string): Promise<string | undefined> {
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) as RegExpExecArray;
  try {
    return await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();
  } catch (err) {
    if ((err as Error).name === 'NoSuchKey') return undefined;
    throw err;
  }
}

describe('asynchronous requests survive kill -9 of a real godwit server process', () => {
  test('requests queued and in flight when the server dies are all served, once each, after a new start', async () => {
    const root = scratchDir('godwit-async-restart-');
    const home = godwitHome(join(root, 'home'));
    const env = { ...process.env };
    const first = await startDetached(home, { port: 0, env });
    started.push(first.pid);
    const metadata = await openMetadata(home, systemClock, {});
    const one = clients(first.url);
    try {
      await one.s3.send(new CreateBucketCommand({ Bucket: 'results' }));
      const model = `${pathToFileURL(linearModelDir(join(root, 'models'), [1], 0)).href}/`;
      await one.sm.send(
        new CreateModelCommand({
          ModelName: 'slow',
          PrimaryContainer: { Image: COUNTING_SERVER, ModelDataUrl: model, Environment: { COUNT_SLEEP: '0.5' } },
        }),
      );
      await one.sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'slow',
          ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'slow', InitialInstanceCount: 1 }],
          AsyncInferenceConfig: {
            ClientConfig: { MaxConcurrentInvocationsPerInstance: 1 },
            OutputConfig: { S3OutputPath: 's3://results/out' },
          },
        }),
      );
      await one.sm.send(new CreateEndpointCommand({ EndpointName: 'slow', EndpointConfigName: 'slow' }));
      await eventually(async () => {
        const { EndpointStatus } = await one.sm.send(new DescribeEndpointCommand({ EndpointName: 'slow' }));
        return EndpointStatus === 'InService' ? true : undefined;
      }, 'slow InService');

      const outputs = new Map<string, string>();
      for (let i = 0; i < 6; i++) {
        const out = await one.runtime.send(
          new InvokeEndpointAsyncCommand({ EndpointName: 'slow', Body: Buffer.from(`k${i}`), InferenceId: `k${i}` }),
        );
        outputs.set(`k${i}`, out.OutputLocation as string);
      }
      // Kill once the first answer is written and the next request is in the model's hands.
      await eventually(async () => {
        const backlog = (await metadata.asyncQueue.backlogs()).find((b) => b.endpointName === 'slow');
        const firstDone = (await read(one.s3, outputs.get('k0') as string)) !== undefined;
        return firstDone && backlog?.inFlight === 1 ? true : undefined;
      }, 'one answered, one in flight');
      process.kill(first.pid, 'SIGKILL');
      assert.ok(await gone(first.pid), 'the first server is gone');
      const left = (await metadata.asyncQueue.backlogs()).find((b) => b.endpointName === 'slow');
      assert.ok(
        left && left.size >= 2 && left.inFlight === 1,
        `queued and in-flight requests outlive the server: ${JSON.stringify(left)}`,
      );

      const second = await startDetached(home, { port: 0, env });
      started.push(second.pid);
      const two = clients(second.url);
      for (const [id, uri] of outputs) {
        const answer = JSON.parse(await eventually(() => read(two.s3, uri), uri, 60_000));
        assert.equal(answer.body, id);
      }
      const events = (await metadata.outbox.since(undefined, 10_000)).map((e) => e.event.detail);
      for (const id of outputs.keys()) {
        const mine = events.filter((d) => d.inferenceId === id);
        assert.deepEqual(
          mine.map((d) => d.invocationStatus),
          ['Completed'],
          `one notification for ${id}`,
        );
      }
      assert.deepEqual(await metadata.asyncQueue.backlogs(), [], 'nothing left in the queue');
      two.destroy();
      process.kill(second.pid, 'SIGTERM');
      assert.ok(await gone(second.pid));
    } finally {
      one.destroy();
      await metadata.close();
    }
  });
});
