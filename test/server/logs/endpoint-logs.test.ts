import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { PYTHON } from '../../contracts/helpers.js';
import { scratchDir } from '../../helpers/scratch.js';
import { FIXTURE } from '../../serving/container-fixture.js';
import { variant } from '../../serving/host/host-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

async function live(url: string, name: string, instances: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const body = (await (await fetch(`${url}/api/v1/endpoints/${name}/live`)).json()) as {
      variants?: { instances: number }[];
    };
    if (body.variants?.[0]?.instances === instances) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`endpoint ${name} never served`);
}

// A real endpoint served by the endpoint host: two container instances (a real process each).
describe("An endpoint's container instances as CloudWatch Logs streams", () => {
  const root = scratchDir('godwit-endpoint-logs-');
  const home = godwitHome(join(root, 'home'));
  let server: RunningServer | undefined;
  let metadata: Awaited<ReturnType<typeof openMetadata>>;
  const client = () =>
    new CloudWatchLogsClient({
      endpoint: server?.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' },
    });
  const GROUP = '/aws/sagemaker/Endpoints/echo';

  before(async () => {
    // The endpoint is recorded before the server starts (it serves what the catalog holds): two
    // SQLite connections writing in one process can stall each other on the write lock, as a
    // CLI and a server in separate processes never do.
    metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    const model = join(root, 'model');
    mkdirSync(model);
    writeFileSync(join(model, 'model.txt'), 'weights');
    await metadata.endpoints.createModel({
      name: 'echo-model',
      containers: [{ modelDataUrl: `file://${model}`, command: [PYTHON, FIXTURE] }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await metadata.endpoints.createEndpointConfig({
      name: 'echo-config',
      productionVariants: [variant('AllTraffic', 'echo-model', 1, 2)],
      shadowVariants: [],
      tags: [],
    });
    await metadata.endpoints.createEndpoint('echo', 'echo-config');
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25 });
    await live(server.url, 'echo', 2);
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  test("each instance is a stream <variant>/<instance id> holding the container's output", async () => {
    const logs = client();
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
    const names = (logStreams ?? []).map((s) => s.logStreamName ?? '');
    assert.equal(names.length, 2);
    for (const name of names) assert.match(name, /^AllTraffic\/i-[0-9a-f]{17}$/);
    const { events } = await logs.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: names[0], startFromHead: true }),
    );
    assert.match(events?.[0]?.message ?? '', /^fixture starting, mode= argv=\['serve'\]$/);
    logs.destroy();
  });

  test('the logs outlive a restart of the server, which starts new instances beside them', async () => {
    const before = client();
    const earlier = (await before.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }))).logStreams ?? [];
    before.destroy();
    await server?.stop();
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25 });
    await live(server.url, 'echo', 2);
    const logs = client();
    const now = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }))).logStreams ?? [];
    assert.equal(now.length, 4);
    for (const stream of earlier) assert.ok(now.some((s) => s.logStreamName === stream.logStreamName));
    logs.destroy();
  });
});
