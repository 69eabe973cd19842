/**
 * Models one sql step of a migration makes, for the steps after it: a Redshift ML `CREATE MODEL …
 * FUNCTION fn` in one step and `fn(a, b)` in a later one (or BigQuery ML's CREATE MODEL and
 * ML.PREDICT) are translated as a pair. One registry per migration, keyed by its options.
 */
import type { MlFunctions } from '../sql/index.js';
import type { StepMigration } from './migrate-context.js';

const REGISTRIES = new WeakMap<object, MlFunctions>();

export function mlFunctions(m: StepMigration): MlFunctions {
  let found = REGISTRIES.get(m.options);
  if (!found) {
    found = new Map();
    REGISTRIES.set(m.options, found);
  }
  return found;
}
