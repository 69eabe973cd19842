import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { alive } from '../../src/server/server-files.js';

test('a zombie (exited, not yet reaped) does not count as a running server', { skip: process.platform !== 'linux' }, async () => {
  // The shell starts a child that exits shortly after the shell has become `sleep 5`, which never
  // reaps it (the shell itself might, were it still the parent).
  const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
    const pid = Number(chunk.toString().trim());
    for (let i = 0; i < 200; i++) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat[stat.lastIndexOf(')') + 2] === 'Z') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(alive(pid), false);
    assert.equal(alive(parent.pid as number), true);
    assert.equal(alive(process.pid), true);
  } finally {
    parent.kill('SIGKILL');
  }
});
