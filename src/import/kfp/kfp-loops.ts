/**
 * `dsl.ParallelFor` over a list written in the pipeline compiles to a DAG task with a
 * `parameterIterator` whose `items.raw` is the list as JSON. Godwit's IR has no loops, but a list
 * known at compile time unrolls: the loop's DAG is imported once per item, the item bound to the
 * loop's input (`pipelinechannel--loop-item-param-1`) and each step named `<task>-<index>`.
 * A list known only at run time (`items.inputParameter`), an artifact loop, or items that are
 * structs (read through `parameterExpressionSelector`) are refused.
 */
import type { ParameterValue, Value } from '../../pipeline/ir.js';
import type { ImportNote } from '../pipeline-import.js';
import type { Bindings } from './kfp-bindings.js';
import { isObject, type Json, refuse, type Where } from './kfp-document.js';

const HINT =
  'Unroll the loop in the pipeline (one task per item) and compile again, or run each item as its own pipeline run with a parameter.';

/** The items of a loop Godwit can unroll, or a refusal naming why it cannot. */
export function loopItems(
  at: Where & { task: string },
  task: Json,
  notes: ImportNote[],
): { input: string; items: ParameterValue[] } | undefined {
  if (task.artifactIterator !== undefined)
    throw refuse(at, "it loops over a list of artifacts (dsl.ParallelFor over dsl.Collected); Godwit's IR has no loops.", HINT);
  const it = task.parameterIterator;
  if (it === undefined) return undefined;
  if (!isObject(it) || typeof it.itemInput !== 'string' || !isObject(it.items))
    throw refuse(at, 'its parameterIterator has no itemInput or items.');
  if (typeof it.items.raw !== 'string') {
    throw refuse(
      at,
      'it loops over a list known only at run time (dsl.ParallelFor over a parameter or a task output); Godwit unrolls only lists written in the pipeline.',
      HINT,
    );
  }
  let items: unknown;
  try {
    items = JSON.parse(it.items.raw);
  } catch {
    throw refuse(at, `its loop items ${it.items.raw} are not a JSON list.`);
  }
  if (!Array.isArray(items) || !items.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
    throw refuse(at, `it loops over ${it.items.raw}; Godwit unrolls lists of strings, numbers and booleans only.`, HINT);
  }
  if (isObject(task.iteratorPolicy)) {
    notes.push({
      step: at.task,
      feature: 'iteratorPolicy',
      outcome: 'dropped',
      detail: "the parallelism limit: the unrolled steps run under the run's own concurrency",
    });
  }
  notes.push({
    step: at.task,
    feature: 'parameterIterator',
    outcome: 'approximated',
    detail: `a loop over ${items.length} item(s) written in the pipeline, unrolled into one copy of its steps per item`,
  });
  return { input: it.itemInput, items: items as ParameterValue[] };
}

/** The loop DAG's bindings for one item. */
export function itemBindings(bindings: Bindings, input: string, item: ParameterValue): Bindings {
  const params = new Map<string, Value>(bindings.params);
  params.set(input, item);
  return { params, artifacts: bindings.artifacts };
}
