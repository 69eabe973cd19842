/**
 * The input checks every built-in algorithm makes before training (see `estimator.ts`): rows,
 * shapes, finite values, labels in range, weights. Each failure is E_ML_INPUT naming the value.
 */
import { GodwitError } from '../core/errors.js';
import type { Matrix, Task, TrainInput } from './estimator.js';

export function inputError(message: string, hint: string): GodwitError {
  return new GodwitError('E_ML_INPUT', message, { hint });
}

/** A matrix with the right shape and, unless `allowMissing`, no NaN or infinite value. */
export function checkMatrix(x: Matrix, what: string, options: { cols?: number; allowMissing?: boolean } = {}): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 0) {
    throw inputError(`${what} has a bad shape ${x.rows} × ${x.cols}.`, 'Rows and columns are whole numbers ≥ 0.');
  }
  if (x.data.length !== x.rows * x.cols) {
    throw inputError(
      `${what} holds ${x.data.length} values for ${x.rows} rows × ${x.cols} columns.`,
      'Matrix.data is row-major with exactly rows × cols values.',
    );
  }
  if (options.cols !== undefined && x.cols !== options.cols) {
    throw inputError(
      `${what} has ${x.cols} columns where the model has ${options.cols}.`,
      'Pass the same features in the same order as in training.',
    );
  }
  if (options.allowMissing) return;
  const { data, cols } = x;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / cols);
      throw inputError(
        `${what} row ${row}, column ${i - row * cols} is ${data[i]}; this algorithm needs a finite number in every cell.`,
        'Impute missing values (for example with the column mean) before training, or drop those rows.',
      );
    }
  }
}

/** Labels present for supervised tasks, finite, and class indexes in `0..classes-1` for classification. */
export function checkLabels(task: Task, y: Float64Array | undefined, rows: number, what: string): void {
  if (task.kind === 'clustering') return;
  if (!y) throw inputError(`${what} has no labels for a ${task.kind} task.`, 'Pass y with one label per row.');
  if (y.length !== rows) throw inputError(`${what} has ${y.length} labels for ${rows} rows.`, 'Pass one label per row.');
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) {
      throw inputError(`${what} label ${i} is ${v}.`, 'Labels must be finite numbers; drop rows whose label is missing.');
    }
    if (task.kind === 'classification' && !(Number.isInteger(v) && v >= 0 && v < task.classes)) {
      throw inputError(
        `${what} label ${i} is ${v}, not a class index in 0..${task.classes - 1}.`,
        'Encode classes as 0, 1, …, classes − 1.',
      );
    }
  }
}

/** The checks common to every algorithm: task supported, rows present, shapes, labels, weights, eval rows. */
export function checkTrainInput<O>(
  input: TrainInput<O>,
  algorithm: string,
  tasks: readonly Task['kind'][],
  allowMissing = false,
): void {
  const { task, x } = input;
  if (!tasks.includes(task.kind)) {
    throw inputError(`${algorithm} does not learn ${task.kind} tasks.`, `It learns: ${tasks.join(', ')}.`);
  }
  if (task.kind === 'classification' && !(Number.isInteger(task.classes) && task.classes >= 2)) {
    throw inputError(
      `A classification task needs at least 2 classes, not ${task.classes}.`,
      'Check the label column: it has one class only.',
    );
  }
  checkMatrix(x, 'The training data', { allowMissing });
  if (x.rows === 0)
    throw inputError('The training data has no rows.', 'Check the query or the filter that selects training rows.');
  checkLabels(task, input.y, x.rows, 'The training data');
  if (input.weights) checkWeights(input.weights, x.rows);
  if (input.eval) {
    checkMatrix(input.eval.x, 'The evaluation data', { cols: x.cols, allowMissing });
    checkLabels(task, input.eval.y, input.eval.x.rows, 'The evaluation data');
  }
}

function checkWeights(weights: Float64Array, rows: number): void {
  if (weights.length !== rows)
    throw inputError(`There are ${weights.length} row weights for ${rows} rows.`, 'Pass one weight per row.');
  let total = 0;
  for (let i = 0; i < rows; i++) {
    if (!(weights[i] >= 0 && Number.isFinite(weights[i]))) {
      throw inputError(`Row weight ${i} is ${weights[i]}.`, 'Row weights are finite numbers ≥ 0.');
    }
    total += weights[i];
  }
  if (!(total > 0)) throw inputError('Every row weight is 0.', 'Give at least one row a positive weight.');
}

/** What a numeric option must be: its test, and the words for it in the message. */
export type OptionRule = readonly [ok: (v: number) => boolean, must: string];

/** The rules the algorithms share. */
export const RULES = {
  whole1: [(v) => Number.isInteger(v) && v >= 1, 'a whole number ≥ 1'],
  atLeast0: [(v) => v >= 0 && Number.isFinite(v), 'a finite number ≥ 0'],
  above0: [(v) => v > 0 && Number.isFinite(v), 'a finite number > 0'],
  fraction: [(v) => v > 0 && v <= 1, 'a number in (0, 1]'],
} as const satisfies Record<string, OptionRule>;

/**
 * Every option `rules` names checked before any work: a value that is not a number or breaks its
 * rule is E_ML_INPUT naming the algorithm, the option and what it must be. Only the options
 * named in `optional` may be left undefined (the algorithm's default applies).
 */
export function checkOptions<O extends object>(
  algorithm: string,
  options: O,
  rules: { readonly [K in keyof O]?: OptionRule },
  optional: readonly (keyof O)[] = [],
): void {
  for (const [name, rule] of Object.entries(rules) as [keyof O & string, OptionRule][]) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined && optional.includes(name)) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || !rule[0](value))
      throw inputError(
        `The ${algorithm} option ${name} is ${typeof value === 'number' ? value : JSON.stringify(value)}; it must be ${rule[1]}.`,
        `Set ${name} to ${rule[1]}.`,
      );
  }
}
