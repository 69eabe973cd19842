import type { StepKind } from '../../pipeline/ir.js';
import type { StepRunner } from '../step-context.js';

/**
 * One runner per step kind: a new kind does not type-check until it has one. Each runner module
 * is imported when a step of its kind first runs, not when the runtime loads: training and batch
 * transform bring the linear learner and the container-contract code (~50 modules) that a
 * pipeline of processing steps never uses.
 */
export const RUNNERS: Readonly<Record<StepKind, StepRunner>> = {
  processing: lazy(() => import('./processing-runner.js').then((m) => m.runProcessing)),
  training: lazy(() => import('./training-runner.js').then((m) => m.runTraining)),
  transform: lazy(() => import('./transform-runner.js').then((m) => m.runTransform)),
  condition: lazy(() => import('./condition-runner.js').then((m) => m.runCondition)),
  fail: lazy(() => import('./fail-runner.js').then((m) => m.runFail)),
  'register-model': lazy(() => import('./register-model-runner.js').then((m) => m.runRegisterModel)),
  model: lazy(() => import('./model-runner.js').then((m) => m.runModel)),
  function: lazy(() => import('./function-runner.js').then((m) => m.runFunction)),
  sql: lazy(() => import('./sql-runner.js').then((m) => m.runSql)),
  callback: lazy(() => import('./callback-runner.js').then((m) => m.runCallback)),
  'quality-check': lazy(() => import('./quality-check-runner.js').then((m) => m.runQualityCheck)),
};

/** A runner that imports the real one on its first call. */
function lazy(load: () => Promise<StepRunner>): StepRunner {
  let runner: Promise<StepRunner> | undefined;
  return async (ctx) => {
    runner ??= load();
    return (await runner)(ctx);
  };
}
