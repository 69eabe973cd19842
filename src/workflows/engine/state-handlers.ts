import type { ChoiceState, FailState, State, WaitState } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import { runMap, runParallel } from './branch-states.js';
import type { ExecutionRun, Move } from './execution-run.js';
import type { Frame } from './progress.js';
import { runTask } from './task-state.js';

/** Runs the frame's current state from wherever its progress says, to its move (or a StatesError). */
export function runState(run: ExecutionRun, f: Frame, state: State): Promise<Move> {
  switch (state.Type) {
    case 'Pass':
      return pass(run, f, state);
    case 'Choice':
      return choice(run, f, state);
    case 'Wait':
      return wait(run, f, state);
    case 'Succeed':
      return succeed(run, f, state);
    case 'Fail':
      return fail(run, f, state);
    case 'Task':
      return runTask(run, f, state);
    case 'Parallel':
      return runParallel(run, f, state);
    case 'Map':
      return runMap(run, f, state);
  }
}

const ends = (state: { Next?: string; End?: boolean }) => (state.End ? undefined : state.Next);

async function pass(run: ExecutionRun, f: Frame, state: State & { Type: 'Pass' }): Promise<Move> {
  const flow = run.flow(state);
  const scope = run.scope(f);
  const done = await flow.complete(state, scope, await flow.passResult(state, scope));
  return { ...done, next: ends(state) };
}

async function choice(run: ExecutionRun, f: Frame, state: ChoiceState): Promise<Move> {
  return run.flow(state).choose(state, run.scope(f));
}

/** The end time is recorded before the sleep, so a restarted engine waits only what is left. */
async function wait(run: ExecutionRun, f: Frame, state: WaitState): Promise<Move> {
  const flow = run.flow(state);
  const scope = run.scope(f);
  let phase = f.progress.phase;
  if (phase?.kind !== 'wait') {
    const until = await flow.waitUntil(state, scope, run.now());
    phase = { kind: 'wait', until: until.toISOString() };
    run.journal.put(f, { ...f.progress, phase });
    await run.journal.commit();
  }
  await run.sleepUntil(new Date(phase.until), f.signal);
  const done = await flow.complete(state, scope, await flow.effectiveInput(state, scope));
  return { ...done, next: ends(state) };
}

async function succeed(run: ExecutionRun, f: Frame, state: State & { Type: 'Succeed' }): Promise<Move> {
  const flow = run.flow(state);
  const scope = run.scope(f);
  return flow.complete(state, scope, await flow.effectiveInput(state, scope));
}

async function fail(run: ExecutionRun, f: Frame, state: FailState): Promise<Move> {
  const { error, cause } = await run.flow(state).failure(state, run.scope(f));
  throw new StatesError(error, cause);
}
