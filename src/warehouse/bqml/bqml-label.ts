/**
 * The label column: checked as BigQuery checks it (it exists, it is not all NULL, a regressor's
 * is numeric, every class of a classifier has more than one row) and, for classifiers, turned
 * into class indexes over the classes in ascending order — the order of
 * `predicted_<label>_probs`. Rows whose label is NULL do not train.
 */
import { GodwitError } from '../../core/errors.js';
import type { Column, Row } from '../warehouse.js';
import { bigQueryType, columnKind, numberOf } from './bqml-features.js';
import type { LabelInfo, LabelValue } from './bqml-model.js';

export function fitLabel(columns: readonly Column[], rows: readonly Row[], name: string, classifier: boolean): LabelInfo {
  const column = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!column)
    throw new GodwitError('E_BQML_LABEL', `The label column ${name} (input_label_cols) is not a column of the training query.`, {
      hint: `Columns: ${columns.map((c) => c.name).join(', ')}.`,
    });
  const values = rows.map((r) => r[column.name]).filter((v) => v !== null && v !== undefined);
  if (values.length === 0)
    throw new GodwitError('E_BQML_LABEL', `The label column ${column.name} is NULL in every row of the training query.`, {
      hint: 'Train on rows that have a label: add WHERE … IS NOT NULL, or choose another input_label_cols.',
    });
  if (!classifier) {
    if (columnKind(column) !== 'numeric')
      throw new GodwitError(
        'E_BQML_COLUMN_TYPE',
        `The label column ${column.name} has type ${bigQueryType(column.type)}; a regression model needs a numeric label.`,
        {
          hint: 'Cast it to FLOAT64, or train a classifier (LOGISTIC_REG, BOOSTED_TREE_CLASSIFIER, DNN_CLASSIFIER).',
        },
      );
    return { name: column.name, type: column.type };
  }
  return { name: column.name, type: column.type, classes: classesOf(column, values) };
}

function classesOf(column: Column, values: readonly unknown[]): LabelValue[] {
  if (!/^(VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/i.test(column.type))
    throw new GodwitError(
      'E_BQML_COLUMN_TYPE',
      `The label column ${column.name} has type ${bigQueryType(column.type)}; a classifier needs STRING, BOOL or INT64 labels.`,
      {
        hint: 'Cast the label to STRING or INT64, or train a regressor.',
      },
    );
  const counts = new Map<string, { value: LabelValue; n: number }>();
  for (const v of values) {
    const value = typeof v === 'bigint' ? Number(v) : (v as LabelValue);
    const entry = counts.get(String(value)) ?? { value, n: 0 };
    entry.n++;
    counts.set(String(value), entry);
  }
  if (counts.size < 2)
    throw new GodwitError(
      'E_BQML_LABEL',
      `The label column ${column.name} has only one class (${[...counts.keys()][0]}); a classifier needs at least two.`,
      {
        hint: 'Train on rows with more than one label value.',
      },
    );
  const single = [...counts.values()].find((c) => c.n < 2);
  if (single)
    throw new GodwitError(
      'E_BQML_LABEL',
      `Class ${String(single.value)} of label column ${column.name} has only one row; every class needs at least two.`,
      {
        hint: 'Remove that row or merge the class with another (a WHERE or CASE in the training query).',
      },
    );
  return [...counts.values()].map((c) => c.value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Class indexes (classifier) or targets (regressor), one per row; rows must have a label. */
export function labelVector(label: LabelInfo, rows: readonly Row[]): Float64Array {
  const y = new Float64Array(rows.length);
  const index = label.classes ? new Map(label.classes.map((c, i) => [String(c), i])) : undefined;
  rows.forEach((row, r) => {
    const v = row[label.name];
    y[r] = index ? (index.get(String(typeof v === 'bigint' ? Number(v) : v)) ?? Number.NaN) : numberOf(v);
  });
  return y;
}
