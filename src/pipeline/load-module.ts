/**
 * Pipeline and handler files that are code. TypeScript (`.ts`, `.mts`, `.cts`) goes through tsx,
 * loaded only then: its ESM hooks cost ~250 ms and send every later import through a hooks
 * thread. JavaScript (`.js`, `.mjs`, `.cjs`) is imported by Node directly.
 */
import { spawnSync } from 'node:child_process';
import { createRequire, register } from 'node:module';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { asOwnGodwitError, GodwitError } from '../core/errors.js';
import { displayPath } from './display-path.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** Imports a TS/JS file, turning compile and load failures into a short GodwitError. */
export async function importFile(file: string, what: string): Promise<Record<string, unknown>> {
  provideGodwitPackage(file);
  const url = pathToFileURL(file).href;
  try {
    if (!TYPESCRIPT.has(extname(file).toLowerCase())) return await import(url);
    const { tsImport } = await import('tsx/esm/api');
    return await tsImport(url, { parentURL: import.meta.url });
  } catch (err) {
    if (err instanceof GodwitError) throw err;
    const theirs = asOwnGodwitError(err);
    if (!theirs) throw loadError(err, file, what);
    // Thrown by the file's own copy of godwit (a builder refusing an option): keep its code, say where.
    throw new GodwitError(theirs.code, `${displayPath(file)}${locationIn(err as Error, file)}: ${theirs.message}`, {
      hint: theirs.hint,
      cause: err,
    });
  }
}

function loadError(err: unknown, file: string, what: string): GodwitError {
  const e = err instanceof Error ? err : new Error(String(err));
  const missingPackage = /Cannot find (package|module) 'godwit'/.test(e.message);
  const transform = e.message.startsWith('Transform failed');
  const where = e instanceof SyntaxError && !transform ? syntaxLocation(file) : locationIn(e, file);
  const summary = summarize(e.message, 6, file);
  return new GodwitError('E_PIPELINE_SYNTAX', `Could not load ${what} ${displayPath(file)}${where}: ${summary}`, {
    cause: err,
    hint: missingPackage
      ? "The file imports 'godwit', which is not installed where the file is: run npm install godwit in its project."
      : transform || e instanceof SyntaxError
        ? 'Fix the syntax error at the position shown.'
        : 'The error was thrown while the file ran; fix that line or the module it imports.',
  });
}

/**
 * A pipeline file anywhere on disk may `import ... from 'godwit'`: where no `godwit` package is
 * installed beside it, the running Godwit provides itself (same DSL version as the runtime). A
 * module-resolution hook falls back to this package's entry point; a project that installs its
 * own `godwit` keeps it. The hook is registered only when `godwit` does not resolve from the file,
 * since any hook moves every later import onto a hooks thread. Node 20 has hooks for ES modules
 * only, so this covers `.mts` / `.mjs` files and `.ts` files in a `"type": "module"` package; a
 * CommonJS file still needs `godwit` installed (its error says so).
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

function provideGodwitPackage(file: string): void {
  if (fallbackRegistered || godwitResolvesFrom(file)) return;
  fallbackRegistered = true;
  const entry = new URL(import.meta.url.endsWith('.ts') ? '../index.ts' : '../index.js', import.meta.url).href;
  register(`data:text/javascript,${encodeURIComponent(FALLBACK_HOOK)}`, { data: { entry } });
}

function godwitResolvesFrom(file: string): boolean {
  try {
    createRequire(file).resolve('godwit');
    return true;
  } catch {
    return false;
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

/**
 * Where a JavaScript syntax error is. An `import()` that fails to parse gives no position, so
 * `node --check` (which prints `file:LINE`, the line and a caret) is asked; only on this error path.
 */
function syntaxLocation(file: string): string {
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  const [head = '', , caret = ''] = check.stderr.split('\n');
  const m = /:(\d+)$/.exec(head);
  if (!m || !head.startsWith(file)) return '';
  const col = caret.indexOf('^');
  return col >= 0 ? ` (at line ${m[1]}, column ${col + 1})` : ` (at line ${m[1]})`;
}

/**
 * The head of an error message without Node's require stack or tsx's namespace query strings.
 * esbuild names a `.mts` / `.cts` file by its `.ts` twin; the file's own name is put back.
 */
function summarize(text: string, n: number, file: string): string {
  const ext = extname(file);
  const twin = `${file.slice(0, -ext.length)}.ts`;
  const lines = text
    .split(/\nRequire stack:/)[0]
    .replace(/\?namespace=[\w-]+/g, '')
    .split('\n')
    .map((l) => (ext !== '.ts' && TYPESCRIPT.has(ext) ? l.split(`${twin}:`).join(`${file}:`) : l))
    .filter((l) => l.trim() !== '');
  const head = lines.slice(0, n).join('\n');
  return lines.length > n ? `${head}\n…` : head;
}
