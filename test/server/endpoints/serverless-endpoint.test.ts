import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  type ProductionVariant,
  SageMakerClient,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
  type SageMakerRuntimeServiceException,
} from '@aws-sdk/client-sagemaker-runtime';
import { godwitHome } from '../../../src/core/home.js';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { PYTHON, skipWithoutBoto3 } from '../../helpers/boto3.js';
import { scratchDir } from '../../helpers/scratch.js';
import { FIXTURE } from '../../serving/container-fixture.js';
import { xgboostDocument, xgboostModelDir } from '../../serving/model-fixtures.js';
import { awsError } from '../hosting-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
// These tests count the threads instances add; a spare worker (worker-spares.ts, tested in
// test/serving/worker-instance.test.ts) would add its own, so this file runs without spares.
process.env.GODWIT_SPARE_WORKERS = '0';

/** The server's clock runs 300× real time: the 5-minute idle timeout is a second. */
const SPEED = 300;
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };
/** Threads of this process: a worker-thread instance adds its own, which go when the worker ends. */
const threads = () => readdirSync('/proc/self/task').length;
/** How many threads one worker instance adds (measured by the first cold start). */
let perWorker = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * boto3 (retries off, as docs/deployment.md says to count throttles), loaded and ready; `invoke()`
 * then calls InvokeEndpoint once and resolves with its error code, status and attempts (python
 * starts slowly on a loaded machine, so it is started before the requests it must meet).
 */
async function boto3Client(url: string, name: string): Promise<{ invoke(): Promise<unknown> }> {
  const script = `import boto3, json, sys, botocore.config
c = boto3.client('sagemaker-runtime', endpoint_url='${url}', region_name='eu-west-1', aws_access_key_id='a',
  aws_secret_access_key='b', config=botocore.config.Config(retries={'max_attempts': 0}))
print('ready', flush=True); sys.stdin.readline()
try:
    c.invoke_endpoint(EndpointName='${name}', ContentType='text/csv', Body=b'sleep'); print(json.dumps(None))
except c.exceptions.ClientError as e:
    r = e.response
    print(json.dumps([r['Error']['Code'], r['ResponseMetadata']['HTTPStatusCode'], r['ResponseMetadata'].get('RetryAttempts', 0) + 1]))`;
  const child = spawn(PYTHON, ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  assert.equal((await lines.next()).value, 'ready');
  return {
    async invoke() {
      child.stdin.end('go\n');
      return JSON.parse((await lines.next()).value as string);
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(20);
  }
  assert.fail(`timed out waiting for ${what}`);
}

// Serverless endpoints through the official clients against a real server on a scaled clock.
describe('Serverless endpoints, through @aws-sdk/client-sagemaker and client-sagemaker-runtime', () => {
  const root = scratchDir('godwit-serverless-');
  let server: RunningServer;
  let sm: SageMakerClient;
  let runtime: SageMakerRuntimeClient;
  let cw: CloudWatchClient;
  const started = Date.now();
  const serverless = (VariantName: string, ModelName: string, config: Record<string, number>): ProductionVariant => ({
    VariantName,
    ModelName,
    ServerlessConfig: { MemorySizeInMB: 1024, MaxConcurrency: 5, ...config } as never,
  });
  const instances = async (name: string): Promise<number> => {
    const live = (await (await fetch(`${server.url}/api/v1/endpoints/${name}/live`)).json()) as {
      variants?: { instances: number }[];
    };
    return live.variants?.[0]?.instances ?? -1;
  };
  const inFlight = async (name: string): Promise<number> => {
    const live = (await (await fetch(`${server.url}/api/v1/endpoints/${name}/live`)).json()) as {
      variants?: { inFlight: number }[];
    };
    return live.variants?.[0]?.inFlight ?? -1;
  };
  const invoke = (EndpointName: string, body = '0.2,0,0,0\n') =>
    runtime.send(new InvokeEndpointCommand({ EndpointName, ContentType: 'text/csv', Body: Buffer.from(body) }));
  const create = async (name: string, variant: ProductionVariant) => {
    await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: name, ProductionVariants: [variant] }));
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
    const waitFor = { client: sm, minDelay: 1, maxDelay: 1, maxWaitTime: 60 };
    assert.equal((await waitUntilEndpointInService(waitFor, { EndpointName: name })).state, 'SUCCESS');
  };

  const home = godwitHome(join(root, 'home'));
  /** Starts the server on the home (again, after a stop) and points the clients at it. */
  const serve = async () => {
    const clock = scaledClock(SPEED);
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25, clock });
    const client = { endpoint: server.url, region: 'eu-west-1', credentials };
    for (const c of [sm, runtime, cw]) c?.destroy();
    sm = new SageMakerClient(client);
    // Every AWS SDK retries ThrottlingException by itself: one attempt shows each one.
    runtime = new SageMakerRuntimeClient({ ...client, maxAttempts: 1 });
    cw = new CloudWatchClient(client);
  };

  before(async () => {
    await serve();
    const doc = xgboostDocument({
      objective: 'reg:squarederror',
      baseScore: 0.5,
      numFeature: 4,
      trees: [{ feature: 0, threshold: 0.5, left: -1, right: 1 }],
    });
    const xgb = `${pathToFileURL(xgboostModelDir(root, doc)).href}/`;
    await sm.send(new CreateModelCommand({ ModelName: 'xgb', PrimaryContainer: { ModelDataUrl: xgb } }));
    // A container that answers "sleep" after 2 s: requests stay in flight long enough to count.
    const slowData = join(root, 'slow');
    mkdirSync(slowData);
    writeFileSync(join(slowData, 'model.txt'), 'weights');
    await sm.send(
      new CreateModelCommand({
        ModelName: 'slow',
        PrimaryContainer: { Image: FIXTURE, ModelDataUrl: pathToFileURL(slowData).href, Environment: { FIXTURE_SLEEP: '2' } },
      }),
    );
  });
  after(async () => {
    for (const c of [sm, runtime, cw]) c?.destroy();
    await server?.stop();
  });

  test('scales from zero: a cold start (ModelSetupTime), warm requests, zero workers after idle, a cold start again', async () => {
    await create('scale', serverless('only', 'xgb', { MaxConcurrency: 3 }));
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'scale' }));
    const expected = { MemorySizeInMB: 1024, MaxConcurrency: 3 };
    assert.deepEqual(d.ProductionVariants?.[0].CurrentServerlessConfig, expected);
    assert.deepEqual(d.ProductionVariants?.[0].DesiredServerlessConfig, expected);
    assert.equal(d.ProductionVariants?.[0].CurrentInstanceCount, undefined);
    assert.equal(await instances('scale'), 0);
    const idleThreads = threads();

    const first = await invoke('scale');
    assert.equal(
      Buffer.from(first.Body ?? [])
        .toString()
        .trim(),
      '-0.5',
    );
    assert.equal(await instances('scale'), 1);
    perWorker = threads() - idleThreads;
    assert.ok(perWorker > 0, 'the cold start runs the model in a new worker thread');
    for (let i = 0; i < 5; i++) assert.equal((await invoke('scale', '0.9,0,0,0\n')).InvokedProductionVariant, 'only');
    assert.equal(await instances('scale'), 1, 'warm requests reuse the instance');

    await until(async () => (await instances('scale')) === 0, 'the idle instance to stop');
    await until(() => threads() === idleThreads, 'its worker thread to end');

    assert.equal(
      Buffer.from((await invoke('scale')).Body ?? [])
        .toString()
        .trim(),
      '-0.5',
    );
    assert.equal(await instances('scale'), 1);

    // Each cold start is one ModelSetupTime sample, in the metric store and through CloudWatch.
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/SageMaker',
        MetricName: 'ModelSetupTime',
        Dimensions: [
          { Name: 'EndpointName', Value: 'scale' },
          { Name: 'VariantName', Value: 'only' },
        ],
        StartTime: new Date(started - 3_600_000),
        EndTime: new Date(started + (Date.now() - started + 60_000) * SPEED),
        Period: 86_400,
        Statistics: ['SampleCount', 'Minimum', 'Maximum'],
      }),
    );
    const samples = stats.Datapoints?.reduce((n, p) => n + (p.SampleCount ?? 0), 0);
    assert.equal(samples, 2);
    for (const p of stats.Datapoints ?? []) {
      assert.equal(p.Unit, 'Microseconds');
      assert.ok((p.Minimum ?? 0) > 0 && (p.Maximum ?? 0) < 60_000_000, `${p.Minimum}–${p.Maximum} µs`);
    }
  });

  test('requests over MaxConcurrency get ThrottlingException at once, exactly the ones over it', async () => {
    await create('busy', serverless('only', 'slow', { MaxConcurrency: 2 }));
    const began = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => invoke('busy', 'sleep')));
    const answered = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as SageMakerRuntimeServiceException] : []));
    assert.equal(answered.length, 2, JSON.stringify(refused.map((e) => e.message)));
    for (const o of answered) assert.equal(Buffer.from(o.value.Body ?? []).toString(), 'slept');
    assert.equal(refused.length, 3);
    for (const err of refused) {
      assert.equal(err.name, 'ThrottlingException');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, /^Rate exceeded/);
      assert.equal(err.$metadata.attempts, 1);
    }
    assert.ok(Date.now() - began >= 2000, 'the accepted requests were served by the slow model');
    // With the two answered, the variant takes requests again.
    const boto3 = skipWithoutBoto3 ? undefined : await boto3Client(server.url, 'busy');
    const again = Promise.allSettled([invoke('busy', 'sleep'), invoke('busy', 'sleep')]);
    await until(async () => (await inFlight('busy')) === 2, 'both requests in flight');
    // The generic path (a query string, which the fast path leaves to it) throttles the same way.
    const scope = 'AKIDLOCAL/20261206/eu-west-1/sagemaker/aws4_request';
    const generic = await fetch(`${server.url}/endpoints/busy/invocations?path=generic`, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`,
      },
      body: 'sleep',
    });
    assert.equal(generic.status, 400);
    assert.equal(generic.headers.get('x-amzn-errortype'), 'ThrottlingException');
    assert.match(((await generic.json()) as { message: string }).message, /^Rate exceeded/);
    if (boto3) assert.deepEqual(await boto3.invoke(), ['ThrottlingException', 400, 1]);
    assert.deepEqual(
      (await again).map((o) => o.status),
      ['fulfilled', 'fulfilled'],
    );
  });

  test('ProvisionedConcurrency keeps instances warm through idle; ServerlessUpdateConfig changes it live', async () => {
    const before = threads();
    await create('warm', serverless('only', 'xgb', { MaxConcurrency: 4, ProvisionedConcurrency: 2 }));
    assert.equal(await instances('warm'), 2);
    assert.equal(threads(), before + 2 * perWorker);
    await invoke('warm');
    await sleep((15 * 60_000) / SPEED); // 15 simulated minutes: three idle timeouts
    assert.equal(await instances('warm'), 2, 'provisioned instances stay warm');
    assert.equal(threads(), before + 2 * perWorker);

    await sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: 'warm',
        DesiredWeightsAndCapacities: [{ VariantName: 'only', ServerlessUpdateConfig: { ProvisionedConcurrency: 1 } }],
      }),
    );
    const waitFor = { client: sm, minDelay: 1, maxDelay: 1, maxWaitTime: 60 };
    await waitUntilEndpointInService(waitFor, { EndpointName: 'warm' });
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'warm' }));
    const expected = { MemorySizeInMB: 1024, MaxConcurrency: 4, ProvisionedConcurrency: 1 };
    assert.deepEqual(d.ProductionVariants?.[0].DesiredServerlessConfig, expected);
    assert.deepEqual(d.ProductionVariants?.[0].CurrentServerlessConfig, expected);
    await until(async () => (await instances('warm')) === 1, 'the pool to settle at one warm instance');
    await until(() => threads() === before + perWorker, 'the second worker to end');

    await sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: 'warm',
        DesiredWeightsAndCapacities: [
          { VariantName: 'only', ServerlessUpdateConfig: { MaxConcurrency: 3, ProvisionedConcurrency: 3 } },
        ],
      }),
    );
    await waitUntilEndpointInService(waitFor, { EndpointName: 'warm' });
    await until(async () => (await instances('warm')) === 3, 'three warm instances');
  });

  test('bad serverless configs and updates are ValidationExceptions naming the field', async () => {
    const config = (name: string, variants: ProductionVariant[]) =>
      sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: name, ProductionVariants: variants }));
    await assert.rejects(
      config('bad-memory', [serverless('v', 'xgb', { MemorySizeInMB: 1500 })]),
      awsError('ValidationException', "Value '1500' at 'productionVariants.1.member.serverlessConfig.memorySizeInMB'"),
    );
    await assert.rejects(
      config('bad-max', [serverless('v', 'xgb', { MaxConcurrency: 201 })]),
      awsError('ValidationException', 'serverlessConfig.maxConcurrency', 'between 1 and 200'),
    );
    await assert.rejects(
      config('bad-provisioned', [serverless('v', 'xgb', { MaxConcurrency: 2, ProvisionedConcurrency: 3 })]),
      awsError('ValidationException', 'ProvisionedConcurrency (3) must be less than or equal to MaxConcurrency (2)'),
    );
    await assert.rejects(
      config('both', [{ ...serverless('v', 'xgb', {}), InstanceType: 'ml.m5.large' }]),
      awsError('ValidationException', 'either serverless or instance-based', 'InstanceType'),
    );
    await assert.rejects(
      config('two', [serverless('v', 'xgb', {}), { VariantName: 'w', ModelName: 'xgb', InitialInstanceCount: 1 }]),
      awsError('ValidationException', 'exactly one production variant'),
    );
    const update = (EndpointName: string, change: object) =>
      sm.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName,
          DesiredWeightsAndCapacities: [{ VariantName: 'only', ...change }],
        }),
      );
    await assert.rejects(
      update('scale', { DesiredInstanceCount: 2 }),
      awsError('ValidationException', 'is serverless', 'ServerlessUpdateConfig'),
    );
    await assert.rejects(
      update('scale', { ServerlessUpdateConfig: { ProvisionedConcurrency: 4 } }),
      awsError('ValidationException', 'ProvisionedConcurrency (4) above MaxConcurrency (3)'),
    );
    await create('fixed', { VariantName: 'only', ModelName: 'xgb', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' });
    await assert.rejects(
      update('fixed', { ServerlessUpdateConfig: { MaxConcurrency: 2 } }),
      awsError('ValidationException', 'has no ServerlessConfig'),
    );
    await assert.rejects(
      sm.send(new UpdateEndpointCommand({ EndpointName: 'fixed', EndpointConfigName: 'scale' })),
      awsError('ValidationException', 'instance-based and cannot be updated to serverless'),
    );
  });

  test('a restarted server brings a serverless endpoint back with its updated limits and warm instances', async () => {
    await server.stop();
    await serve();
    await until(async () => (await instances('warm')) === 3, 'the three provisioned instances to be back');
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'warm' }));
    assert.deepEqual(d.ProductionVariants?.[0].DesiredServerlessConfig, {
      MemorySizeInMB: 1024,
      MaxConcurrency: 3,
      ProvisionedConcurrency: 3,
    });
    // A scale-to-zero endpoint comes back with no instance, and serves with a cold start.
    assert.equal(await instances('scale'), 0);
    assert.equal(
      Buffer.from((await invoke('scale')).Body ?? [])
        .toString()
        .trim(),
      '-0.5',
    );
  });
});
