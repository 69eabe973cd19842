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
import { dirname, extname, join, resolve } from 'node:path';
import { deepFreeze } from '../core/deep-freeze.js';
import type { Problem } from '../core/errors.js';
import { GodwitError, ValidationError } from '../core/errors.js';
import { displayPath as display } from './display-path.js';
import type { StepFunction } from './function-context.js';
import type { FunctionStep, PipelineIR } from './ir.js';
import { loadJsonIr, loadYamlIr } from './load-data.js';
import { importFile } from './load-module.js';
import { validatePipeline } from './validate.js';
import { missingFileProblems } from './validate-files.js';

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

/** In the order a folder's `pipeline.*` file is looked for. */
const LOADERS: Record<string, (file: string) => Promise<Loaded>> = {
  '.ts': loadModule,
  '.mts': loadModule,
  '.js': loadModule,
  '.mjs': loadModule,
  '.yaml': loadYaml,
  '.yml': loadYaml,
  '.json': loadJson,
  '.cts': loadModule,
  '.cjs': loadModule,
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
  const problems = [...validatePipeline(loaded.ir), ...handlerProblems(loaded), ...missingFileProblems(loaded.ir, dirname(file))];
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

async function loadModule(file: string): Promise<Loaded> {
  // Imported here: it brings the whole DSL (to recognise a pipeline), which YAML and JSON never need.
  const { pipelineExports } = await import('./load-exports.js');
  const { ir, functions } = pipelineExports(file, await importFile(file, 'pipeline file'));
  return { ir, functions, hasCode: true };
}

async function loadYaml(file: string): Promise<Loaded> {
  return { ir: await loadYamlIr(file), functions: new Map(), hasCode: false };
}

async function loadJson(file: string): Promise<Loaded> {
  return { ir: await loadJsonIr(file), functions: new Map(), hasCode: false };
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
