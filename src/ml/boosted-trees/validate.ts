/**
 * Bad input refused before any work, as E_ML_INPUT naming the value (see `estimator.ts`): the
 * options' ranges are XGBoost's own (`eta` > 0, `subsample` in (0, 1], …).
 */
import { GodwitError } from '../../core/errors.js';
import type { BoostedTreeOptions, Matrix, TrainInput } from '../estimator.js';

function refuse(message: string, hint: string): never {
  throw new GodwitError('E_ML_INPUT', message, { hint });
}

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

export function validateOptions(options: BoostedTreeOptions): void {
  for (const [name, ok, what] of CHECKS) {
    const value = options[name] as number;
    if (typeof value !== 'number' || Number.isNaN(value) || !ok(value))
      refuse(`The boosted tree option ${name} is ${JSON.stringify(value)}; it must be ${what}.`, `Set ${name} to ${what}.`);
  }
}

function checkMatrix(x: Matrix, what: string): void {
  if (x.rows < 1 || x.cols < 1)
    refuse(`The ${what} has ${x.rows} rows and ${x.cols} columns.`, 'Give at least one row and one feature.');
  if (x.data.length !== x.rows * x.cols)
    refuse(
      `The ${what} holds ${x.data.length} values, not rows × cols = ${x.rows * x.cols}.`,
      'Give a row-major matrix of rows × cols values.',
    );
}

function checkLabels(y: Float64Array | undefined, rows: number, classes: number | undefined, what: string): Float64Array {
  if (y === undefined || y.length !== rows)
    refuse(
      `The ${what} labels are ${y === undefined ? 'missing' : `${y.length} values for ${rows} rows`}.`,
      'Give one label per row.',
    );
  for (let r = 0; r < rows; r++) {
    const v = y[r];
    if (!Number.isFinite(v)) refuse(`The ${what} label of row ${r + 1} is ${v}.`, 'Drop rows with a missing label.');
    if (classes !== undefined && !(Number.isInteger(v) && v >= 0 && v < classes))
      refuse(
        `The ${what} label of row ${r + 1} is ${v}, not a class index from 0 to ${classes - 1}.`,
        'Encode classes as 0 … classes − 1.',
      );
  }
  return y;
}

/** The labels, checked (classification: class indexes; regression: finite numbers). */
export function validateInput(input: TrainInput<BoostedTreeOptions>): Float64Array {
  const { task, x } = input;
  if (task.kind === 'clustering') refuse('Boosted trees do not cluster.', 'Use k-means for clustering.');
  if (task.kind === 'classification' && !(Number.isInteger(task.classes) && task.classes >= 2))
    refuse(`A classification task has ${task.classes} classes.`, 'Give at least 2 classes.');
  const classes = task.kind === 'classification' ? task.classes : undefined;
  validateOptions(input.options);
  checkMatrix(x, 'training matrix');
  const y = checkLabels(input.y, x.rows, classes, 'training');
  const w = input.weights;
  if (w !== undefined) {
    if (w.length !== x.rows) refuse(`There are ${w.length} row weights for ${x.rows} rows.`, 'Give one weight per row.');
    for (let r = 0; r < w.length; r++)
      if (!(w[r] >= 0 && Number.isFinite(w[r])))
        refuse(`The weight of row ${r + 1} is ${w[r]}.`, 'Weights must be finite and ≥ 0.');
  }
  if (input.eval) {
    checkMatrix(input.eval.x, 'evaluation matrix');
    if (input.eval.x.cols !== x.cols)
      refuse(
        `The evaluation matrix has ${input.eval.x.cols} columns, the training matrix ${x.cols}.`,
        'Give both the same features.',
      );
    checkLabels(input.eval.y, input.eval.x.rows, classes, 'evaluation');
  }
  return y;
}
