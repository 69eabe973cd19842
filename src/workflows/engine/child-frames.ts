import type { Json, JsonObject, StateMachineDefinition } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import type { ExecutionRun } from './execution-run.js';
import { payloadText } from './payload.js';
import type { Frame, Progress } from './progress.js';

/** A Parallel branch or Map iteration to run as a frame of its own. */
export interface ChildSpec {
  readonly id: string;
  readonly machine: StateMachineDefinition;
  /** The branch's or item's input (unused when the frame is resumed). */
  readonly input: () => Promise<Json>;
  readonly outer: Readonly<Record<string, Json>>;
  readonly signal: AbortSignal;
  /** A Map iteration: the Map state's name and the item's index (its MapIteration* events). */
  readonly iteration?: { readonly name: string; readonly index: number };
  /** A failed child leaves its error in its row (a Map that tolerates failures counts it after a restart). */
  readonly keepFailure?: boolean;
  readonly context?: JsonObject;
}

export const childId = (parent: Frame, index: number) => `${parent.id}/${parent.progress.state}:${index}`;

/**
 * Runs a child frame from its recorded progress, or from its first state: its output, or its
 * unhandled StatesError. A child that had finished before a restart is answered from its row.
 */
export async function runChild(run: ExecutionRun, parent: Frame, spec: ChildSpec): Promise<Json> {
  const recorded = run.take(spec.id);
  if (recorded?.done) {
    if ('output' in recorded.done) return recorded.done.output;
    throw new StatesError(recorded.done.error, recorded.done.cause);
  }
  const now = run.now();
  const start: Progress = {
    state: spec.machine.StartAt,
    input: null,
    step: 0,
    entered: now.toISOString(),
    last: parent.progress.last,
  };
  const f: Frame = {
    id: spec.id,
    machine: spec.machine,
    progress: recorded ?? start,
    outer: spec.outer,
    signal: spec.signal,
    context: spec.context,
  };
  const it = spec.iteration;
  if (!recorded) {
    const input = await spec.input();
    if (it) run.journal.event(f, now, 'MapIterationStarted', { name: it.name, index: it.index });
    run.enter(f, spec.machine.StartAt, input, payloadText(input, 'input of the iteration'), { step: 0 });
  }
  try {
    const output = await run.runFrame(f);
    if (it) run.journal.event(f, run.now(), 'MapIterationSucceeded', { name: it.name, index: it.index });
    run.journal.put(f, { ...f.progress, done: { output } });
    return output;
  } catch (err) {
    if (it)
      run.journal.event(f, run.now(), spec.signal.aborted ? 'MapIterationAborted' : 'MapIterationFailed', {
        name: it.name,
        index: it.index,
      });
    if (spec.keepFailure && err instanceof StatesError && !spec.signal.aborted) {
      run.journal.put(f, { ...f.progress, done: { error: err.error, cause: err.causeText } });
    }
    throw err;
  }
}

/** A signal that aborts with `parent` and on demand (one sibling's failure stops the others). */
export function siblingSignal(parent: AbortSignal): { controller: AbortController; release(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, release: () => parent.removeEventListener('abort', onAbort) };
}

/** Thrown into siblings stopped because one of them failed. */
export class SiblingFailed extends Error {
  constructor() {
    super('a sibling branch or iteration failed');
    this.name = 'SiblingFailed';
  }
}
