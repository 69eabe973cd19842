import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { godwitHome } from '../../src/core/home.js';
import { dispatcher } from '../../src/server/dispatch.js';
import type { FrontDoor } from '../../src/server/front-door.js';
import type { ServerContext } from '../../src/server/server-context.js';
import { pidFile } from '../../src/server/server-files.js';
import { startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';

const quiet = { host: '127.0.0.1', log: () => {} };

describe('startServer in this process', () => {
  test('one server per home; a taken port is E_SERVER_PORT_IN_USE and leaves no pid file', async () => {
    const a = godwitHome(join(scratchDir('godwit-server-'), 'a'));
    const b = godwitHome(join(scratchDir('godwit-server-'), 'b'));
    const first = await startServer(a, { ...quiet, port: 0 });
    try {
      await assert.rejects(startServer(a, { ...quiet, port: 0 }), {
        code: 'E_SERVER_RUNNING',
        message: new RegExp(`already runs at ${first.url} \\(pid ${process.pid}\\)`),
      });
      await assert.rejects(startServer(b, { ...quiet, port: first.port }), {
        code: 'E_SERVER_PORT_IN_USE',
        message: new RegExp(`Port ${first.port} on 127.0.0.1 is already in use`),
      });
      assert.equal(existsSync(pidFile(b)), false);
    } finally {
      await first.stop();
    }
    assert.equal(existsSync(pidFile(a)), false);
  });
});

describe('dispatch', () => {
  test('a front door that throws is a bare 500 in its shape; the stack goes to the log only', async () => {
    const logged: string[] = [];
    const context = {
      logError: (err: unknown, id: string) => logged.push(`${id} ${(err as Error).stack}`),
    } as unknown as ServerContext;
    const broken = (name: string, match: FrontDoor['match']): FrontDoor => ({
      name,
      match,
      load: async () => async () => {
        throw new Error('disk on fire at /secret/path');
      },
    });
    const handle = dispatcher(
      [
        broken('api', { protocol: 'godwit', path: /^\/api\// }),
        broken('sm', { protocol: 'aws-json', signingName: 'sagemaker', targetPrefix: 'SageMaker' }),
      ],
      context,
    );
    const base = { query: new URLSearchParams(), scope: undefined, region: 'us-east-1', body: async () => Buffer.alloc(0) };
    const rest = await handle({ ...base, method: 'GET', path: '/api/x', headers: {}, requestId: 'r1' });
    assert.equal(rest.reply.status, 500);
    assert.doesNotMatch(String(rest.reply.body), /disk on fire/);
    assert.equal(JSON.parse(String(rest.reply.body)).error.code, 'E_INTERNAL');
    const aws = await handle({ ...base, method: 'POST', path: '/', headers: { 'x-amz-target': 'SageMaker.X' }, requestId: 'r2' });
    assert.deepEqual([aws.reply.status, JSON.parse(String(aws.reply.body)).__type], [500, 'InternalFailure']);
    assert.doesNotMatch(String(aws.reply.body), /disk on fire/);
    assert.equal(logged.length, 2);
    assert.match(logged[0], /^r1 Error: disk on fire at \/secret\/path\n\s+at /);
  });
});
