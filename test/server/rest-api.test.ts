import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serverFixture } from './server-fixture.js';

describe("Godwit's REST API, over HTTP", () => {
  let f: Awaited<ReturnType<typeof serverFixture>>;
  let url: string;
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON came back and asserts on it.
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  before(async () => {
    f = await serverFixture();
    url = (await f.start()).url;
  });
  after(async () => f?.close());

  test('health names the home and the process', async () => {
    const { status, body } = await get('/api/v1/health');
    assert.equal(status, 200);
    assert.deepEqual([body.status, body.pid, body.home, body.url], ['ok', process.pid, f.h.home.root, url]);
  });

  test('runs: list (with pipeline filter and limit), show, logs', async () => {
    const list = await get('/api/v1/runs');
    assert.deepEqual(
      list.body.runs.map((r: { id: string; status: string }) => [r.id, r.status]),
      [
        [f.failed, 'failed'],
        [f.passed, 'succeeded'],
      ],
    );
    assert.equal((await get('/api/v1/runs?limit=1')).body.runs.length, 1);
    assert.deepEqual((await get('/api/v1/runs?pipeline=other')).body.runs, []);
    const show = await get(`/api/v1/runs/${f.passed}`);
    assert.equal(show.body.id, f.passed);
    assert.deepEqual(
      show.body.steps.map((s: { name: string; status: string }) => [s.name, s.status]),
      [
        ['make', 'succeeded'],
        ['check', 'succeeded'],
        ['register', 'succeeded'],
        ['too-high', 'skipped'],
      ],
    );
    assert.deepEqual(
      show.body.modelVersions.map((v: { group: string; version: number }) => [v.group, v.version]),
      [['Greeter', 1]],
    );
    const log = await fetch(`${url}/api/v1/runs/${f.passed}/steps/make/logs`);
    assert.equal(log.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(log.headers.get('x-godwit-attempt'), '1');
    assert.match(await log.text(), /made/);
  });

  test('errors carry a stable code, a message and a hint, with 404 for what does not exist', async () => {
    const run = await get('/api/v1/runs/run-nope');
    assert.equal(run.status, 404);
    assert.equal(run.body.error.code, 'E_RUN_NOT_FOUND');
    assert.match(run.body.error.hint, /godwit runs list/);
    const step = await get(`/api/v1/runs/${f.passed}/steps/nope/logs`);
    assert.deepEqual([step.status, step.body.error.code], [404, 'E_STEP_NOT_FOUND']);
    const attempt = await get(`/api/v1/runs/${f.passed}/steps/make/logs?attempt=x`);
    assert.deepEqual([attempt.status, attempt.body.error.code], [400, 'E_REQUEST_PARAMETER']);
    const encoding = await get('/api/v1/runs/%zz');
    assert.deepEqual([encoding.status, encoding.body.error.code], [400, 'E_REQUEST_PARAMETER']);
    const route = await get('/api/v1/nothing-here');
    assert.deepEqual([route.status, route.body.error.code], [404, 'E_ROUTE_NOT_FOUND']);
    const outside = await get('/not-the-api');
    assert.equal(outside.status, 404);
    const method = await fetch(`${url}/api/v1/runs`, { method: 'DELETE' });
    assert.equal(method.status, 405);
  });

  test('a request target URL cannot parse is a 400, and the server keeps serving', async () => {
    const { port } = new URL(url);
    const first = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.on('data', (d) => {
        resolve(d.toString().split('\r\n')[0]);
        socket.destroy();
      });
      socket.on('error', reject);
    });
    assert.equal(first, 'HTTP/1.1 400 Bad Request');
    assert.equal((await get('/api/v1/health')).status, 200);
  });

  test('models: groups, versions, one version with its history; approve and reject write the audit log', async () => {
    const groups = await get('/api/v1/models');
    assert.deepEqual(
      groups.body.groups.map((g: { name: string; versions: number }) => [g.name, g.versions]),
      [['Greeter', 1]],
    );
    assert.deepEqual(
      (await get('/api/v1/models/Greeter')).body.versions.map((v: { version: number }) => v.version),
      [1],
    );
    const approve = await fetch(`${url}/api/v1/models/Greeter/versions/1/approve`, {
      method: 'POST',
      body: JSON.stringify({ note: 'checked by hand', actor: 'alice' }),
    });
    assert.equal(approve.status, 200);
    assert.equal(((await approve.json()) as { approvalStatus: string }).approvalStatus, 'Approved');
    const reject = await fetch(`${url}/api/v1/models/Greeter/versions/1/reject`, { method: 'POST' });
    assert.equal(((await reject.json()) as { approvalStatus: string }).approvalStatus, 'Rejected');
    const one = await get('/api/v1/models/Greeter/versions/1');
    assert.deepEqual(
      one.body.history.map((e: { to: string; actor: string; note?: string }) => [e.to, e.actor, e.note ?? null]).slice(1),
      [
        ['Approved', 'alice', 'checked by hand'],
        ['Rejected', 'api', null],
      ],
    );
    assert.deepEqual((await get('/api/v1/models/Nope')).body.error.code, 'E_MODEL_GROUP_NOT_FOUND');
    assert.equal((await get('/api/v1/models/Greeter/versions/7')).status, 404);
    for (const body of ['[1]', JSON.stringify({ actor: 7 }), JSON.stringify({ actor: ' ' })]) {
      const badBody = await fetch(`${url}/api/v1/models/Greeter/versions/1/approve`, { method: 'POST', body });
      assert.deepEqual(
        [badBody.status, ((await badBody.json()) as { error: { code: string } }).error.code],
        [400, 'E_REQUEST_BODY'],
        body,
      );
    }
  });
});

describe('AWS JSON protocol errors, over raw HTTP', () => {
  let f: Awaited<ReturnType<typeof serverFixture>>;
  let url: string;
  const auth =
    'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261205/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=00';
  const post = (target: string, body: string) =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: auth, 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
      body,
    });
  before(async () => {
    f = await serverFixture();
    url = (await f.start({ bodyLimit: 4096 })).url;
  });
  after(async () => f?.close());

  test('a body over the limit is refused, and its connection closed, in each front door shape', async () => {
    const big = JSON.stringify({ note: 'x'.repeat(10_000) });
    const rest = await fetch(`${url}/api/v1/models/Greeter/versions/1/approve`, { method: 'POST', body: big });
    assert.equal(rest.status, 413);
    assert.equal(rest.headers.get('connection'), 'close');
    assert.equal(((await rest.json()) as { error: { code: string } }).error.code, 'E_SERVER_BODY_TOO_LARGE');
    assert.equal((await f.h.services.metadata.registry.getVersion('Greeter', 1))?.approvalStatus, 'PendingManualApproval');
    const aws = await post('SageMaker.ListModelPackages', big);
    assert.equal(aws.status, 400);
    assert.match(((await aws.json()) as { message: string }).message, /over 4096 bytes/);
  });

  test('bad JSON, an unknown action and a validation error have AWS shapes and request ids', async () => {
    const cases: [string, string, string][] = [
      ['SageMaker.ListModelPackages', '{not json', 'SerializationException'],
      ['SageMaker.DeleteEverything', '{}', 'UnknownOperationException'],
      ['SageMaker.ListPipelineExecutions', '{}', 'ValidationException'],
      ['SageMaker.ListModelPackages', '{"MaxResults": 1000}', 'ValidationException'],
      ['SageMaker.ListModelPackages', '{"NextToken": "bm9wZQ"}', 'ValidationException'],
    ];
    for (const [target, body, type] of cases) {
      const res = await post(target, body);
      assert.equal(res.status, 400, target);
      assert.equal(res.headers.get('x-amzn-errortype'), type);
      assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
      const json = (await res.json()) as { __type: string; message: string };
      assert.equal(json.__type, type);
      assert.ok(json.message.length > 0);
    }
  });

  test('InvokeEndpoint answers that no such endpoint exists, as SageMaker Runtime does', async () => {
    const res = await fetch(`${url}/endpoints/my-endpoint/invocations`, {
      method: 'POST',
      headers: { authorization: auth },
      body: '1,2,3',
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'ValidationError');
    assert.deepEqual(await res.json(), {
      __type: 'ValidationError',
      message: 'Endpoint my-endpoint of account 000000000000 not found.',
    });
  });
});
