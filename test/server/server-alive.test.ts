import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { alive } from '../../src/server/server-files.js';

/** The process's state letter from /proc (`S`, `R`, `Z`, …), or undefined once it is reaped. */
function state(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2];
  } catch {
    return undefined;
  }
}

test('a killed server its parent has not reaped yet (a zombie) is not alive', {
  skip: process.platform !== 'linux',
}, async () => {
  // The shell starts a child, prints its pid, then becomes `sleep`, which never reaps it.
  const parent = spawn('sh', ['-c', 'sleep 1000 & echo $!; exec sleep 1000'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const pid = Number((await new Promise<Buffer>((resolve) => parent.stdout.once('data', resolve))).toString().trim());
    assert.equal(alive(pid), true, 'a running process is alive');
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && state(pid) !== 'Z'; i++) await sleep(20);
    assert.equal(state(pid), 'Z', 'the killed child is left a zombie');
    assert.equal(alive(pid), false);
  } finally {
    parent.kill('SIGKILL');
  }
});
