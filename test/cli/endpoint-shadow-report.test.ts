import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parseSince } from '../../src/cli/commands/endpoint-shadow-report.js';
import { godwitHome } from '../../src/core/home.js';
import { ShadowRecorder } from '../../src/serving/shadow/shadow-recorder.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

describe('godwit endpoints shadow-report', () => {
  let env: NodeJS.ProcessEnv;
  before(async () => {
    const root = join(scratchDir('godwit-shadow-cli-'), 'home');
    env = { GODWIT_HOME: root };
    const clock = new FakeClock(Date.parse('2026-12-05T08:00:00Z'));
    const recorder = new ShadowRecorder({ home: godwitHome(root), clock });
    const side = (score: number, latencyMs: number) => ({ body: Buffer.from(`${score}\n`), contentType: 'text/csv', latencyMs });
    const req = { body: Buffer.from('1,2\n'), contentType: 'text/csv' };
    for (let i = 1; i <= 4; i++)
      recorder.record('abalone', 'AllTraffic', 'candidate', req, side(10, i), side(10 + i / 100, 2 * i));
    recorder.record('abalone', 'AllTraffic', 'candidate', req, side(10, 1), {
      latencyMs: 7,
      error: { code: 'E_MODEL_ERROR', message: 'x' },
    });
    await recorder.close();
  });

  test('prints one row per shadow variant from the recorded observations, no server needed', async () => {
    const r = await cli(['endpoints', 'shadow-report', 'abalone', '--tolerance', '0.0025'], env);
    assert.equal(r.code, 0, r.stderr);
    const [head, line] = r.stdout.trimEnd().split('\n');
    assert.match(head, /^SHADOW +REQUESTS +COMPARED +EXACT +WITHIN 0\.0025 +MEAN \|Δ\| +MAX \|Δ\| +MAX REL/);
    // Differences 0.01…0.04 against 10: within 0.0025·10 = 0.025 for two of four. Latency
    // percentiles count the errored request too: production 1,1,2,3,4 ms; shadow 2,4,6,7,8 ms.
    assert.match(line, /^candidate +5 +4 +0\.0 % +50\.0 % +0\.025 +0\.04 +0\.00398 +2\/4\/4 → 6\/8\/8 +0\/1$/);
  });

  test('--json gives the report; --since narrows it; the singular noun works too', async () => {
    const r = await cli(['endpoint', 'shadow-report', 'abalone', '--json', '--since', '2026-12-05T09:00:00Z'], env);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.endpoint, 'abalone');
    assert.equal(report.variants[0].requests, 0);
    const all = JSON.parse((await cli(['endpoints', 'shadow-report', 'abalone', '--json'], env)).stdout);
    assert.deepEqual(all.variants[0].errors.shadow, { count: 1, byCode: { E_MODEL_ERROR: 1 } });
  });

  test('an endpoint without records, and bad flag values, are errors a user can act on', async () => {
    const none = await cli(['endpoints', 'shadow-report', 'nope'], env);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Endpoint "nope" has no shadow-test records/);
    const bad = await cli(['endpoints', 'shadow-report', 'abalone', '--tolerance', '-1'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--tolerance must be a number of at least 0, not "-1"/);
    assert.equal((await cli(['endpoints', 'shadow-report', 'abalone', '--since', 'yesterday'], env)).code, 2);
  });

  test('--since reads ages and ISO times', () => {
    const now = new Date('2026-12-05T12:00:00Z');
    assert.equal(parseSince('90m', now).toISOString(), '2026-12-05T10:30:00.000Z');
    assert.equal(parseSince('7d', now).toISOString(), '2026-11-28T12:00:00.000Z');
    assert.equal(parseSince('2026-12-05T09:00Z', now).toISOString(), '2026-12-05T09:00:00.000Z');
  });
});
