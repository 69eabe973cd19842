import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { fn } from './engine-fixture.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/engine-process.ts', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** Runs the fixture; resolves with its first line of output and a promise of its exit. */
async function engineProcess(args: string[]): Promise<{ child: ChildProcess; line: string; exited: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    ['--conditions=godwit-source', '--import', import.meta.resolve('tsx'), FIXTURE, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    exited.then((code) => reject(new Error(`the engine process exited with ${code}`)));
  });
  return { child, line, exited };
}

async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('an engine killed with SIGKILL resumes in a new process from its recorded progress', () => {
  test('a Wait keeps its recorded end time: the new process does not wait again', async () => {
    const dir = scratchDir('godwit-sfn-kill-');
    const home = join(dir, 'home');
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Before',
      States: {
        Before: { Type: 'Pass', Output: { n: '{% $states.input.n + 1 %}' }, Next: 'Nap' },
        Nap: { Type: 'Wait', Seconds: 3, Next: 'After' },
        After: { Type: 'Pass', Output: { n: '{% $states.input.n * 10 %}' }, End: true },
      },
    });
    const first = await engineProcess([home, join(dir, 'log'), 'start', definition]);
    const arn = first.line;
    const metadata = await openMetadata(godwitHome(home), systemClock, {});
    try {
      const history = async () => (await metadata.workflows.history(arn)).items;
      await eventually(async () => (await history()).some((e) => e.type === 'WaitStateEntered'), 'the wait to be recorded');
      first.child.kill('SIGKILL');
      await first.exited;
      const entered = (await history()).find((e) => e.type === 'WaitStateEntered');
      assert.equal((await metadata.workflows.getExecution(arn))?.status, 'RUNNING');
      // Restart once the recorded end time has passed: a resumed Wait ends at once, a restarted one would take 3 s more.
      await new Promise((r) => setTimeout(r, Math.max(0, (entered?.timestamp.getTime() ?? 0) + 3500 - Date.now())));
      const second = await engineProcess([home, join(dir, 'log'), 'recover']);
      assert.equal(await second.exited, 0);
      const execution = await metadata.workflows.getExecution(arn);
      assert.equal(execution?.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(execution?.output ?? ''), { n: 20 });
      const events = await history();
      const exited = events.find((e) => e.type === 'WaitStateExited');
      assert.ok((exited?.timestamp.getTime() ?? 0) - Number(second.line) < 2500, 'the resumed wait did not start over');
      assert.deepEqual(
        events.map((e) => e.type),
        [
          'ExecutionStarted',
          'PassStateEntered',
          'PassStateExited',
          'WaitStateEntered',
          'WaitStateExited',
          'PassStateEntered',
          'PassStateExited',
          'ExecutionSucceeded',
        ],
      );
      assert.deepEqual(
        events.map((e) => e.id),
        events.map((_, i) => i + 1),
      );
    } finally {
      await metadata.close();
    }
  });

  test('a Task in flight is called again with the same idempotency token, and the history says at-least-once', async () => {
    const dir = scratchDir('godwit-sfn-kill-');
    const home = join(dir, 'home');
    const log = join(dir, 'calls.log');
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: fn('remember'), Arguments: { n: '{% $states.input.n %}' }, End: true } },
    });
    const first = await engineProcess([home, log, 'start', definition]);
    await eventually(() => existsSync(log), 'the task to be called');
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await engineProcess([home, log, 'recover']);
    assert.equal(await second.exited, 0);
    const tokens = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(tokens.length, 2);
    assert.equal(tokens[0], tokens[1]);
    const metadata = await openMetadata(godwitHome(home), systemClock, {});
    try {
      const execution = await metadata.workflows.getExecution(first.line);
      assert.equal(execution?.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(execution?.output ?? ''), { remembered: tokens[0] });
      const events = (await metadata.workflows.history(first.line)).items;
      assert.equal(events.filter((e) => e.type === 'TaskScheduled').length, 1);
      const started = events.filter((e) => e.type === 'TaskStarted');
      assert.equal(started.length, 2);
      assert.deepEqual(started[1].details, {
        resourceType: 'lambda',
        resource: fn('remember'),
        resumed: true,
        delivery: 'at-least-once',
      });
    } finally {
      await metadata.close();
    }
  });
});
