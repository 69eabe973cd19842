import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CompileOptions } from './target.js';

/**
 * Compile options that read files relative to the pipeline file's folder (a sql step's `.sql`
 * file). Kept apart from the compilers, which stay pure functions of what they are given.
 */
export function filesBeside(dir: string): CompileOptions {
  return {
    readText: (path) => {
      try {
        return readFileSync(resolve(dir, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
