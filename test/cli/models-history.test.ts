import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

describe('godwit models history', () => {
  let env: NodeJS.ProcessEnv;
  before(async () => {
    env = { GODWIT_HOME: join(scratchDir('godwit-history-'), 'home'), USER: 'ana' };
    for (const model of ['file:///m/1/', 'file:///m/2/']) {
      const r = await cli(['models', 'register', 'Churn', '--model', model], env);
      assert.equal(r.code, 0, r.stderr);
    }
    assert.equal((await cli(['models', 'approve', 'Churn', '1', '--note', 'AUC checked'], env)).code, 0);
    assert.equal((await cli(['models', 'reject', 'Churn', '2', '--note', 'worse than 1'], { ...env, USER: 'bo' })).code, 0);
    assert.equal((await cli(['models', 'reject', 'Churn', '1'], env)).code, 0);
  });

  test('shows every approval change of the group, oldest first, with who and why', async () => {
    const r = await cli(['models', 'history', 'Churn'], env);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^WHEN +VERSION +CHANGE +BY +NOTE$/);
    const changes = lines.slice(1).map((l) => l.replace(/^\S+ \S+ +/, '').replace(/ +/g, ' '));
    assert.deepEqual(changes.slice(-3), [
      '1 PendingManualApproval → Approved ana AUC checked',
      '2 PendingManualApproval → Rejected bo worse than 1',
      '1 Approved → Rejected ana',
    ]);
  });

  test('VERSION narrows it to one version; --json gives the events', async () => {
    const r = await cli(['model', 'history', 'Churn', '1', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const events = JSON.parse(r.stdout);
    assert.deepEqual(
      events
        .filter((e: { from?: string }) => e.from)
        .map((e: { version: number; from: string; to: string; note?: string }) => [e.version, e.from, e.to, e.note]),
      [
        [1, 'PendingManualApproval', 'Approved', 'AUC checked'],
        [1, 'Approved', 'Rejected', undefined],
      ],
    );
    assert.ok(events.every((e: { version: number }) => e.version === 1));
  });

  test('an unknown group or version is a coded error that lists what exists', async () => {
    const group = await cli(['models', 'history', 'Nope'], env);
    assert.equal(group.code, 2);
    assert.match(group.stderr, /There is no model package group "Nope"\. List groups with: godwit models list/);
    const version = await cli(['models', 'history', 'Churn', '7'], env);
    assert.equal(version.code, 2);
    assert.match(version.stderr, /Model package group "Churn" has no version 7\. Its versions: 1, 2\./);
    const bad = await cli(['models', 'history', 'Churn', 'latest'], env);
    assert.match(bad.stderr, /VERSION must be a version number \(1, 2, …\), not "latest"/);
  });
});
