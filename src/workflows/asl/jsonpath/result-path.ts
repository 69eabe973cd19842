import type { Json, JsonObject } from '../asl-types.js';
import { StatesError } from '../states-error.js';
import { preview } from './path-reader.js';
import { parsePath, type Segment } from './path-syntax.js';

/**
 * Places `result` in `input` at a Reference Path (`ResultPath`, a catcher's `ResultPath`):
 * `$` replaces the input, `null` (handled by the caller) keeps it. Missing objects on the way
 * are created; the input is never modified (objects on the path are copied). A path through a
 * value that is not an object (or an index outside an array) is `States.Runtime`.
 */
export function applyResultPath(path: string, input: Json, result: Json, field = 'ResultPath'): Json {
  const parsed = parsePath(path);
  if (parsed.root.kind !== 'input' || !parsed.definite) {
    throw new StatesError(
      'States.Runtime',
      `The ${field} "${path}" must be a reference path into the input ($…), naming one node.`,
    );
  }
  if (parsed.segments.length === 0) return result;
  return place(
    parsed.segments,
    0,
    input,
    result,
    () =>
      new StatesError(
        'States.Runtime',
        `Unable to apply the ${field} "${path}" to the input ${preview(input)}: it leads through a value that is not an object.`,
      ),
  );
}

function place(segments: readonly Segment[], i: number, node: Json | undefined, result: Json, fail: () => StatesError): Json {
  const segment = segments[i]!;
  const last = i === segments.length - 1;
  if (segment.kind === 'field') {
    if (node !== undefined && (typeof node !== 'object' || node === null || Array.isArray(node))) throw fail();
    const object = (node ?? {}) as JsonObject;
    const child = last
      ? result
      : place(segments, i + 1, Object.hasOwn(object, segment.name) ? object[segment.name] : undefined, result, fail);
    return { ...object, [segment.name]: child };
  }
  if (segment.kind !== 'index' || !Array.isArray(node)) throw fail();
  const array = [...(node as readonly Json[])];
  const at = segment.index < 0 ? array.length + segment.index : segment.index;
  if (at < 0 || at >= array.length) throw fail();
  array[at] = last ? result : place(segments, i + 1, array[at], result, fail);
  return array;
}
