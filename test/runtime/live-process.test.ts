/**
 * How a resume tells a step process left running from an unrelated one, on real processes: a
 * detached shell (its own process group, as a step's is) with a grandchild.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  describeProcess,
  endGroup,
  groupMembers,
  readProcessRecord,
  stillRunning,
  writeProcessRecord,
} from '../../src/runtime/live-process.js';
import { gone, running, waitForLines } from '../helpers/godwit-process.js';
import { scratchDir } from '../helpers/scratch.js';

describe('live step processes', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  test('a recorded group is found while it runs, told apart by host and start time, and ended with its grandchild', async () => {
    const dir = scratchDir('godwit-live-');
    // Ignores SIGTERM, so ending it takes the SIGKILL after the grace period.
    const child = spawn('sh', ['-c', `trap '' TERM; sleep 300 & echo $! > ${dir}/grandchild; wait`], {
      detached: true,
      stdio: 'ignore',
    });
    const pid = child.pid as number;
    try {
      const [grandchild] = (await waitForLines(join(dir, 'grandchild'), 1)).map(Number);
      const file = join(dir, 'attempt-1.process.json');
      await writeProcessRecord(file, describeProcess(pid, 'sh'));
      const record = readProcessRecord(file);
      assert.ok(record);
      assert.deepEqual(groupMembers(pid).sort(), [pid, grandchild].sort());
      assert.equal(stillRunning(record), true);
      assert.equal(stillRunning({ ...record, startTime: '1' }), false, 'the pid now belongs to a later process');
      assert.equal(stillRunning({ ...record, host: 'another-machine' }), false, 'cannot be checked from here');

      const started = Date.now();
      await endGroup(record.group, 300);
      assert.ok(Date.now() - started >= 300, 'SIGTERM was ignored: SIGKILL came after the grace period');
      assert.ok(await gone(pid, 2000));
      assert.equal(running(grandchild), false);
      assert.deepEqual(groupMembers(pid), []);
      assert.equal(stillRunning(record), false);
    } finally {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Ended by the test.
      }
    }
  });

  test('an unreadable record is no record', () => {
    assert.equal(readProcessRecord(join(scratchDir('godwit-live-'), 'missing.process.json')), undefined);
  });
});
