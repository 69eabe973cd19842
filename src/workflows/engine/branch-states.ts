import { randomUUID } from 'node:crypto';
import type { Json, MapState, ParallelState } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import { machineNameOf, mapRunArnOf } from '../workflow-arns.js';
import { childId, runChild, SiblingFailed, siblingSignal } from './child-frames.js';
import type { ExecutionRun, Move } from './execution-run.js';
import { iterateMap } from './map-iterations.js';
import type { Frame, MapPhase } from './progress.js';

/**
 * A Parallel state: its branches run concurrently, each a frame with its own variable scope over
 * the state's; the first branch to fail stops the others and its error is the state's (the
 * Developer Guide: "the entire Parallel state is considered to have failed and all its branches
 * are stopped").
 */
export async function runParallel(run: ExecutionRun, f: Frame, state: ParallelState): Promise<Move> {
  const flow = run.flow(state);
  const result = await run.withRetry(f, state.Retry, async () => {
    let phase = f.progress.phase;
    if (phase?.kind !== 'parallel') {
      phase = { kind: 'parallel', attempt: 0, input: await flow.effectiveInput(state, run.scope(f)) };
      run.journal.event(f, run.now(), 'ParallelStateStarted');
      run.journal.put(f, { ...f.progress, phase });
    }
    const input = phase.input;
    const outer = run.scope(f).variables;
    const siblings = siblingSignal(f.signal);
    const ids = state.Branches.map((_, i) => childId(f, i));
    const runs = state.Branches.map((machine, i) =>
      runChild(run, f, { id: ids[i], machine, input: async () => input, outer, signal: siblings.controller.signal }).catch(
        (err) => {
          siblings.controller.abort(new SiblingFailed());
          throw err;
        },
      ),
    );
    const settled = await Promise.allSettled(runs);
    siblings.release();
    for (const id of ids) run.journal.drop(id);
    run.journal.put(f, { ...f.progress, phase: undefined });
    if (f.signal.aborted) throw f.signal.reason;
    const failed = settled.find((s) => s.status === 'rejected' && !(s.reason instanceof SiblingFailed));
    if (failed) {
      run.journal.event(f, run.now(), 'ParallelStateFailed');
      throw (failed as PromiseRejectedResult).reason;
    }
    run.journal.event(f, run.now(), 'ParallelStateSucceeded');
    return settled.map((s) => (s as PromiseFulfilledResult<Json>).value);
  });
  const done = await flow.complete(state, run.scope(f), result);
  return { ...done, next: state.End ? undefined : state.Next };
}

/**
 * A Map state, inline or distributed: its items (ItemsPath / Items, or a distributed Map's
 * ItemReader) are recorded with the state's phase, each iteration is a frame, and the results go
 * to the state's output or, for a distributed Map with a ResultWriter, through `MapItemIo`.
 */
export async function runMap(run: ExecutionRun, f: Frame, state: MapState): Promise<Move> {
  const flow = run.flow(state);
  const result = await run.withRetry(f, state.Retry, async () => {
    const phase = f.progress.phase?.kind === 'map' ? f.progress.phase : await startMap(run, f, state);
    try {
      const outcome = await iterateMap(run, f, state, phase);
      const output = await finishMap(run, f, state, phase, outcome);
      run.journal.event(f, run.now(), 'MapStateSucceeded');
      return output;
    } catch (err) {
      if (f.signal.aborted) throw f.signal.reason;
      run.journal.event(f, run.now(), 'MapStateFailed');
      if (phase.mapRunArn && err instanceof StatesError) {
        run.journal.event(f, run.now(), 'MapRunFailed', { error: err.error, cause: err.causeText });
      }
      throw err;
    } finally {
      if (!f.signal.aborted) run.journal.put(f, { ...f.progress, phase: undefined });
    }
  });
  const done = await flow.complete(state, run.scope(f), result);
  return { ...done, next: state.End ? undefined : state.Next };
}

export const isDistributed = (state: MapState) => state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';

async function startMap(run: ExecutionRun, f: Frame, state: MapState): Promise<MapPhase> {
  const flow = run.flow(state);
  const scope = run.scope(f);
  const reader = state.ItemReader;
  const items = reader
    ? await run.deps.itemIo.readItems(reader, await flow.template(reader.Parameters ?? reader.Arguments ?? {}, scope), f.signal)
    : await flow.mapItems(state, scope);
  const limits = await flow.mapLimits(state, scope);
  const machine = machineNameOf(run.execution.stateMachineArn) ?? 'machine';
  const phase: MapPhase = {
    kind: 'map',
    attempt: 0,
    items,
    maxConcurrency: limits.maxConcurrency,
    ...(limits.toleratedFailureCount !== undefined ? { toleratedFailureCount: limits.toleratedFailureCount } : {}),
    ...(limits.toleratedFailurePercentage !== undefined ? { toleratedFailurePercentage: limits.toleratedFailurePercentage } : {}),
    ...(isDistributed(state) ? { mapRunArn: mapRunArnOf(machine, state.Label ?? f.progress.state, randomUUID()) } : {}),
  };
  run.journal.event(f, run.now(), 'MapStateStarted', { length: items.length });
  if (phase.mapRunArn) run.journal.event(f, run.now(), 'MapRunStarted', { mapRunArn: phase.mapRunArn });
  run.journal.put(f, { ...f.progress, phase });
  return phase;
}

async function finishMap(
  run: ExecutionRun,
  f: Frame,
  state: MapState,
  phase: MapPhase,
  outcome: Awaited<ReturnType<typeof iterateMap>>,
): Promise<Json> {
  const outputs = outcome.map((o) =>
    o.status === 'SUCCEEDED' ? (o.output ?? null) : { Error: o.error ?? null, Cause: o.cause ?? null },
  );
  if (!phase.mapRunArn) return outputs;
  let result: Json = outputs;
  const writer = state.ResultWriter;
  if (writer) {
    const parameters = await run.flow(state).template(writer.Parameters ?? writer.Arguments ?? {}, run.scope(f));
    await run.journal.commit();
    result = await run.deps.itemIo.writeResults(writer, parameters, { mapRunArn: phase.mapRunArn, results: outcome });
  }
  run.journal.event(f, run.now(), 'MapRunSucceeded');
  return result;
}
