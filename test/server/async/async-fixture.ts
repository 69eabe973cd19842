import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  type CreateEndpointConfigCommandInput,
  CreateModelCommand,
  DescribeEndpointCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { type Clock, systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import type { EventEnvelope } from '../../../src/events/event-envelope.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModelDir } from '../../serving/model-fixtures.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

/** The slow, counting serving container (see its doc string). */
export const COUNTING_SERVER = fileURLToPath(new URL('./fixtures/counting_server.py', import.meta.url));
export const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' };
export const TOPIC = (name: string) => `arn:aws:sns:${region}:000000000000:${name}`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it gives a value (up to `ms`, the machine may be loaded). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${ms} ms`);
    await sleep(25);
  }
}

/**
 * A `godwit server` started in this process over a fresh home (on `clock`), the official SageMaker,
 * SageMaker Runtime and S3 clients pointed at it (S3 through the server's own door), and the
 * home's metadata for reading the event outbox.
 */
export async function asyncFixture(options: { clock?: Clock } = {}) {
  const root = scratchDir('godwit-async-');
  const home = godwitHome(join(root, 'home'));
  const server: RunningServer = await startServer(home, {
    host: '127.0.0.1',
    port: 0,
    log: () => {},
    endpointTickMs: 50,
    clock: options.clock,
  });
  const metadata: Metadata = await openMetadata(home, systemClock, {});
  const sm = new SageMakerClient({ endpoint: server.url, region, credentials });
  const runtime = new SageMakerRuntimeClient({ endpoint: server.url, region, credentials });
  const s3 = new S3Client({ endpoint: server.url, region, forcePathStyle: true, credentials: OPEN_S3_CREDENTIALS });
  for (const Bucket of ['async-in', 'async-out', 'async-failed']) await s3.send(new CreateBucketCommand({ Bucket }));
  const linear = `${pathToFileURL(linearModelDir(join(root, 'models'), [2], 1)).href}/`;

  return {
    root,
    home,
    server,
    sm,
    runtime,
    s3,
    metadata,

    /** Saves `y = 2x + 1` (linear learner) as model `name`. */
    async linearModel(name: string) {
      await sm.send(
        new CreateModelCommand({ ModelName: name, PrimaryContainer: { Image: 'godwit/linear-learner', ModelDataUrl: linear } }),
      );
    },

    /** The counting container as model `name`, each invocation taking `sleepSeconds`. */
    async countingModel(name: string, sleepSeconds = 0.3) {
      await sm.send(
        new CreateModelCommand({
          ModelName: name,
          PrimaryContainer: { Image: COUNTING_SERVER, ModelDataUrl: linear, Environment: { COUNT_SLEEP: String(sleepSeconds) } },
        }),
      );
    },

    /** An asynchronous endpoint over `model` (config of the same name), InService. */
    async asyncEndpoint(
      name: string,
      model: string,
      extra: { instances?: number; asyncConfig?: CreateEndpointConfigCommandInput['AsyncInferenceConfig'] } = {},
    ) {
      await sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: name,
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: model,
              InitialInstanceCount: extra.instances ?? 1,
              InstanceType: 'ml.m5.large',
            },
          ],
          AsyncInferenceConfig: extra.asyncConfig ?? { OutputConfig: { S3OutputPath: `s3://async-out/${name}` } },
        }),
      );
      await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
      await this.inService(name);
    },

    async inService(name: string) {
      await eventually(async () => {
        const { EndpointStatus, FailureReason } = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
        if (EndpointStatus === 'Failed') throw new Error(`${name} failed: ${FailureReason}`);
        return EndpointStatus === 'InService' ? true : undefined;
      }, `endpoint ${name} InService`);
    },

    async upload(uri: string, body: string) {
      const { bucket, key } = parts(uri);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },

    /** The object's text, or undefined while it does not exist. */
    async read(uri: string): Promise<string | undefined> {
      const { bucket, key } = parts(uri);
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await out.Body?.transformToString();
      } catch (err) {
        if ((err as Error).name === 'NoSuchKey') return undefined;
        throw err;
      }
    },

    /** Polls for an output object the way AWS's examples do. */
    output(uri: string, ms?: number) {
      return eventually(() => this.read(uri), uri, ms);
    },

    /** The asynchronous result events published for an inference id. */
    async events(inferenceId: string): Promise<EventEnvelope[]> {
      const all = await metadata.outbox.since(undefined, 100_000);
      return all.map((e) => e.event).filter((e) => e.detail.inferenceId === inferenceId);
    },

    async close() {
      sm.destroy();
      runtime.destroy();
      s3.destroy();
      await metadata.close();
      await server.stop();
    },
  };
}

export type AsyncFixture = Awaited<ReturnType<typeof asyncFixture>>;

function parts(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an s3 URI: ${uri}`);
  return { bucket: m[1], key: m[2] };
}
