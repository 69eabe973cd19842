import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  InvokeEndpointAsyncCommand,
  InvokeEndpointCommand,
  type ModelError,
  SageMakerRuntimeClient,
  type SageMakerRuntimeServiceException,
} from '@aws-sdk/client-sagemaker-runtime';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { saveLinearModel } from '../../../src/ml/linear-model.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModel, variant } from '../../serving/host/host-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const fails = (name: string, message: RegExp, status?: number) => (err: SageMakerRuntimeServiceException) => {
  assert.equal(err.name, name, String(err));
  assert.match(err.message, message);
  if (status !== undefined) assert.equal(err.$metadata.httpStatusCode, status);
  return true;
};

/** Waits until the server reports the endpoint serving (or in `status`, when given). */
async function live(url: string, name: string): Promise<{ variants: { variantName: string; instances: number }[] }> {
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${url}/api/v1/endpoints/${name}/live`);
    const body = (await res.json()) as { variants?: { variantName: string; instances: number }[] };
    if (body.variants && body.variants.length > 0) return body as never;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`endpoint ${name} never served`);
}

// The official client, unmodified, pointed at a real server; endpoints recorded through the library.
describe('SageMaker Runtime InvokeEndpoint through @aws-sdk/client-sagemaker-runtime', () => {
  const root = scratchDir('godwit-invoke-');
  const home = godwitHome(join(root, 'home'));
  let server: RunningServer;
  let runtime: SageMakerRuntimeClient;
  let metadata: Awaited<ReturnType<typeof openMetadata>>;
  const invoke = (input: Partial<ConstructorParameters<typeof InvokeEndpointCommand>[0]>) =>
    runtime.send(
      new InvokeEndpointCommand({ EndpointName: 'abalone', ContentType: 'text/csv', Body: Buffer.from('1,2\n'), ...input }),
    );

  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25 });
    metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    const catalog = metadata.endpoints;
    for (const [name, w] of [
      ['m2', 2],
      ['m3', 3],
    ] as const) {
      const dir = join(root, 'models', name);
      await saveLinearModel(dir, linearModel([w, 1], 0.5));
      await catalog.createModel({ name, containers: [{ modelDataUrl: `file://${dir}` }], inferenceMode: 'Serial', tags: [] });
    }
    await catalog.createEndpointConfig({
      name: 'ab',
      productionVariants: [variant('A', 'm2', 1), variant('B', 'm3', 1)],
      shadowVariants: [],
      tags: [],
    });
    await catalog.createEndpoint('abalone', 'ab');
    runtime = new SageMakerRuntimeClient({
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' },
    });
    await live(server.url, 'abalone');
  });
  after(async () => {
    runtime?.destroy();
    await server?.stop();
    await metadata?.close();
  });

  test('answers with the model, naming the variant that answered', async () => {
    const out = await invoke({
      TargetVariant: 'B',
      Accept: 'application/json',
      CustomAttributes: 'trace=1',
      InferenceId: 'req-1',
    });
    assert.equal(out.InvokedProductionVariant, 'B');
    assert.equal(out.ContentType, 'application/json');
    assert.deepEqual(JSON.parse(Buffer.from(out.Body).toString()), { predictions: [{ score: 3 + 2 + 0.5 }] });
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) seen.add((await invoke({})).InvokedProductionVariant as string);
    assert.deepEqual([...seen].sort(), ['A', 'B']);
  });

  test('the live view counts variants and instances', async () => {
    const res = await fetch(`${server.url}/api/v1/endpoints/abalone/live`);
    assert.deepEqual(await res.json(), {
      variants: [
        { variantName: 'A', instances: 1, inFlight: 0, queued: 0 },
        { variantName: 'B', instances: 1, inFlight: 0, queued: 0 },
      ],
    });
    assert.equal((await fetch(`${server.url}/api/v1/endpoints/nope/live`)).status, 404);
  });

  test('an unknown endpoint or variant is a ValidationError naming it', async () => {
    await assert.rejects(
      invoke({ EndpointName: 'nope' }),
      fails('ValidationError', /^Endpoint nope of account 000000000000 not found\.$/, 400),
    );
    await assert.rejects(
      invoke({ TargetVariant: 'C' }),
      fails('ValidationError', /no production variant "C"\. Its variants: A, B\./, 400),
    );
  });

  test("bad payloads are ModelError (424) with the model's status and message; the endpoint stays up", async () => {
    const cases: [Partial<ConstructorParameters<typeof InvokeEndpointCommand>[0]>, RegExp, number][] = [
      [{ Body: Buffer.from('1,2,3\n') }, /the record has 3 features, but the model expects 2/, 400],
      [{ Body: Buffer.from('1,abc\n') }, /abc/, 400],
      [{ Body: Buffer.from('{"instances": [1,'), ContentType: 'application/json' }, /not valid JSON/, 400],
      [{ ContentType: 'image/png' }, /image\/png/, 415],
    ];
    for (const [input, message, original] of cases) {
      await assert.rejects(invoke(input), (err: ModelError) => {
        fails('ModelError', message, 424)(err);
        assert.equal(err.OriginalStatusCode, original);
        assert.match(err.OriginalMessage ?? '', message);
        assert.equal(err.LogStreamArn, 'arn:aws:logs:eu-west-1:000000000000:log-group:/aws/sagemaker/Endpoints/abalone');
        return true;
      });
    }
    assert.equal((await invoke({ TargetVariant: 'A' })).InvokedProductionVariant, 'A');
  });

  test('a body over 6 MB is refused before it reaches the model', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024 + 1, 0x31);
    await assert.rejects(invoke({ Body: big }), fails('ValidationError', /less than or equal to 6291456/, 413));
  });

  test('InvokeEndpointAsync says the endpoint is not asynchronous', async () => {
    await assert.rejects(
      runtime.send(new InvokeEndpointAsyncCommand({ EndpointName: 'abalone', InputLocation: 's3://b/in.csv' })),
      fails('ValidationError', /not an asynchronous endpoint/),
    );
  });

  test('an endpoint whose model data is missing is Failed and not found to InvokeEndpoint', async () => {
    const catalog = metadata.endpoints;
    await catalog.createModel({
      name: 'lost',
      containers: [{ modelDataUrl: join(root, 'gone') }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await catalog.createEndpointConfig({
      name: 'lost',
      productionVariants: [variant('L', 'lost')],
      shadowVariants: [],
      tags: [],
    });
    await catalog.createEndpoint('lost', 'lost');
    let status = '';
    for (let i = 0; i < 300 && status !== 'Failed'; i++) {
      status = (await catalog.getEndpoint('lost'))?.status ?? '';
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.match((await catalog.getEndpoint('lost'))?.failureReason ?? '', /Variant "L" \(model "lost"\).*gone/);
    await assert.rejects(
      invoke({ EndpointName: 'lost' }),
      fails('ValidationError', /Endpoint lost of account 000000000000 not found/),
    );
  });
});
