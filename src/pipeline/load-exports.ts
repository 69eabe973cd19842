/**
 * What a pipeline module exports: a `Pipeline` from the DSL or a plain IR object as its default
 * export, and functions as named exports (`handler.module: '#pipeline'`).
 */
import { GodwitError } from '../core/errors.js';
import { displayPath } from './display-path.js';
import { isPipeline } from './dsl/index.js';
import type { StepFunction } from './function-context.js';

export interface ModuleExports {
  readonly ir: unknown;
  readonly functions: ReadonlyMap<string, StepFunction>;
}

/** The pipeline and the functions of an imported module; throws `E_PIPELINE_EXPORT` naming what it found. */
export function pipelineExports(file: string, mod: Record<string, unknown>): ModuleExports {
  let exported = mod.default;
  // A file Node treats as CommonJS (no "type": "module" nearby) arrives as `module.exports`,
  // whose `default` holds the real default export.
  if (isCommonJsNamespace(mod) && (exported as { default?: unknown }).default !== undefined)
    exported = (exported as { default?: unknown }).default;
  const functions = new Map<string, StepFunction>();
  for (const [name, value] of Object.entries(mod))
    if (name !== 'default' && typeof value === 'function') functions.set(name, value as StepFunction);
  if (isPipeline(exported)) {
    // Functions given to fn() win over same-named exports: they are what the step was built with.
    for (const [name, f] of exported.functions) functions.set(name, f);
    return { ir: exported.ir, functions };
  }
  if (isPlainIr(exported)) return { ir: exported, functions };
  throw exportError(file, mod);
}

/** An IR object written by hand: it says what it is. Shape errors are left to validation. */
function isPlainIr(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const { kind, apiVersion } = v as { kind?: unknown; apiVersion?: unknown };
  return kind === 'Pipeline' || typeof apiVersion === 'string';
}

const EXPORT_FIX = "export default pipeline('name', { steps: [...] })";

function exportError(file: string, mod: Record<string, unknown>): GodwitError {
  const v = mod.default;
  const names = Object.keys(mod).filter((k) => k !== 'default');
  let found: string;
  let fix = `End the file with: ${EXPORT_FIX}`;
  if (v === undefined || (isCommonJsNamespace(mod) && (v as { default?: unknown }).default === undefined))
    found = names.length > 0 ? `no default export (it exports ${names.join(', ')})` : 'no default export';
  else if (typeof v === 'object' && v !== null && 'ir' in v && 'upstream' in v) {
    const step = (v as { ir: { name?: unknown } }).ir.name;
    found = `a step ("${String(step)}") as its default export, not a pipeline`;
    fix = `Wrap it in a pipeline: export default pipeline('name', { steps: [${String(step)}] })`;
  } else if (typeof v === 'function') {
    found = 'a function as its default export, not a pipeline';
    fix = `Export the pipeline itself (call the function if it builds one): ${EXPORT_FIX}`;
  } else found = `a default export of type ${Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v}, not a pipeline`;
  return new GodwitError('E_PIPELINE_EXPORT', `Pipeline file ${displayPath(file)} has ${found}.`, { hint: fix });
}

/**
 * A CommonJS file's namespace: `default` is `module.exports`, not a default export. Compiled
 * ES-module syntax marks `module.exports` with `__esModule` (a file whose only export is its
 * default shows nothing else); otherwise every named export is a copy of a `module.exports` key.
 */
function isCommonJsNamespace(mod: Record<string, unknown>): boolean {
  const v = mod.default;
  if (typeof v !== 'object' || v === null) return false;
  if ((v as { __esModule?: unknown }).__esModule === true) return true;
  const names = Object.keys(mod).filter((k) => k !== 'default');
  return names.length > 0 && names.every((k) => (v as Record<string, unknown>)[k] === mod[k] || k === 'module.exports');
}
