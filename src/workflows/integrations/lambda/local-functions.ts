import { dirname } from 'node:path';
import { nameMatches } from '../../../config/config-images.js';
import type { LambdaEntry } from '../../../config/config-workflows.js';
import { GodwitError } from '../../../core/errors.js';
import { importFile } from '../../../pipeline/load-module.js';
import type { Json } from '../../asl/asl-types.js';
import { StatesError } from '../../asl/states-error.js';
import { runCommand } from './command-function.js';

/** A Lambda function as it runs here: the event in, the function's result out; errors are `StatesError`s. */
export type LocalFunction = (payload: Json, signal: AbortSignal) => Promise<Json>;

/**
 * The functions `workflows.lambdas` maps, looked up by function name (the first matching entry
 * wins). A `command` runs once per call (command-function.ts); a `module` is imported once (with
 * tsx for TypeScript, as pipeline files are) and its export called as a Lambda handler
 * `(event, context)`; a thrown error fails the task with the error's `name` (Lambda's `errorType`).
 */
export class LocalFunctions {
  private readonly modules = new Map<string, Promise<(event: unknown, context: unknown) => unknown>>();

  constructor(private readonly entries: readonly LambdaEntry[]) {}

  /** The function `name` maps to, or undefined when no entry matches it. */
  find(name: string): LocalFunction | undefined {
    const entry = this.entries.find((e) => nameMatches(e.pattern, name));
    if (!entry) return undefined;
    if (entry.command) {
      const command = entry.command;
      return (payload, signal) => runCommand(command, payload, signal, dirname(entry.file));
    }
    const module = entry.module;
    if (!module) return undefined;
    return async (payload) => {
      const handler = await this.handler(module.file, module.exportName);
      try {
        const result = await handler(payload, { functionName: name });
        return (result === undefined ? null : JSON.parse(JSON.stringify(result))) as Json;
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        throw new StatesError(e.name || 'Error', JSON.stringify({ errorType: e.name || 'Error', errorMessage: e.message }));
      }
    };
  }

  private handler(file: string, exportName: string) {
    const key = `${file}#${exportName}`;
    let loaded = this.modules.get(key);
    if (!loaded) {
      loaded = importFile(file, 'Lambda module').then(
        (m) => {
          const fn =
            m[exportName] ?? (exportName === 'default' ? undefined : (m.default as Record<string, unknown>)?.[exportName]);
          if (typeof fn !== 'function')
            throw new StatesError('Lambda.ResourceNotFoundException', `${file} has no exported function "${exportName}".`);
          return fn as (event: unknown, context: unknown) => unknown;
        },
        (err) => {
          // A module that does not load fails the task (Lambda's own error for a broken function), not the engine.
          throw new StatesError('Lambda.Unknown', err instanceof GodwitError ? err.describe() : String(err));
        },
      );
      loaded.catch(() => this.modules.delete(key));
      this.modules.set(key, loaded);
    }
    return loaded;
  }
}
