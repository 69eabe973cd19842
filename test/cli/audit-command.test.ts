import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sinceOf } from '../../src/cli/commands/audit.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

describe('godwit audit', () => {
  test('an empty log says so; bad flags are usage errors that say what to give', async () => {
    const env = { GODWIT_HOME: join(scratchDir('godwit-audit-cli-'), 'home') };
    const empty = await cli(['audit'], env);
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout.trim(), 'No access decisions match.');
    assert.deepEqual(JSON.parse((await cli(['audit', '--json'], env)).stdout), []);
    const both = await cli(['audit', '--denied', '--allowed'], env);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--denied or --allowed, not both/);
    const since = await cli(['audit', '--since', 'yesterday'], env);
    assert.equal(since.code, 2);
    assert.match(since.stderr, /neither an age \(30m, 1h, 7d\) nor an ISO time/);
    const limit = await cli(['audit', '--limit', '0'], env);
    assert.equal(limit.code, 2);
    assert.match(limit.stderr, /--limit must be a whole number/);
  });

  test('--since takes an age or an ISO time', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    assert.equal(sinceOf('1h', now).toISOString(), '2026-03-01T11:00:00.000Z');
    assert.equal(sinceOf('90s', now).toISOString(), '2026-03-01T11:58:30.000Z');
    assert.equal(sinceOf('2026-02-01T00:00:00Z', now).toISOString(), '2026-02-01T00:00:00.000Z');
  });
});
