import type { StepKind } from '../../pipeline/ir.js';
import type { StepRunner } from '../step-context.js';
import { runCondition } from './condition-runner.js';
import { runFail } from './fail-runner.js';
import { runFunction } from './function-runner.js';
import { runProcessing } from './processing-runner.js';
import { runRegisterModel } from './register-model-runner.js';
import { runTraining } from './training-runner.js';
import { runTransform } from './transform-runner.js';

/** One runner per step kind: a new kind does not type-check until it has one. */
export const RUNNERS: Readonly<Record<StepKind, StepRunner>> = {
  processing: runProcessing,
  training: runTraining,
  transform: runTransform,
  condition: runCondition,
  fail: runFail,
  'register-model': runRegisterModel,
  function: runFunction,
};
