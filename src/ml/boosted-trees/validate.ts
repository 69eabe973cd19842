/**
 * Bad input refused before any work, as E_ML_INPUT naming the value (see `estimator.ts`): the
 * options' ranges are XGBoost's own (`eta` > 0, `subsample` in (0, 1], …).
 */
import { checkOptions, checkTrainInput, inputError, type OptionRule, RULES } from '../check-input.js';
import type { BoostedTreeOptions, TrainInput } from '../estimator.js';

const CHECKS: { readonly [K in keyof BoostedTreeOptions]?: OptionRule } = {
  rounds: RULES.whole1,
  learnRate: RULES.above0,
  maxDepth: [(v) => Number.isInteger(v) && v >= 1 && v <= 30, 'a whole number from 1 to 30'],
  minSplitLoss: RULES.atLeast0,
  minChildWeight: RULES.atLeast0,
  subsample: RULES.fraction,
  colsampleByTree: RULES.fraction,
  l1: RULES.atLeast0,
  l2: RULES.atLeast0,
  numParallelTree: RULES.whole1,
  maxBins: [(v) => Number.isInteger(v) && v >= 2 && v <= 65_535, 'a whole number from 2 to 65535'],
  minRelProgress: RULES.atLeast0,
  threads: [(v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0 (0: one per core)'],
};

/** The labels, checked (classification: class indexes; regression: finite numbers); missing features are fine. */
export function validateInput(input: TrainInput<BoostedTreeOptions>): Float64Array {
  checkOptions('boosted tree', input.options, CHECKS);
  checkTrainInput(input, 'Boosted trees', ['regression', 'classification'], true);
  if (input.x.cols < 1) throw inputError('The training data has no feature columns.', 'Give at least one feature.');
  return input.y as Float64Array;
}
