import type { MapState } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import { childId, runChild, SiblingFailed, siblingSignal } from './child-frames.js';
import type { ExecutionRun } from './execution-run.js';
import type { MapItemResult } from './map-item-io.js';
import type { Frame, MapPhase } from './progress.js';

/**
 * How many iterations run at once when `MaxConcurrency` is 0 ("as concurrently as possible"):
 * the Developer Guide warns that an inline Map's concurrency "may be limited" past 40 items, and
 * bounding it bounds the progress rows alive at once; a distributed Map runs wider.
 */
const INLINE_WIDTH = 40;
const DISTRIBUTED_WIDTH = 1000;

/**
 * Runs a Map's iterations, at most `MaxConcurrency` at a time, resuming the ones recorded before
 * a restart. Without a tolerance, the first failure stops the others and is the state's error;
 * with `ToleratedFailureCount` / `ToleratedFailurePercentage` (and always for a distributed Map)
 * failures are counted and going over the tolerance is `States.ExceedToleratedFailureThreshold`.
 */
export async function iterateMap(run: ExecutionRun, f: Frame, state: MapState, phase: MapPhase): Promise<MapItemResult[]> {
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError('States.Runtime', `The Map state "${f.progress.state}" has no ItemProcessor.`);
  const distributed = phase.mapRunArn !== undefined;
  const n = phase.items.length;
  const tolerant = distributed || phase.toleratedFailureCount !== undefined || phase.toleratedFailurePercentage !== undefined;
  const over = (failures: number) =>
    failures > (phase.toleratedFailureCount ?? (phase.toleratedFailurePercentage === undefined ? 0 : n)) ||
    (phase.toleratedFailurePercentage !== undefined && (failures * 100) / n > phase.toleratedFailurePercentage);
  const flow = run.flow(state);
  const scope = run.scope(f);
  const outer = distributed ? {} : scope.variables;
  const name = f.progress.state;
  const siblings = siblingSignal(f.signal);
  const results: MapItemResult[] = new Array(n);
  let next = 0;
  let failures = 0;
  let first: unknown;
  const one = async (index: number) => {
    const item = phase.items[index];
    const input = () => flow.itemInput(state, run.scope(f, { Map: { Item: { Index: index, Value: item } } }));
    try {
      const output = await runChild(run, f, {
        id: childId(f, index),
        machine: processor,
        input,
        outer,
        signal: siblings.controller.signal,
        iteration: { name, index },
        keepFailure: tolerant,
      });
      results[index] = { index, status: 'SUCCEEDED', input: item, output };
    } catch (err) {
      if (!(err instanceof StatesError) || siblings.controller.signal.aborted) {
        first ??= err;
        siblings.controller.abort(new SiblingFailed());
        return;
      }
      results[index] = { index, status: 'FAILED', input: item, error: err.error, cause: err.causeText };
      failures++;
      if (!tolerant || over(failures)) {
        first ??= tolerant ? exceeded(name, failures, n) : err;
        siblings.controller.abort(new SiblingFailed());
      }
    }
  };
  const worker = async () => {
    while (next < n && !siblings.controller.signal.aborted) await one(next++);
  };
  const width = Math.min(n, phase.maxConcurrency > 0 ? phase.maxConcurrency : distributed ? DISTRIBUTED_WIDTH : INLINE_WIDTH);
  await Promise.all(Array.from({ length: width }, worker));
  siblings.release();
  for (let i = 0; i < n; i++) run.journal.drop(childId(f, i));
  if (f.signal.aborted) throw f.signal.reason;
  if (first !== undefined && !(first instanceof SiblingFailed)) throw first;
  return results;
}

const exceeded = (name: string, failures: number, n: number) =>
  new StatesError(
    'States.ExceedToleratedFailureThreshold',
    `The Map state "${name}" failed because ${failures} of its ${n} iterations failed, more than it tolerates.`,
  );
