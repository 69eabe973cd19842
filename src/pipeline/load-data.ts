/**
 * Pipeline files that are the IR as data: YAML through the YAML parser (with line and column in
 * its errors), JSON through `JSON.parse`, which is 140–170× faster than parsing JSON as YAML.
 */
import { readFile } from 'node:fs/promises';
import { GodwitError } from '../core/errors.js';
import { yamlModule } from '../core/yaml-module.js';
import { displayPath } from './display-path.js';

export async function loadYamlIr(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  // Loaded on demand: TypeScript and JSON pipelines never need the YAML parser.
  const { parseDocument } = yamlModule();
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const at = pos ? `:${pos.line}:${pos.col}` : '';
    // The parser appends "at line L, column C:" and a code excerpt; the position is given up front instead.
    const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : '';
    throw syntaxError(file, at, `${what}${more}`, pos?.line, pos?.col);
  }
  return doc.toJS();
}

export async function loadJsonIr(file: string): Promise<unknown> {
  // A byte-order mark is legal in a JSON file on disk but not in JSON.parse's input.
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const offset = /at position (\d+)/.exec(message);
    const pos = offset
      ? lineColumn(text, Number(offset[1]))
      : message.includes('end of JSON')
        ? lineColumn(text, text.length)
        : undefined;
    // V8 words it "... in JSON at position 47 (line 4 column 3)"; the position is given up front instead.
    const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw syntaxError(file, pos ? `:${pos.line}:${pos.col}` : '', what, pos?.line, pos?.col);
  }
}

function syntaxError(file: string, at: string, what: string, line?: number, col?: number): GodwitError {
  return new GodwitError('E_PIPELINE_SYNTAX', `${displayPath(file)}${at}: ${what}.`, {
    hint: line ? `Fix line ${line}, column ${col} of the file.` : undefined,
  });
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}
