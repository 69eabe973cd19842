import type { Json, JsonObject } from '../asl-types.js';
import { StatesError } from '../states-error.js';
import { readDefinite, selectAll } from './path-query.js';
import { type ParsedPath, parsePath } from './path-syntax.js';

/** What paths read: `$` the input, `$$` the context object, `$name` a workflow variable. */
export interface PathData {
  readonly input: Json;
  readonly context: JsonObject;
  readonly variables: Readonly<Record<string, Json>>;
}

function rootOf(path: ParsedPath, data: PathData): Json | undefined {
  switch (path.root.kind) {
    case 'input':
      return data.input;
    case 'context':
      return data.context;
    case 'variable':
      return Object.hasOwn(data.variables, path.root.name) ? data.variables[path.root.name] : undefined;
  }
}

/**
 * Applies a Path: a definite path gives its one node (undefined when it names nothing); an
 * indefinite one (`[*]`, `..`, `[?()]`, slices, unions) gives the array of its matches, as Jayway
 * JsonPath and so Step Functions do.
 */
export function queryPath(text: string, data: PathData): Json | undefined {
  const path = parsePath(text);
  const root = rootOf(path, data);
  if (root === undefined) return undefined;
  if (path.definite) return readDefinite(path.segments, root);
  return selectAll(path.segments, root, root);
}

/** `queryPath`, failing with `States.Runtime` (naming the field and the input) when the path selects nothing. */
export function requirePath(text: string, data: PathData, field: string): Json {
  const value = queryPath(text, data);
  if (value === undefined) throw pathNotFound(text, data, field);
  return value;
}

/** A Reference Path's one node: an indefinite path here is `States.Runtime`. */
export function requireReferencePath(text: string, data: PathData, field: string): Json {
  const path = parsePath(text);
  if (!path.definite) {
    throw new StatesError(
      'States.Runtime',
      `The field "${field}" must be a reference path naming one node; "${text}" may select several.`,
    );
  }
  return requirePath(text, data, field);
}

export function pathNotFound(text: string, data: PathData, field: string): StatesError {
  const root = parsePath(text).root;
  const where =
    root.kind === 'variable'
      ? `the variables (${Object.keys(data.variables).join(', ') || 'none assigned'})`
      : `the ${root.kind === 'context' ? 'context object' : 'input'} ${preview(root.kind === 'context' ? data.context : data.input)}`;
  return new StatesError(
    'States.Runtime',
    `The JSONPath "${text}" specified for the field "${field}" could not be found in ${where}.`,
  );
}

/** A JSON value as text, cut short for messages. */
export function preview(value: Json | undefined): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
