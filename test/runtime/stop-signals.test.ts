/**
 * `godwit run` as a real process, stopped the ways a user or the system stops it: `kill`
 * (SIGTERM), a closed terminal (SIGHUP) and `kill -9`. The step is a shell that starts a
 * grandchild, both in the step's own process group, so nothing but Godwit can end them.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { godwitHome } from '../../src/core/home.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { gone, runGodwit, running, startGodwit, waitForLines } from '../helpers/godwit-process.js';
import { scratchDir } from '../helpers/scratch.js';

// Each start of the step appends its pid to `pids`; its grandchild's goes to `children`. Once the
// file `go` exists the step finishes at once (what a resume needs).
const SCRIPT = `echo $$ >> "$MARK/pids"
if [ -f "$MARK/go" ]; then exit 0; fi
sleep 300 &
echo $! >> "$MARK/children"
wait`;

const leftovers: number[] = [];
after(() => {
  for (const pid of leftovers) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  }
});

/** A folder with the pipeline, a home and the step's marker files. */
function setUp(prologue = '') {
  const dir = scratchDir('godwit-signals-');
  const ir = {
    apiVersion: 'godwit/v1',
    kind: 'Pipeline',
    name: 'long-step',
    parameters: [],
    steps: [
      {
        name: 'wait',
        type: 'processing',
        process: { command: ['sh', '-c', prologue + SCRIPT], env: { MARK: dir } },
        inputs: [],
        outputs: [],
      },
    ],
  };
  writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(ir));
  return { dir, file: join(dir, 'pipeline.json'), env: { GODWIT_HOME: join(dir, 'home') } };
}

/** Starts `godwit run` and waits until its step and the step's grandchild both run. */
async function startLongRun(dir: string, file: string, env: Record<string, string>) {
  const godwit = startGodwit(['run', file], env);
  const [child] = await waitForLines(join(dir, 'children'), 1);
  const [step] = await waitForLines(join(dir, 'pids'), 1);
  const pids = { step: Number(step), grandchild: Number(child) };
  // Godwit records the process right after spawning it, while the step may already be running:
  // a kill -9 inside that instant would leave a process no resume can find.
  await processRecorded(env.GODWIT_HOME);
  leftovers.push(pids.step);
  assert.ok(running(pids.step) && running(pids.grandchild), 'the step and its grandchild run');
  return { godwit, pids };
}

async function processRecorded(home: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(20)) {
    const runs = existsSync(join(home, 'runs')) ? readdirSync(join(home, 'runs')) : [];
    if (runs.some((r) => existsSync(join(home, 'runs', r, 'steps', 'wait', 'attempt-1.process.json')))) return;
  }
  assert.fail('the step process was never recorded');
}

async function recorded(home: string) {
  const services = await openLocalServices(godwitHome(home));
  try {
    const [run] = await services.metadata.store.listRuns();
    const steps = await services.metadata.store.listSteps(run.id);
    const attempts = await services.metadata.store.listAttempts(run.id, 'wait');
    return { run, step: steps[0], attempts: attempts.map((a) => [a.attempt, a.status]) };
  } finally {
    await services.close();
  }
}

/** Resumes the run with the step told to finish; its pids file then has one line per start. */
async function resume(dir: string, env: Record<string, string>, runId: string) {
  writeFileSync(join(dir, 'go'), '');
  const r = await runGodwit(['run', '--resume', runId], env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  return r;
}

describe('stopping godwit run', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    test(`${signal} ends the step's process group and records the run as stopped, as Ctrl-C does`, async () => {
      const { dir, file, env } = setUp();
      const { godwit, pids } = await startLongRun(dir, file, env);
      godwit.child.kill(signal);
      if (signal === 'SIGHUP') {
        // A closed terminal: nothing Godwit writes after the hang-up can be read any more.
        godwit.child.stdout.destroy();
        godwit.child.stderr.destroy();
      }
      const exit = await godwit.exited;
      assert.equal(exit.code, 1, `exit ${exit.code}/${exit.signal}: ${godwit.output.stderr}`);
      if (signal === 'SIGTERM') assert.match(godwit.output.stderr, /Stopping on SIGTERM: ending running steps/);
      assert.ok(await gone(pids.step, 5000), `step process ${pids.step} still runs`);
      assert.ok(await gone(pids.grandchild, 5000), `grandchild ${pids.grandchild} still runs`);

      const state = await recorded(env.GODWIT_HOME);
      assert.equal(state.run.status, 'stopped');
      assert.equal(state.step.status, 'stopped');
      assert.deepEqual(state.attempts, [[1, 'stopped']]);

      await resume(dir, env, state.run.id);
      assert.equal(readFileSync(join(dir, 'pids'), 'utf8').trim().split('\n').length, 2, 'one start per execution');
      const resumed = await recorded(env.GODWIT_HOME);
      assert.equal(resumed.run.status, 'succeeded');
      assert.deepEqual(resumed.attempts, [
        [1, 'stopped'],
        [2, 'succeeded'],
      ]);
    });
  }

  test('a second SIGTERM exits at once (143) and still ends a step that ignores SIGTERM', async () => {
    const { dir, file, env } = setUp("trap '' TERM\n");
    const { godwit, pids } = await startLongRun(dir, file, env);
    godwit.child.kill('SIGTERM');
    for (const deadline = Date.now() + 10_000; !/Stopping on SIGTERM/.test(godwit.output.stderr); await sleep(20))
      assert.ok(Date.now() < deadline, 'the first SIGTERM was never acknowledged');
    godwit.child.kill('SIGTERM');
    const exit = await godwit.exited;
    assert.equal(exit.code, 143);
    // The step ignores SIGTERM and its SIGKILL was still 3 s away: Godwit's exit killed it.
    assert.ok(await gone(pids.step, 1000), `step process ${pids.step} outlived Godwit`);
    assert.ok(await gone(pids.grandchild, 1000), `grandchild ${pids.grandchild} outlived Godwit`);
  });

  test('after kill -9, a resume ends the step still running, says so, and closes its attempt as interrupted', async () => {
    const { dir, file, env } = setUp();
    const { godwit, pids } = await startLongRun(dir, file, env);
    godwit.child.kill('SIGKILL');
    await godwit.exited;
    assert.ok(running(pids.step) && running(pids.grandchild), 'kill -9 leaves the step running: it has its own group');
    assert.ok(existsSync(join(env.GODWIT_HOME, 'runs')));
    const killed = await recorded(env.GODWIT_HOME);
    assert.deepEqual(killed.attempts, [[1, 'running']]);

    const r = await resume(dir, env, killed.run.id);
    assert.match(r.stdout, new RegExp(`Step "wait": ended process ${pids.step} \\(sh\\) and its process group`));
    assert.ok(!running(pids.step) && !running(pids.grandchild), 'the leftover step was ended');
    const pidsSeen = readFileSync(join(dir, 'pids'), 'utf8').trim().split('\n');
    assert.equal(pidsSeen.length, 2, 'the resume started the step once');
    const state = await recorded(env.GODWIT_HOME);
    assert.equal(state.run.status, 'succeeded');
    assert.deepEqual(state.attempts, [
      [1, 'interrupted'],
      [2, 'succeeded'],
    ]);
  });
});
