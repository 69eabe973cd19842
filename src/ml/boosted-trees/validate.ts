/**
 * Bad input refused before any work, as E_ML_INPUT naming the value (see `estimator.ts`): the
 * options' ranges are XGBoost's own (`eta` > 0, `subsample` in (0, 1], …).
 */
import { checkTrainInput, inputError } from '../check-input.js';
import type { BoostedTreeOptions, TrainInput } from '../estimator.js';

type Check = [keyof BoostedTreeOptions, (v: number) => boolean, string];

const CHECKS: Check[] = [
  ['rounds', (v) => Number.isInteger(v) && v >= 1, 'a whole number ≥ 1'],
  ['learnRate', (v) => v > 0, 'a number > 0'],
  ['maxDepth', (v) => Number.isInteger(v) && v >= 1 && v <= 30, 'a whole number from 1 to 30'],
  ['minSplitLoss', (v) => v >= 0, 'a number ≥ 0'],
  ['minChildWeight', (v) => v >= 0, 'a number ≥ 0'],
  ['subsample', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['colsampleByTree', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['l1', (v) => v >= 0, 'a number ≥ 0'],
  ['l2', (v) => v >= 0, 'a number ≥ 0'],
  ['numParallelTree', (v) => Number.isInteger(v) && v >= 1, 'a whole number ≥ 1'],
  ['maxBins', (v) => Number.isInteger(v) && v >= 2 && v <= 65_535, 'a whole number from 2 to 65535'],
  ['minRelProgress', (v) => v >= 0, 'a number ≥ 0'],
  ['threads', (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0 (0: one per core)'],
];

function validateOptions(options: BoostedTreeOptions): void {
  for (const [name, ok, what] of CHECKS) {
    const value = options[name] as number;
    if (typeof value !== 'number' || Number.isNaN(value) || !ok(value))
      throw inputError(
        `The boosted tree option ${name} is ${JSON.stringify(value)}; it must be ${what}.`,
        `Set ${name} to ${what}.`,
      );
  }
}

/** The labels, checked (classification: class indexes; regression: finite numbers); missing features are fine. */
export function validateInput(input: TrainInput<BoostedTreeOptions>): Float64Array {
  validateOptions(input.options);
  checkTrainInput(input, 'Boosted trees', ['regression', 'classification'], true);
  if (input.x.cols < 1) throw inputError('The training data has no feature columns.', 'Give at least one feature.');
  return input.y as Float64Array;
}
