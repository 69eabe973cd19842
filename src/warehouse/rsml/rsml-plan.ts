/**
 * From Redshift ML's clauses and the training data to one of BigQuery ML's model types and
 * options, so Redshift ML trains through the same path (src/warehouse/bqml/bqml-train.ts `fit`:
 * preprocessing, label checks, the src/ml algorithms). Hyperparameters keep SageMaker's names
 * and defaults (XGBoost's NUM_ROUND 100, ETA 0.3, MAX_DEPTH 6…) and map onto BigQuery ML's
 * options; one without an equivalent is E_RSML_OPTION naming those that are supported.
 *
 * AUTO ON without MODEL_TYPE stands in for SageMaker Autopilot: the problem type comes from the
 * target (a string or boolean, or an integer with at most 10 distinct values, is classification;
 * two classes binary), and the algorithm is XGBOOST, the one Autopilot's tabular candidates most
 * often end on. Godwit trains one candidate, not Autopilot's dozens (docs/redshift-ml.md).
 */
import type { MlValue } from '../../sql/bigquery/bigquery-ml-options.js';
import { HYPERPARAMETERS, type Hyperparameter } from '../../sql/redshift/redshift-ml-options.js';
import type { ModelType } from '../bqml/bqml-options.js';
import type { Column, Row } from '../warehouse.js';
import {
  METRIC_OBJECTIVES,
  type ModelClauses,
  option,
  type ProblemType,
  type RsModelType,
  XGBOOST_OBJECTIVES,
} from './rsml-clauses.js';
import { targetError } from './rsml-errors.js';

/** SageMaker's defaults where they differ from BigQuery ML's: XGBoost trains 100 rounds, all of them. */
const DEFAULTS: Readonly<Record<RsModelType, Readonly<Record<string, MlValue>>>> = {
  XGBOOST: { max_iterations: 100, early_stop: false },
  LINEAR_LEARNER: {},
  MLP: {},
  KMEANS: {},
};

export interface Plan {
  readonly modelType: RsModelType;
  readonly problemType?: ProblemType;
  readonly bqType: ModelType;
  readonly options: ReadonlyMap<string, MlValue>;
}

export function planOf(c: ModelClauses, columns: readonly Column[], rows: readonly Row[]): Plan {
  const modelType = c.modelType ?? 'XGBOOST';
  const fromType: Record<RsModelType, [string, string]> = {
    XGBOOST: ['BOOSTED_TREE_CLASSIFIER', 'BOOSTED_TREE_REGRESSOR'],
    LINEAR_LEARNER: ['LOGISTIC_REG', 'LINEAR_REG'],
    MLP: ['DNN_CLASSIFIER', 'DNN_REGRESSOR'],
    KMEANS: ['KMEANS', 'KMEANS'],
  };
  const options = new Map<string, MlValue>(Object.entries(DEFAULTS[modelType]));
  for (const [name, value] of Object.entries(c.hyperparameters)) {
    const hyper = HYPERPARAMETERS[modelType][name];
    if (!hyper)
      throw option(
        `HYPERPARAMETERS ${name}`,
        `is not a ${modelType} hyperparameter Godwit trains with`,
        `${modelType} takes: ${Object.keys(HYPERPARAMETERS[modelType]).join(', ')}`,
      );
    options.set(hyper.option, hyperValue(name, value, hyper));
  }
  if (modelType === 'KMEANS') {
    if (!options.has('num_clusters'))
      throw option('KMEANS', 'needs the number of clusters', "HYPERPARAMETERS DEFAULT EXCEPT (K '5')");
    return { modelType, bqType: 'KMEANS', options: options.set('model_type', 'KMEANS') };
  }
  const target = c.target as string;
  const problemType = problemTypeOf(c, columns, rows, target);
  const [classifier, regressor] = fromType[modelType];
  const bqType = (problemType === 'REGRESSION' ? regressor : classifier) as ModelType;
  options.set('model_type', bqType).set('input_label_cols', [target]);
  return { modelType, problemType, bqType, options };
}

function hyperValue(name: string, value: string, hyper: Hyperparameter): MlValue {
  if (hyper.kind === 'init') {
    if (/^(random|kmeans\+\+)$/i.test(value)) return value.toUpperCase();
    throw option(`HYPERPARAMETERS ${name} '${value}'`, 'is random or kmeans++', `${name} 'random' | 'kmeans++'`);
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (hyper.kind === 'int' && !Number.isInteger(n)))
    throw option(
      `HYPERPARAMETERS ${name} '${value}'`,
      `expected ${hyper.kind === 'int' ? 'an integer' : 'a number'}`,
      `${name} '${hyper.kind === 'int' ? '10' : '0.1'}'`,
    );
  return n;
}

/** PROBLEM_TYPE, else what OBJECTIVE implies, else the target's values (Autopilot's guess). */
function problemTypeOf(c: ModelClauses, columns: readonly Column[], rows: readonly Row[], target: string): ProblemType {
  const column = columns.find((col) => col.name.toLowerCase() === target.toLowerCase());
  if (!column)
    throw targetError(
      `The TARGET column ${target} is not a column of the training query.`,
      `Columns: ${columns.map((col) => col.name).join(', ')}.`,
    );
  const values = new Set(
    rows
      .map((r) => r[column.name])
      .filter((v) => v !== null && v !== undefined)
      .map(String),
  );
  if (values.size === 0)
    throw targetError(
      `The TARGET column ${column.name} is NULL in every row of the training query.`,
      'Train on rows that have a target: add WHERE … IS NOT NULL.',
    );
  const implied = c.objective ? impliedBy(c.objective) : undefined;
  const classes = values.size === 2 ? 'BINARY_CLASSIFICATION' : 'MULTICLASS_CLASSIFICATION';
  const chosen =
    c.problemType ??
    (implied === 'classification' ? classes : implied) ??
    (/^(VARCHAR|BOOLEAN)$/i.test(column.type) || (/INT/i.test(column.type) && values.size <= 10) ? classes : 'REGRESSION');
  if (implied && (implied === 'classification' ? chosen === 'REGRESSION' : implied !== chosen))
    throw option(`OBJECTIVE '${c.objective}'`, `does not fit PROBLEM_TYPE ${chosen}`, 'Choose an objective of the problem type');
  if (chosen !== 'REGRESSION' && chosen !== classes)
    throw targetError(
      `PROBLEM_TYPE ${chosen} does not fit TARGET ${column.name}, which has ${values.size} distinct values.`,
      values.size === 2 ? 'Use BINARY_CLASSIFICATION.' : 'Use MULTICLASS_CLASSIFICATION (or REGRESSION for a number).',
    );
  return chosen;
}

function impliedBy(objective: string): ProblemType | 'classification' {
  return XGBOOST_OBJECTIVES[objective] ?? (METRIC_OBJECTIVES[objective] === 'regression' ? 'REGRESSION' : 'classification');
}
