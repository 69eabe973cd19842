import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { StatesError } from '../../../src/workflows/asl/states-error.js';
import { httpIntegration } from '../../../src/workflows/integrations/http-integration.js';
import { taskCall } from './integrations-fixture.js';

const INVOKE = 'arn:aws:states:::http:invoke';

// A real HTTP server on loopback; what it received is kept for the assertions.
describe('http:invoke to loopback hosts', () => {
  const received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req
      .on('data', (d) => (body += d))
      .on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url?.startsWith('/missing')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such order"}');
          return;
        }
        res
          .writeHead(201, { 'content-type': 'application/json', 'x-order': 'o-1' })
          .end(JSON.stringify({ id: 'o-1', echo: body }));
      });
  });
  let base = '';
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  const http = httpIntegration();

  test('the request as given (method, headers, query, JSON body), and the HTTP Task answer', async () => {
    const out = (await http.invoke(
      taskCall(INVOKE, {
        ApiEndpoint: `${base}/orders`,
        Method: 'POST',
        Headers: { 'x-trace': 't-1' },
        QueryParameters: { dryRun: 'false' },
        RequestBody: { item: 'book', qty: 2 },
        Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:123456789012:connection/local/1' },
      }),
    )) as Record<string, unknown>;
    const last = received.at(-1);
    assert.equal(last?.method, 'POST');
    assert.equal(last?.url, '/orders?dryRun=false');
    assert.equal(last?.headers['x-trace'], 't-1');
    assert.equal(last?.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(last?.body ?? ''), { item: 'book', qty: 2 });
    assert.equal(out.StatusCode, '201');
    assert.equal(out.StatusText, 'Created');
    assert.deepEqual(out.ResponseBody, { id: 'o-1', echo: '{"item":"book","qty":2}' });
    assert.deepEqual((out.Headers as Record<string, string[]>)['x-order'], ['o-1']);
    assert.equal(http.delivery(INVOKE), 'at-least-once');
  });

  test('a status of 400 or more fails States.Http.StatusCode.<code> with the response as the cause', async () => {
    await assert.rejects(http.invoke(taskCall(INVOKE, { ApiEndpoint: `${base}/missing`, Method: 'GET' })), (err: StatesError) => {
      assert.equal(err.error, 'States.Http.StatusCode.404');
      assert.deepEqual(JSON.parse(err.causeText).ResponseBody, { message: 'no such order' });
      return true;
    });
  });

  test('localhost works; any other host is refused, naming it', async () => {
    const port = new URL(base).port;
    const out = (await http.invoke(taskCall(INVOKE, { ApiEndpoint: `http://localhost:${port}/ping`, Method: 'GET' }))) as {
      StatusCode: string;
    };
    assert.equal(out.StatusCode, '201');
    await assert.rejects(
      http.invoke(taskCall(INVOKE, { ApiEndpoint: 'https://api.example.com/orders', Method: 'GET' })),
      (err: StatesError) => {
        assert.match(err.causeText, /calls api\.example\.com, but Godwit's HTTP tasks reach loopback hosts only/);
        return true;
      },
    );
  });
});
