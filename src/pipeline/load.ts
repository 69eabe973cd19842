/**
 * Loading a pipeline file: a TypeScript/JavaScript module whose default export is a `Pipeline`
 * (from the DSL) or a plain IR object, or a YAML/JSON file that is the IR. The result is validated
 * and frozen; a folder stands for the `pipeline.*` file inside it.
 *
 * ```ts
 * const loaded = await loadPipelineFile('examples/abalone/pipeline.ts');
 * loaded.ir.steps.map((s) => s.name); // ['preprocess', 'train', 'evaluate', 'check-mse', ...]
 * ```
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { parseDocument } from 'yaml';
import type { Problem } from '../core/errors.js';
import { GodwitError, ValidationError } from '../core/errors.js';
import { isPipeline } from './dsl/index.js';
import type { StepFunction } from './function-context.js';
import type { FunctionStep, PipelineIR } from './ir.js';
import { validatePipeline } from './validate.js';

export interface LoadedPipeline {
  readonly ir: PipelineIR;
  /** In-process functions of the pipeline file (`handler.module: '#pipeline'`), by export name. */
  readonly functions: ReadonlyMap<string, StepFunction>;
  /** Absolute path of the pipeline file. */
  readonly file: string;
  /** Its folder: relative paths in the IR (code, inputs, handler modules) are relative to it. */
  readonly baseDir: string;
}

interface Loaded {
  readonly ir: unknown;
  readonly functions: ReadonlyMap<string, StepFunction>;
  /** Whether the file can define `#pipeline` functions (YAML and JSON cannot). */
  readonly hasCode: boolean;
}

const LOADERS: Record<string, (file: string) => Promise<Loaded>> = {
  '.ts': loadModule,
  '.mts': loadModule,
  '.js': loadModule,
  '.mjs': loadModule,
  '.yaml': loadYaml,
  '.yml': loadYaml,
  '.json': loadYaml,
};

const EXTENSIONS = Object.keys(LOADERS);

/** Loads, validates (throwing `ValidationError` with every problem) and freezes a pipeline file. */
export async function loadPipelineFile(path: string): Promise<LoadedPipeline> {
  const file = locatePipelineFile(path);
  const loader = LOADERS[extname(file).toLowerCase()];
  if (!loader)
    throw new GodwitError('E_PIPELINE_EXTENSION', `Cannot load "${path}": pipeline files end in ${EXTENSIONS.join(', ')}.`, {
      hint: 'Write the pipeline in TypeScript (pipeline.ts) or as YAML IR (pipeline.yaml).',
    });
  const loaded = await loader(file);
  const problems = [...validatePipeline(loaded.ir), ...handlerProblems(loaded)];
  if (problems.length > 0) throw new ValidationError(subjectOf(loaded.ir, file), problems);
  return Object.freeze({
    ir: deepFreeze(structuredClone(loaded.ir as PipelineIR)),
    functions: loaded.functions,
    file,
    baseDir: dirname(file),
  });
}

function locatePipelineFile(path: string): string {
  const abs = resolve(path);
  if (!existsSync(abs))
    throw new GodwitError(
      'E_PIPELINE_NOT_FOUND',
      `Pipeline file "${path}" not found (looked for ${abs}; working directory ${process.cwd()}).`,
      {
        hint: 'Check the path, or run the command from the folder the path is relative to.',
      },
    );
  if (!statSync(abs).isDirectory()) return abs;
  const candidates = EXTENSIONS.map((e) => join(abs, `pipeline${e}`));
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new GodwitError(
      'E_PIPELINE_NOT_FOUND',
      `Folder "${path}" has no pipeline file (looked for ${EXTENSIONS.map((e) => `pipeline${e}`).join(', ')}).`,
      {
        hint: 'Give the path of the pipeline file itself.',
      },
    );
  return found;
}

// ---------------------------------------------------------------------------------------------
// TypeScript / JavaScript

async function loadModule(file: string): Promise<Loaded> {
  const mod = await importFile(file, 'pipeline file');
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
    return { ir: exported.ir, functions, hasCode: true };
  }
  if (isPlainIr(exported)) return { ir: exported, functions, hasCode: true };
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
  return new GodwitError('E_PIPELINE_EXPORT', `Pipeline file ${display(file)} has ${found}.`, { hint: fix });
}

/** A CommonJS file's namespace: `default` is `module.exports`, not a default export. */
function isCommonJsNamespace(mod: Record<string, unknown>): boolean {
  const v = mod.default;
  if (typeof v !== 'object' || v === null) return false;
  const names = Object.keys(mod).filter((k) => k !== 'default');
  return names.length > 0 && names.every((k) => (v as Record<string, unknown>)[k] === mod[k] || k === 'module.exports');
}

/**
 * A pipeline file anywhere on disk may `import ... from 'godwit'`: where no `godwit` package is
 * installed beside it, the running Godwit provides itself (same DSL version as the runtime). A
 * module-resolution hook, registered once, falls back to this package's entry point; a project
 * that installs its own `godwit` keeps it. Node 20 has hooks for ES modules only, so this covers
 * `.mts` / `.mjs` files and `.ts` files in a `"type": "module"` package; a CommonJS file still
 * needs `godwit` installed (its error says so).
 */
const FALLBACK_HOOK = `
let entry;
export function initialize(data) { entry = data.entry; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (specifier === 'godwit' && err && err.code === 'ERR_MODULE_NOT_FOUND') return next(entry, context);
    throw err;
  }
}`;
let fallbackRegistered = false;

function provideGodwitPackage(): void {
  if (fallbackRegistered) return;
  fallbackRegistered = true;
  const entry = new URL(import.meta.url.endsWith('.ts') ? '../index.ts' : '../index.js', import.meta.url).href;
  register(`data:text/javascript,${encodeURIComponent(FALLBACK_HOOK)}`, { data: { entry } });
}

/** Imports a TS/JS file through tsx, turning compile and load failures into a short GodwitError. */
async function importFile(file: string, what: string): Promise<Record<string, unknown>> {
  provideGodwitPackage();
  try {
    return await tsImport(pathToFileURL(file).href, { parentURL: import.meta.url });
  } catch (err) {
    if (err instanceof GodwitError) throw err;
    const e = err instanceof Error ? err : new Error(String(err));
    const missingPackage = /Cannot find (package|module) 'godwit'/.test(e.message);
    const where = locationIn(e, file);
    const summary = summarize(e.message, 6);
    throw new GodwitError('E_PIPELINE_SYNTAX', `Could not load ${what} ${display(file)}${where}: ${summary}`, {
      cause: err,
      hint: missingPackage
        ? "The file imports 'godwit', which is not installed where the file is: run npm install godwit in its project."
        : e.message.startsWith('Transform failed')
          ? 'Fix the syntax error at the position shown.'
          : 'The error was thrown while the file ran; fix that line or the module it imports.',
    });
  }
}

/** ` (at line 12, column 5)` from the first stack frame inside the file, for errors thrown while it runs. */
function locationIn(e: Error, file: string): string {
  const url = pathToFileURL(file).href;
  for (const line of (e.stack ?? '').split('\n')) {
    if (!line.trimStart().startsWith('at ')) continue;
    const m = /((?:file:\/\/)?\/[^\s():?]+)(?:\?[^\s():]*)?:(\d+):(\d+)/.exec(line);
    if (m && (m[1] === file || m[1] === url)) return ` (at line ${m[2]}, column ${m[3]})`;
  }
  return '';
}

/** The head of an error message without Node's require stack or tsx's namespace query strings. */
function summarize(text: string, n: number): string {
  const lines = text
    .split(/\nRequire stack:/)[0]
    .replace(/\?namespace=[\w-]+/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const head = lines.slice(0, n).join('\n');
  return lines.length > n ? `${head}\n…` : head;
}

// ---------------------------------------------------------------------------------------------
// YAML / JSON (JSON is YAML; one parser gives line and column for both)

async function loadYaml(file: string): Promise<Loaded> {
  const text = await readFile(file, 'utf8');
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const at = pos ? `:${pos.line}:${pos.col}` : '';
    // The parser appends "at line L, column C:" and a code excerpt; the position is given up front instead.
    const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : '';
    throw new GodwitError('E_PIPELINE_SYNTAX', `${display(file)}${at}: ${what}${more}.`, {
      hint: pos ? `Fix line ${pos.line}, column ${pos.col} of the file.` : undefined,
    });
  }
  return { ir: doc.toJS(), functions: new Map(), hasCode: false };
}

// ---------------------------------------------------------------------------------------------
// Function steps

/** Problems with `#pipeline` handlers that only the loaded file can reveal. */
function handlerProblems(loaded: Loaded): Problem[] {
  const steps = (loaded.ir as { steps?: unknown }).steps;
  if (!Array.isArray(steps)) return [];
  const problems: Problem[] = [];
  for (const s of steps as FunctionStep[]) {
    if (s?.type !== 'function' || s.handler?.module !== '#pipeline') continue;
    if (!loaded.hasCode)
      problems.push({
        step: s.name,
        field: 'handler.module',
        message:
          'is "#pipeline", but a YAML or JSON pipeline has no functions of its own; name a module file, e.g. "steps/handlers.ts".',
      });
    else if (!loaded.functions.has(s.handler.export))
      problems.push({
        step: s.name,
        field: 'handler.export',
        message: `the pipeline file has no function "${s.handler.export}"; define the step with fn() or export the function. Functions found: ${[...loaded.functions.keys()].join(', ') || '(none)'}.`,
      });
  }
  return problems;
}

const handlerModules = new WeakMap<LoadedPipeline, Map<string, Promise<Record<string, unknown>>>>();

/**
 * The function a function step runs: from the pipeline file (`#pipeline`) or from its module,
 * resolved against the pipeline's folder. A module is imported once per loaded pipeline.
 */
export async function loadHandler(loaded: LoadedPipeline, step: FunctionStep): Promise<StepFunction> {
  const { module, export: name } = step.handler;
  if (module === '#pipeline') {
    const f = loaded.functions.get(name);
    if (f) return f;
    throw new GodwitError(
      'E_HANDLER_NOT_FOUND',
      `Step "${step.name}" runs function "${name}" of the pipeline file ${display(loaded.file)}, which has no such function. Functions found: ${[...loaded.functions.keys()].join(', ') || '(none)'}.`,
      { hint: 'Define the step with fn() in the pipeline file, or export the function from it.' },
    );
  }
  const file = resolve(loaded.baseDir, module);
  if (!existsSync(file))
    throw new GodwitError(
      'E_HANDLER_NOT_FOUND',
      `Step "${step.name}" runs a function from "${module}", which does not exist (looked for ${file}).`,
      {
        hint: 'handler.module is relative to the pipeline file.',
      },
    );
  const cache = handlerModules.get(loaded) ?? new Map<string, Promise<Record<string, unknown>>>();
  handlerModules.set(loaded, cache);
  const pending = cache.get(file) ?? importFile(file, `the handler module of step "${step.name}",`);
  cache.set(file, pending);
  const mod = await pending;
  const f = mod[name];
  if (typeof f === 'function') return f as StepFunction;
  const functions = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
  throw new GodwitError(
    'E_HANDLER_NOT_FOUND',
    `Step "${step.name}" runs "${name}" from ${display(file)}, which ${f === undefined ? 'does not export it' : `exports it as a ${typeof f}, not a function`}. Functions it exports: ${functions.join(', ') || '(none)'}.`,
    { hint: `Export it: export async function ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : 'handler'}(ctx) { ... }` },
  );
}

// ---------------------------------------------------------------------------------------------

function subjectOf(ir: unknown, file: string): string {
  const name = (ir as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? `Pipeline "${name}" (${display(file)})` : `Pipeline file ${display(file)}`;
}

/** A path as the user would type it: relative to the working directory when inside it. */
function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
