/**
 * What the durable queue costs: the same abalone linear learner behind a real-time endpoint and
 * an asynchronous one in one `godwit server` (in this process), N requests each from the official
 * SageMaker Runtime client at a fixed concurrency. The baseline is InvokeEndpoint (answered in the
 * reply); the async side is InvokeEndpointAsync with the row inline, timed until the queue is
 * empty (every answer written to S3 through the server's door and every result event published).
 * Prints wall time, requests per second and process CPU per request for each, and the ratios.
 *
 *   node --conditions=godwit-source --import tsx bench/deploy/async-queue.ts
 *
 * BENCH_REQUESTS (default 2000), BENCH_CONNECTIONS (default 16).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointAsyncCommand, InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { godwitHome } from '../../src/core/home.js';
import { startServer } from '../../src/server/start-server.js';
import { OPEN_S3_CREDENTIALS } from '../../test/helpers/open-s3.js';
import { trainAbalone } from '../serving/abalone-model.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
const N = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'godwit-bench-async-'));
  const server = await startServer(godwitHome(join(root, 'home')), { host: '127.0.0.1', port: 0, log: () => {} });
  const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials });
  const runtime = new SageMakerRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials });
  const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: OPEN_S3_CREDENTIALS });
  try {
    const { modelDir, rows } = await trainAbalone(root);
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    const data = `${pathToFileURL(modelDir).href}/`;
    await sm.send(
      new CreateModelCommand({ ModelName: 'abalone', PrimaryContainer: { Image: 'godwit/linear-learner', ModelDataUrl: data } }),
    );
    const variants = [{ VariantName: 'AllTraffic', ModelName: 'abalone', InitialInstanceCount: 1 }];
    await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'rt', ProductionVariants: variants }));
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'aq',
        ProductionVariants: variants,
        AsyncInferenceConfig: {
          ClientConfig: { MaxConcurrentInvocationsPerInstance: 16 },
          OutputConfig: { S3OutputPath: 's3://bench/out' },
        },
      }),
    );
    for (const name of ['rt', 'aq']) {
      await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
      while ((await sm.send(new DescribeEndpointCommand({ EndpointName: name }))).EndpointStatus !== 'InService') await sleep(50);
    }
    const body = (i: number) => Buffer.from(`${rows[i % rows.length]}\n`);
    const sync = await measure('InvokeEndpoint (baseline)', (i) =>
      runtime.send(new InvokeEndpointCommand({ EndpointName: 'rt', ContentType: 'text/csv', Body: body(i) })),
    );
    const queue = (await import('../../src/meta/index.js')).openMetadata;
    const metadata = await queue(godwitHome(join(root, 'home')), { now: () => new Date(), sleep: async () => {} }, {});
    const asyncRun = await measure(
      'InvokeEndpointAsync, until every answer is written',
      (i) => runtime.send(new InvokeEndpointAsyncCommand({ EndpointName: 'aq', ContentType: 'text/csv', Body: body(i) })),
      async () => {
        while ((await metadata.asyncQueue.backlogs()).length > 0) await sleep(5);
      },
    );
    await metadata.close();
    console.log(`\nrequests ${N}, connections ${CONNECTIONS}`);
    for (const m of [sync, asyncRun]) {
      console.log(
        `${m.name}: ${m.wallMs.toFixed(0)} ms, ${(N / (m.wallMs / 1000)).toFixed(0)} req/s, CPU ${m.cpuUs.toFixed(0)} µs/request`,
      );
    }
    console.log(
      `ratio async / baseline: wall ${(asyncRun.wallMs / sync.wallMs).toFixed(2)}×, CPU ${(asyncRun.cpuUs / sync.cpuUs).toFixed(2)}×`,
    );
  } finally {
    sm.destroy();
    runtime.destroy();
    s3.destroy();
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** Sends N requests at CONNECTIONS at a time (after 200 to warm up), then waits for `drain`. */
async function measure(name: string, send: (i: number) => Promise<unknown>, drain: () => Promise<void> = async () => {}) {
  await Promise.all(Array.from({ length: 200 }, (_, i) => send(i)));
  await drain();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < N) await send(next++);
    }),
  );
  await drain();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { name, wallMs, cpuUs: (cpu.user + cpu.system) / N };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await main();
