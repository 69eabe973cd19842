/**
 * The step handle every builder returns: the step's frozen IR, the steps it reaches (so
 * `pipeline()` can collect them), and helpers that make references to it. `withRetry` and the
 * like return a new handle; nothing is mutated.
 */

import { deepFreeze } from '../../core/deep-freeze.js';
import type { StepFunction } from '../function-context.js';
import type {
  CachePolicy,
  CallbackOutputRef,
  JsonGetRef,
  ModelNameRef,
  PropertyFileSpec,
  RetryPolicy,
  StepIR,
  StepMetricRef,
  StepOutputRef,
  StepTableRef,
} from '../ir.js';
import { ref } from './values.js';

/** Lets `pipeline()` find a step from a reference to its output, without listing it. */
export const STEP_HANDLE = Symbol('godwit.step');

/** A step handle: its IR plus helpers that make references to it. */
export interface Step<S extends StepIR = StepIR> {
  readonly ir: S;
  /** Steps this one references directly (so `pipeline()` can collect them). */
  readonly upstream: readonly Step[];
  /** A condition's branch steps: collected after it, since they run after it. */
  readonly branches: readonly Step[];
  /** Functions defined inline, by export id (only function steps have one). */
  readonly fn?: StepFunction;
  output(name: string): StepOutputRef;
  metric(name: string): StepMetricRef;
  jsonGet(propertyFile: PropertyFileSpec | string, path: string): JsonGetRef;
  /** A table output of a sql step, for a later sql step's `reads`. */
  table(name: string): StepTableRef;
  /** The name of the model a model step created. */
  modelName(): ModelNameRef;
  /** A value the success of a callback step carried (one of its `outputParameters`). */
  outputParameter(name: string): CallbackOutputRef;
  /** A copy with a retry policy / cache policy / timeout / extra dependencies. */
  withRetry(retry: RetryPolicy): Step<S>;
  withCache(cache: CachePolicy): Step<S>;
  withTimeout(seconds: number): Step<S>;
  after(...steps: Step[]): Step<S>;
}

export function makeStep<S extends StepIR>(
  ir: S,
  upstream: readonly Step[],
  fn?: StepFunction,
  branches: readonly Step[] = [],
): Step<S> {
  const self: Step<S> = Object.freeze({
    ir: deepFreeze(ir),
    upstream: Object.freeze([...upstream]),
    branches: Object.freeze([...branches]),
    fn,
    output: (output: string) => handleRef<StepOutputRef>({ kind: 'StepOutput', step: ir.name, output }),
    metric: (metric: string) => handleRef<StepMetricRef>({ kind: 'StepMetric', step: ir.name, metric }),
    jsonGet: (file: PropertyFileSpec | string, path: string) =>
      handleRef<JsonGetRef>({ kind: 'JsonGet', step: ir.name, propertyFile: typeof file === 'string' ? file : file.name, path }),
    table: (table: string) => handleRef<StepTableRef>({ kind: 'StepTable', step: ir.name, table }),
    modelName: () => handleRef<ModelNameRef>({ kind: 'ModelName', step: ir.name }),
    outputParameter: (name: string) => handleRef<CallbackOutputRef>({ kind: 'CallbackOutput', step: ir.name, name }),
    withRetry: (retry: RetryPolicy) => makeStep({ ...ir, retry }, upstream, fn, branches),
    withCache: (cache: CachePolicy) => makeStep({ ...ir, cache }, upstream, fn, branches),
    withTimeout: (timeoutSeconds: number) => makeStep({ ...ir, timeoutSeconds }, upstream, fn, branches),
    after: (...steps: Step[]) =>
      makeStep(
        { ...ir, dependsOn: [...(ir.dependsOn ?? []), ...steps.map((s) => s.ir.name)] },
        [...upstream, ...steps],
        fn,
        branches,
      ),
  });
  function handleRef<T extends object>(node: T): T {
    return ref(Object.defineProperty(node, STEP_HANDLE, { value: self, enumerable: false }));
  }
  return self;
}
