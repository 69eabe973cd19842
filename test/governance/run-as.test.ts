import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import type { Caller } from '../../src/governance/governance-records.js';
import { openMetadata } from '../../src/meta/index.js';
import { fn, pipeline } from '../../src/pipeline/dsl/index.js';
import { callerOfRun, resolveRunAs } from '../../src/runtime/run-caller.js';
import { cli } from '../cli/capture.js';
import { harness } from '../helpers/harness.js';
import { scratchDir } from '../helpers/scratch.js';

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
    assert.equal(role.unchecked, true, 'no lookup to check it against');
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

  test('godwit run --as: a principal of the home, recorded by ARN; an unknown one refused before anything runs', async () => {
    const env = { GODWIT_HOME: join(scratchDir('godwit-run-as-'), 'home') };
    const hello = join(process.cwd(), 'examples/yaml-hello/pipeline.yaml');
    const unknown = await cli(['run', hello, '--as', 'ghost'], env);
    assert.equal(unknown.code, 2, unknown.stdout);
    assert.match(unknown.stderr, /There is no principal "ghost" to run as\..*godwit principals create/);
    assert.equal(JSON.parse((await cli(['runs', 'list', '--json'], env)).stdout).length, 0, 'nothing ran');
    const metadata = await openMetadata(godwitHome(env.GODWIT_HOME), systemClock, {});
    await metadata.principals.create({ name: 'ana', kind: 'user' });
    await metadata.close();
    const ran = await cli(['run', hello, '--as', 'ana', '--json'], env);
    assert.equal(ran.code, 0, ran.stderr);
    const metadata2 = await openMetadata(godwitHome(env.GODWIT_HOME), systemClock, {});
    try {
      const [summary] = await metadata2.store.listRuns();
      assert.equal((await metadata2.store.getRun(summary.id))?.startedBy, 'arn:aws:iam::000000000000:user/ana');
    } finally {
      await metadata2.close();
    }
    const resumed = await cli(['run', '--resume', 'run-x', '--as', 'ana'], env);
    assert.equal(resumed.code, 2);
    assert.match(resumed.stderr, /--as cannot change a resumed run/);
  });
});
