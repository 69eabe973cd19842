import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { saveLinearModel } from '../../../src/ml/linear-model.js';
import { claimedRegion, claimInvocation } from '../../../src/server/aws/sagemaker-runtime/invoke-fast-path.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModel, variant } from '../../serving/host/host-fixture.js';

const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261206/eu-west-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0';
const LIMIT = 6 * 1024 * 1024;

describe('which requests the InvokeEndpoint fast path claims', () => {
  const headers = { authorization: SIGNED, 'content-length': '4' };
  test('a signed POST to a plain endpoint name with a declared length: name and region', () => {
    assert.equal(claimInvocation('POST', '/endpoints/my-ep-2/invocations', headers, LIMIT), 'my-ep-2');
    assert.equal(claimedRegion(headers), 'eu-west-1');
  });
  test('anything the generic chain answers differently or must decode is left to it', () => {
    const declined: [string, string, Record<string, string>][] = [
      ['GET', '/endpoints/ep/invocations', headers],
      ['POST', '/endpoints/ep/async-invocations', headers],
      ['POST', '/endpoints/ep/invocations?x=1', headers],
      ['POST', '/endpoints/my%20ep/invocations', headers],
      ['POST', '/endpoints/../invocations', headers],
      ['POST', '/endpoints/ep/invocations', { ...headers, 'x-amz-target': 'SageMaker.ListModels' }],
      ['POST', '/endpoints/ep/invocations', { authorization: SIGNED }],
      ['POST', '/endpoints/ep/invocations', { authorization: SIGNED, 'transfer-encoding': 'chunked' }],
      ['POST', '/endpoints/ep/invocations', { ...headers, 'content-length': String(LIMIT + 1) }],
      ['POST', '/endpoints/ep/invocations', { 'content-length': '4' }],
      ['POST', '/endpoints/ep/invocations', { ...headers, authorization: SIGNED.replace('/sagemaker/', '/s3/') }],
      ['POST', '/endpoints/ep/invocations', { ...headers, authorization: SIGNED.replace('/sagemaker/', '/sagemakerx/') }],
      ['POST', '/endpoints/ep/invocations', { ...headers, authorization: SIGNED.replace('/eu-west-1/', '/') }],
      ['POST', '/endpoints/ep/invocations', { ...headers, authorization: SIGNED.replace('AWS4-HMAC-SHA256 ', '') }],
    ];
    for (const [method, url, h] of declined) assert.equal(claimInvocation(method, url, h, LIMIT), undefined, `${method} ${url}`);
  });
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** POSTs `body` with a declared length (the fast path's) or chunked (the generic chain's). */
function post(url: string, path: string, body: string, headers: Record<string, string>, chunked: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length: Record<string, string> = chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request(`${url}${path}`, { method: 'POST', headers: { authorization: SIGNED, ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (chunked) req.write(body.slice(0, 1));
    req.end(chunked ? body.slice(1) : body);
  });
}

/** What must be the same whichever path answered (the request id differs, its shape must not). */
function comparable(a: Answer) {
  const { date: _date, 'x-amzn-requestid': id, 'transfer-encoding': _te, ...headers } = a.headers;
  assert.match(String(id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return { status: a.status, headers, body: a.body };
}

describe('the fast path answers as the generic chain does', () => {
  const root = scratchDir('godwit-fast-path-');
  const home = godwitHome(join(root, 'home'));
  const lines: string[] = [];
  let server: RunningServer;

  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: (line) => lines.push(line), endpointTickMs: 25 });
    const metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    const dir = join(root, 'model');
    await saveLinearModel(dir, linearModel([2, 1], 0.5));
    await metadata.endpoints.createModel({
      name: 'm',
      containers: [{ modelDataUrl: `file://${dir}` }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await metadata.endpoints.createEndpointConfig({
      name: 'ab',
      productionVariants: [variant('A', 'm', 1), variant('B', 'm', 1)],
      shadowVariants: [],
      tags: [],
    });
    await metadata.endpoints.createEndpoint('fast', 'ab');
    await metadata.close();
    for (let i = 0; i < 300; i++) {
      if ((await post(server.url, '/endpoints/fast/invocations', '1,2\n', { 'content-type': 'text/csv' }, true)).status === 200)
        break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  after(() => server?.stop());

  const cases: [string, string, string, Record<string, string>][] = [
    [
      'an answer',
      'fast',
      '1,2\n',
      { 'content-type': 'text/csv', 'x-amzn-sagemaker-target-variant': 'B', accept: 'application/json' },
    ],
    ['an unknown variant', 'fast', '1,2\n', { 'content-type': 'text/csv', 'x-amzn-sagemaker-target-variant': 'C' }],
    ['an unknown endpoint', 'nope', '1,2\n', { 'content-type': 'text/csv' }],
    ['a ModelError', 'fast', '1,abc\n', { 'content-type': 'text/csv', 'x-amzn-sagemaker-target-variant': 'A' }],
    ['an empty body', 'fast', '', { 'content-type': 'text/csv', 'x-amzn-sagemaker-target-variant': 'A' }],
  ];
  for (const [what, name, body, headers] of cases) {
    test(`${what}: the same status, headers and body; the access line names the door and operation`, async () => {
      lines.length = 0;
      const path = `/endpoints/${name}/invocations`;
      const fast = await post(server.url, path, body, headers, false);
      const generic = await post(server.url, path, body, headers, true);
      assert.deepEqual(comparable(fast), comparable(generic));
      const [fastLine, genericLine] = lines.map((l) => l.split(' '));
      assert.deepEqual(fastLine?.slice(1, 6), [String(fast.status), 'POST', path, 'sagemaker-runtime', 'InvokeEndpoint']);
      assert.deepEqual(genericLine?.slice(1, 6), fastLine?.slice(1, 6));
      assert.equal(fastLine?.[7], fast.headers['x-amzn-requestid']);
    });
  }
});
