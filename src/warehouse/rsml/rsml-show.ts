/**
 * SHOW MODEL as Redshift prints it: Key / Value rows, a blank row before the TRAINING DATA and
 * PARAMETERS blocks. Model State is READY as soon as CREATE MODEL returns: Godwit trains
 * synchronously, where Redshift shows TRAINING for as long as SageMaker runs.
 */
import type { QueryResult } from '../warehouse.js';
import type { RedshiftModel } from './rsml-model.js';

const COLUMNS = [
  { name: 'Key', type: 'VARCHAR' },
  { name: 'Value', type: 'VARCHAR' },
];

export function showModel(m: RedshiftModel): QueryResult {
  const metric = validationMetric(m);
  const pairs: [string, string][] = [
    ['Model Name', m.name],
    ['Schema Name', shownSchema(m.schema)],
    ['Owner', 'godwit'],
    ['Creation Time', m.createdAt],
    ['Model State', 'READY'],
    ...(metric ? [metric] : []),
    ['Estimated Cost', '0.000000'],
    ['', ''],
    ['TRAINING DATA:', ''],
    ['Query', m.query],
    ...(m.target ? [['Target Column', m.target.toUpperCase()] as [string, string]] : []),
    ['', ''],
    ['PARAMETERS:', ''],
    ['Model Type', m.modelType.toLowerCase()],
    ...(m.problemType ? [['Problem Type', PROBLEM[m.problemType]] as [string, string]] : []),
    ...(m.objective ? [['Objective', m.objective] as [string, string]] : []),
    ['AutoML Job Name', m.auto ? `godwit-${m.schema}-${m.name}` : ''],
    ['Function Name', m.functionName],
    ['Function Parameters', m.params.map((c) => c.name).join(' ')],
    ['Function Parameter Types', m.params.map((c) => redshiftType(c.type)).join(' ')],
    ['IAM Role', m.iamRole === 'default' ? 'default-aws-iam-role' : m.iamRole],
    ['S3 Bucket', m.settings.S3_BUCKET ?? ''],
    ['Max Runtime', m.settings.MAX_RUNTIME ?? '5400'],
    ...Object.entries(m.hyperparameters).map(([k, v]) => [`Hyperparameter ${k.toLowerCase()}`, v] as [string, string]),
  ];
  return { columns: COLUMNS, rows: pairs.map(([Key, Value]) => ({ Key, Value })), cost: { durationMs: 0, rows: pairs.length } };
}

export function showAll(models: readonly { schema: string; name: string }[]): QueryResult {
  return {
    columns: [
      { name: 'Schema Name', type: 'VARCHAR' },
      { name: 'Model Name', type: 'VARCHAR' },
    ],
    rows: models.map((m) => ({ 'Schema Name': shownSchema(m.schema), 'Model Name': m.name })),
    cost: { durationMs: 0, rows: models.length },
  };
}

const PROBLEM = {
  REGRESSION: 'Regression',
  BINARY_CLASSIFICATION: 'BinaryClassification',
  MULTICLASS_CLASSIFICATION: 'MulticlassClassification',
} as const;

/** The metric on the held-out rows (the training rows when there were too few to hold any out), named as Redshift names it. */
function validationMetric(m: RedshiftModel): [string, string] | undefined {
  const metrics = m.trained.evaluation.metrics;
  const pick = (key: string, name: string, map: (v: number) => number = (v) => v): [string, string] | undefined => {
    const v = metrics[key];
    return typeof v === 'number' ? [`validation:${name}`, String(Number(map(v).toFixed(6)))] : undefined;
  };
  if (m.modelType === 'KMEANS') return pick('mean_squared_distance', 'msd');
  const objective = m.objective ?? '';
  if (m.problemType === 'REGRESSION')
    return objective === 'RMSE' || objective.startsWith('reg:')
      ? pick('mean_squared_error', 'rmse', Math.sqrt)
      : pick('mean_squared_error', 'mse');
  if (objective === 'binary:logistic') return pick('accuracy', 'error', (v) => 1 - v);
  if (objective.startsWith('multi:')) return pick('accuracy', 'merror', (v) => 1 - v);
  if (objective === 'AUC') return pick('roc_auc', 'auc');
  if (objective === 'ACCURACY') return pick('accuracy', 'accuracy');
  return pick('f1_score', m.problemType === 'MULTICLASS_CLASSIFICATION' ? 'f1_macro' : 'f1');
}

const TYPES: Readonly<Record<string, string>> = {
  INTEGER: 'int4',
  BIGINT: 'int8',
  SMALLINT: 'int2',
  DOUBLE: 'float8',
  FLOAT: 'float4',
  REAL: 'float4',
  VARCHAR: 'varchar',
  BOOLEAN: 'bool',
};

function redshiftType(duckdb: string): string {
  return TYPES[duckdb.toUpperCase()] ?? (/^DECIMAL/i.test(duckdb) ? 'numeric' : duckdb.toLowerCase());
}

/** DuckDB's `main` is the schema Redshift calls `public`. */
function shownSchema(schema: string): string {
  return schema === 'main' ? 'public' : schema;
}
