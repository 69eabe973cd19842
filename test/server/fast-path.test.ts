import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastPath } from '../../src/server/http/fast-path.js';
import { type AccessEntry, listen } from '../../src/server/http/http-server.js';

describe("the HTTP server's fast path", () => {
  test('claimed requests skip the generic handler yet get its request id, length and access entry', async () => {
    const entries: AccessEntry[] = [];
    let handled = 0;
    const fast: FastPath = (req, res, server) => {
      if (req.url !== '/fast') return false;
      const request = {
        requestId: server.requestId(),
        method: 'POST',
        path: '/fast',
        door: 'test',
        started: performance.now(),
        unread: false,
      };
      req.resume();
      req.on('end', () => server.send(res, request, 201, ['content-type', 'text/plain'], 'héllo', 'Fast'));
      return true;
    };
    const http = await listen({
      host: '127.0.0.1',
      port: 0,
      bodyLimit: 1024,
      log: (entry) => entries.push(entry),
      fast,
      handle: async () => {
        handled++;
        return { reply: { status: 200, body: 'generic' }, door: 'generic' };
      },
    });
    try {
      const url = `http://127.0.0.1:${http.port}`;
      const res = await fetch(`${url}/fast`, { method: 'POST', body: 'x' });
      assert.equal(res.status, 201);
      assert.equal(await res.text(), 'héllo');
      assert.equal(res.headers.get('content-length'), '6');
      assert.equal(res.headers.get('content-type'), 'text/plain');
      const id = res.headers.get('x-amzn-requestid');
      assert.match(id ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(handled, 0);
      assert.equal(await (await fetch(`${url}/other`)).text(), 'generic');
      assert.equal(handled, 1);
      assert.deepEqual(
        entries.map((e) => [e.requestId === id, e.status, e.method, e.path, e.door, e.operation]),
        [
          [true, 201, 'POST', '/fast', 'test', 'Fast'],
          [false, 200, 'GET', '/other', 'generic', undefined],
        ],
      );
    } finally {
      await http.close();
    }
  });
});
