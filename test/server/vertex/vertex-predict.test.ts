import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { saveLinearModel } from '../../../src/ml/linear-model.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModel, variant } from '../../serving/host/host-fixture.js';

const PATH = '/v1/projects/my-project/locations/europe-west4/endpoints';

/** Waits until the server reports the endpoint serving. */
async function live(url: string, name: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const body = (await (await fetch(`${url}/api/v1/endpoints/${name}/live`)).json()) as { variants?: unknown[] };
    if (body.variants && body.variants.length > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`endpoint ${name} never served`);
}

// Vertex AI's REST shape, as its REST clients and `curl` send it (bearer token, JSON), against a
// real server hosting a real endpoint recorded through the library.
describe("Vertex AI's :predict and :rawPredict on the server", () => {
  const root = scratchDir('godwit-vertex-');
  const home = godwitHome(join(root, 'home'));
  let server: RunningServer;
  let metadata: Awaited<ReturnType<typeof openMetadata>>;
  const post = (path: string, body: string, contentType = 'application/json') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer local-token', 'content-type': contentType },
      body,
    });

  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25 });
    metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    const catalog = metadata.endpoints;
    const dir = join(root, 'models', 'abalone');
    await saveLinearModel(dir, linearModel([2, 1], 0.5));
    await catalog.createModel({
      name: 'abalone-v1',
      containers: [{ modelDataUrl: `file://${dir}` }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await catalog.createEndpointConfig({
      name: 'c',
      productionVariants: [variant('blue', 'abalone-v1')],
      shadowVariants: [],
      tags: [],
    });
    await catalog.createEndpoint('abalone', 'c');
    await live(server.url, 'abalone');
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  test('predict: instances in, predictions and the deployed model out', async () => {
    const res = await post(
      `${PATH}/abalone:predict`,
      JSON.stringify({
        instances: [
          [1, 2],
          [0, 0],
        ],
        parameters: { x: 1 },
      }),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { predictions: [{ score: 4.5 }, { score: 0.5 }], deployedModelId: 'blue' });
  });

  test('rawPredict: the body and content type as sent, the model bytes back with the deployed model header', async () => {
    const res = await post(`${PATH}/abalone:rawPredict`, '3,1\n', 'text/csv');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-vertex-ai-deployed-model-id'), 'blue');
    assert.equal(res.headers.get('x-vertex-ai-endpoint-id'), 'abalone');
    assert.equal(await res.text(), '7.5\n');
  });

  test("errors come in Google's shape: NOT_FOUND, INVALID_ARGUMENT with the model's message", async () => {
    const missing = await post(`${PATH}/nope:predict`, JSON.stringify({ instances: [[1, 2]] }));
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), {
      error: {
        code: 404,
        message: 'Endpoint `projects/my-project/locations/europe-west4/endpoints/nope` not found.',
        status: 'NOT_FOUND',
      },
    });
    const notJson = await post(`${PATH}/abalone:predict`, '{"instances": [');
    assert.equal(notJson.status, 400);
    assert.match(((await notJson.json()) as { error: { message: string } }).error.message, /^Invalid JSON payload received/);
    const empty = await post(`${PATH}/abalone:predict`, JSON.stringify({ inputs: [] }));
    assert.equal(((await empty.json()) as { error: { status: string } }).error.status, 'INVALID_ARGUMENT');
    const wrong = await post(`${PATH}/abalone:predict`, JSON.stringify({ instances: [[1, 2, 3]] }));
    assert.equal(wrong.status, 400);
    const { error } = (await wrong.json()) as { error: { code: number; message: string; status: string } };
    assert.equal(error.status, 'INVALID_ARGUMENT');
    assert.match(error.message, /Instance 0 must be 2 finite numbers/);
    const big = await post(`${PATH}/abalone:predict`, ' '.repeat(2 * 1024 * 1024));
    assert.equal(big.status, 400);
    assert.match(((await big.json()) as { error: { message: string } }).error.message, /exceeds the limit: 1572864 bytes/);
    const get = await fetch(`${server.url}${PATH}/abalone:predict`);
    assert.equal(get.status, 404);
  });

  test("@google-cloud/aiplatform's PredictionServiceClient (REST fallback, http) predicts against it", async () => {
    const { v1, helpers } = await import('@google-cloud/aiplatform');
    const { OAuth2Client } = await import('google-auth-library');
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'local-token' });
    const { port } = new URL(server.url);
    const client = new v1.PredictionServiceClient({
      apiEndpoint: '127.0.0.1',
      port: Number(port),
      fallback: true,
      protocol: 'http',
      authClient,
    });
    const [response] = await client.predict({
      endpoint: 'projects/my-project/locations/europe-west4/endpoints/abalone',
      // A bare list instance comes out of the SDK's REST encoder as {"0": 1, "1": 2} (its
      // protobuf Value → JSON mapping, not this server), so instances are SageMaker's {features}.
      instances: [helpers.toValue({ features: [1, 2] }) as object, helpers.toValue({ features: [2, 2] }) as object],
    });
    assert.equal(response.deployedModelId, 'blue');
    assert.deepEqual(
      response.predictions?.map((p) => helpers.fromValue(p as never)),
      [{ score: 4.5 }, { score: 6.5 }],
    );
    await client.close();
  });
});
