import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Caller } from '../../src/governance/governance-records.js';
import { fn, pipeline } from '../../src/pipeline/dsl/index.js';
import { callerOfRun, resolveRunAs } from '../../src/runtime/run-caller.js';
import { cli } from '../cli/capture.js';
import { harness } from '../helpers/harness.js';

const seen = (c: Caller) => (c.kind === 'principal' ? c.principal.arn : `local:${c.user}`);

describe('a run acts as its caller', () => {
  test('recorded as startedBy (the ARN), seen by every step, kept on resume', async () => {
    const h = await harness();
    try {
      const callers: string[] = [];
      let broken = true;
      const p = pipeline('as-ana', {
        steps: [
          fn('look', {
            run: (ctx) => {
              callers.push(seen(ctx.caller));
              if (broken) throw new Error('first time fails');
            },
          }),
        ],
      });
      const { caller } = await resolveRunAs('ana');
      const first = await h.run(p, {}, { caller });
      assert.equal(first.status, 'failed');
      const record = await h.services.metadata.store.getRun(first.runId);
      assert.equal(record?.startedBy, 'arn:aws:iam::000000000000:user/ana');
      broken = false;
      assert.equal((await h.resume(p, first.runId)).status, 'succeeded');
      assert.deepEqual(callers, ['arn:aws:iam::000000000000:user/ana', 'arn:aws:iam::000000000000:user/ana']);

      const local = await h.run(p);
      assert.equal(local.status, 'succeeded');
      assert.match(callers[2], /^local:/, 'without --as, the local user');
      assert.doesNotMatch(String((await h.services.metadata.store.getRun(local.runId))?.startedBy), /^arn:/);
    } finally {
      await h.close();
    }
  });

  test('names and ARNs: a role ARN stays a role; a local startedBy is the local user', async () => {
    const role = await resolveRunAs('arn:aws:iam::000000000000:role/etl');
    assert.equal(role.caller.kind === 'principal' && role.caller.principal.kind, 'role');
    assert.equal(role.unchecked, true, 'no principal store to check it against');
    assert.deepEqual(await callerOfRun('maria'), { kind: 'local', user: 'maria' });
    const found = await resolveRunAs('ana', async () => ({
      name: 'ana',
      kind: 'user',
      arn: 'arn:aws:iam::000000000000:user/ana',
      policies: [],
      createdAt: new Date(0),
    }));
    assert.equal(found.unchecked, false);
  });

  test('godwit run --as cannot change a resumed run', async () => {
    const r = await cli(['run', '--resume', 'run-x', '--as', 'ana']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--as cannot change a resumed run/);
  });
});
