import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DescribeEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { serverChild } from '../helpers/server-child.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/audit-server.ts', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
});

const REQUESTS = 40;
/** The answers the client has when the server is killed. */
const ANSWERED_BEFORE_KILL = 20;

describe('the access log is durable: a decision is written before its answer leaves', () => {
  test('every decision the client got an answer for is in the log after the server is SIGKILLed', async () => {
    const home = godwitHome(join(scratchDir('godwit-audit-kill-'), 'home'));
    const setup = await openMetadata(home, systemClock, {});
    await setup.principals.create({
      name: 'ana',
      kind: 'user',
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sagemaker:DescribeEndpoint', Resource: 'arn:aws:sagemaker:*:*:endpoint/allowed-*' },
          ],
        },
      ],
    });
    const key = await setup.principals.createAccessKey('ana');
    await setup.close();

    const { child, url } = await serverChild(FIXTURE, home.root, children);
    const sm = new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: key, maxAttempts: 1 });
    await sm.send(new DescribeEndpointCommand({ EndpointName: 'allowed-warm-up' })).catch(() => undefined);
    const answered: string[] = [];
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // A burst of concurrent requests, half allowed (no such endpoint: ValidationException), half denied
    // (AccessDeniedException); the server is killed, without warning, as soon as 20 answers are in.
    await Promise.allSettled(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const name = `${i % 2 === 0 ? 'allowed' : 'denied'}-${i}`;
        try {
          await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
        } catch (err) {
          const type = (err as Error).name;
          if (type !== 'ValidationException' && type !== 'AccessDeniedException') return; // killed before it answered
          assert.equal(type, name.startsWith('allowed') ? 'ValidationException' : 'AccessDeniedException');
          answered.push(name);
          if (answered.length === ANSWERED_BEFORE_KILL) child.kill('SIGKILL');
        }
      }),
    );
    await exited;
    assert.ok(answered.length >= ANSWERED_BEFORE_KILL, `${answered.length} answers`);

    const after = await openMetadata(home, systemClock, {});
    try {
      const logged = await after.accessLog.list({ principal: 'ana', limit: 1000 });
      const decided = new Map(logged.map((d) => [d.resource.replace(/^.*endpoint\//, ''), d.decision]));
      for (const name of answered) {
        assert.equal(decided.get(name), name.startsWith('allowed') ? 'allowed' : 'denied', `the decision on ${name} is logged`);
      }
    } finally {
      await after.close();
    }
  });
});
