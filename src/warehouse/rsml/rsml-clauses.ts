/**
 * CREATE MODEL's clauses checked before any data is read: what Godwit trains (MODEL_TYPE,
 * PROBLEM_TYPE, OBJECTIVE, SETTINGS), what it refuses with E_RSML_UNSUPPORTED (bring your own
 * model, FORECAST, PREPROCESSORS) and what it does not know (E_RSML_OPTION). Nothing is ignored
 * quietly: IAM_ROLE and the S3 settings are kept for SHOW MODEL and listed in docs/redshift-ml.md
 * as having no effect offline.
 */
import { GodwitError } from '../../core/errors.js';
import type { RedshiftCreateModelStatement } from '../../sql/index.js';

import {
  REDSHIFT_MODEL_TYPES as MODEL_TYPES,
  type RedshiftModelType as RsModelType,
} from '../../sql/redshift/redshift-ml-options.js';

export type { RsModelType };
export const PROBLEM_TYPES = ['REGRESSION', 'BINARY_CLASSIFICATION', 'MULTICLASS_CLASSIFICATION'] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/** XGBoost's own objectives Godwit trains, and the problem each one means. */
export const XGBOOST_OBJECTIVES: Readonly<Record<string, ProblemType>> = {
  'reg:squarederror': 'REGRESSION',
  'binary:logistic': 'BINARY_CLASSIFICATION',
  'multi:softmax': 'MULTICLASS_CLASSIFICATION',
  'multi:softprob': 'MULTICLASS_CLASSIFICATION',
};
/** Autopilot's objective metrics: they choose the reported validation metric, not the loss. */
export const METRIC_OBJECTIVES: Readonly<Record<string, 'regression' | 'classification'>> = {
  MSE: 'regression',
  RMSE: 'regression',
  ACCURACY: 'classification',
  F1: 'classification',
  F1MACRO: 'classification',
  AUC: 'classification',
};

/** Settings Godwit keeps and shows but that change nothing offline (no S3, KMS or time limit). */
const SETTINGS = ['S3_BUCKET', 'TAGS', 'KMS_KEY_ID', 'S3_GARBAGE_COLLECT', 'MAX_CELLS', 'MAX_RUNTIME'];
const FORECAST_SETTINGS = ['HORIZON', 'FREQUENCY', 'PERCENTILES'];

export interface ModelClauses {
  readonly functionName: string;
  readonly target?: string;
  readonly iamRole: string;
  readonly auto: boolean;
  readonly modelType?: RsModelType;
  readonly problemType?: ProblemType;
  readonly objective?: string;
  /** Upper-case names → values as written. */
  readonly hyperparameters: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, string>>;
}

export function readClauses(s: RedshiftCreateModelStatement): ModelClauses {
  refuseUnsupported(s);
  const c = s.clauses;
  const fn = c.get('FUNCTION');
  if (!fn || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(fn))
    throw option(
      `FUNCTION ${fn ?? ''}`.trim(),
      'CREATE MODEL needs FUNCTION name (one identifier, no argument types)',
      'FUNCTION predict_churn',
    );
  const iamRole = c.get('IAM_ROLE');
  if (!iamRole)
    throw option(
      'IAM_ROLE',
      'CREATE MODEL needs IAM_ROLE, as Redshift does',
      "IAM_ROLE default or IAM_ROLE 'arn:aws:iam::…:role/…'",
    );
  const auto = autoOf(c.get('AUTO'));
  const modelType = modelTypeOf(c.get('MODEL_TYPE'));
  if (!auto && !modelType) throw option('AUTO OFF', 'AUTO OFF needs MODEL_TYPE', `MODEL_TYPE ${MODEL_TYPES.join(' | ')}`);
  const problemType = problemTypeOf(c.get('PROBLEM_TYPE'));
  const objective = objectiveOf(c.get('OBJECTIVE'), modelType);
  if (!auto && modelType === 'XGBOOST' && !objective)
    throw option(
      'AUTO OFF',
      'AUTO OFF MODEL_TYPE XGBOOST needs OBJECTIVE, as Redshift does',
      `OBJECTIVE '${Object.keys(XGBOOST_OBJECTIVES).join("' | '")}'`,
    );
  const target = c.get('TARGET');
  if (modelType === 'KMEANS' && target) throw option(`TARGET ${target}`, 'KMEANS learns without a target', 'Leave TARGET out.');
  if (modelType !== 'KMEANS' && !target)
    throw option('TARGET', 'CREATE MODEL needs TARGET column (except MODEL_TYPE KMEANS)', 'TARGET label_column');
  const settings = Object.fromEntries(s.settings ?? []);
  for (const name of Object.keys(settings))
    if (FORECAST_SETTINGS.includes(name)) throw unsupported(`SETTINGS ${name}`, 'is for MODEL_TYPE FORECAST');
    else if (!SETTINGS.includes(name))
      throw option(`SETTINGS ${name}`, 'is not a Redshift ML setting Godwit knows', `Settings: ${SETTINGS.join(', ')}.`);
  if (!settings.S3_BUCKET)
    throw option('SETTINGS', "CREATE MODEL needs SETTINGS (S3_BUCKET '…'), as Redshift does", "SETTINGS (S3_BUCKET 'bucket')");
  return {
    functionName: fn,
    ...(target ? { target } : {}),
    iamRole,
    auto,
    ...(modelType ? { modelType } : {}),
    ...(problemType ? { problemType } : {}),
    ...(objective ? { objective } : {}),
    hyperparameters: Object.fromEntries(s.hyperparameters ?? []),
    settings,
  };
}

function refuseUnsupported(s: RedshiftCreateModelStatement): void {
  if (s.job !== undefined) throw unsupported(`FROM '${s.job}'`, 'brings a model trained elsewhere (BYOM)');
  for (const [clause, why] of [
    ['SAGEMAKER', 'is remote inference on a SageMaker endpoint (BYOM)'],
    ['RETURNS', 'is for bring-your-own models'],
    ['PREPROCESSORS', 'is not run offline: Godwit preprocesses as docs/redshift-ml.md describes'],
  ] as const)
    if (s.clauses.has(clause)) throw unsupported(`${clause} ${s.clauses.get(clause)}`, why);
  if (s.clauses.get('MODEL_TYPE')?.toUpperCase() === 'FORECAST')
    throw unsupported('MODEL_TYPE FORECAST', 'needs Amazon Forecast');
}

function autoOf(value: string | undefined): boolean {
  if (value === undefined || /^on$/i.test(value)) return true;
  if (/^off$/i.test(value)) return false;
  throw option(`AUTO ${value}`, 'AUTO is ON or OFF', 'AUTO ON | AUTO OFF');
}

function modelTypeOf(value: string | undefined): RsModelType | undefined {
  if (value === undefined) return undefined;
  const type = value.toUpperCase();
  if ((MODEL_TYPES as readonly string[]).includes(type)) return type as RsModelType;
  throw option(`MODEL_TYPE ${value}`, 'is not a model type Godwit trains', `MODEL_TYPE ${MODEL_TYPES.join(' | ')}`);
}

function problemTypeOf(value: string | undefined): ProblemType | undefined {
  if (value === undefined) return undefined;
  const type = value.toUpperCase();
  if ((PROBLEM_TYPES as readonly string[]).includes(type)) return type as ProblemType;
  throw option(`PROBLEM_TYPE ${value}`, 'is not a problem type Godwit trains', `PROBLEM_TYPE ${PROBLEM_TYPES.join(' | ')}`);
}

function objectiveOf(value: string | undefined, type: RsModelType | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (type === 'KMEANS') throw option(`OBJECTIVE '${value}'`, 'KMEANS takes no OBJECTIVE', 'Leave OBJECTIVE out.');
  if (XGBOOST_OBJECTIVES[value] && (type === undefined || type === 'XGBOOST')) return value;
  if (METRIC_OBJECTIVES[value.toUpperCase()]) return value.toUpperCase();
  const supported = [
    ...(type === undefined || type === 'XGBOOST' ? Object.keys(XGBOOST_OBJECTIVES) : []),
    ...Object.keys(METRIC_OBJECTIVES),
  ];
  throw option(
    `OBJECTIVE '${value}'`,
    `is not an objective Godwit trains${type ? ` with MODEL_TYPE ${type}` : ''}`,
    `OBJECTIVE '${supported.join("' | '")}'`,
  );
}

export function option(what: string, why: string, way: string): GodwitError {
  return new GodwitError('E_RSML_OPTION', `CREATE MODEL: ${what}: ${why}.`, {
    hint: `${way} (docs/redshift-ml.md lists what Godwit runs).`,
  });
}

function unsupported(what: string, why: string): GodwitError {
  return new GodwitError(
    'E_RSML_UNSUPPORTED',
    `CREATE MODEL ${what} ${why}; Godwit trains Redshift ML models offline and does not run that.`,
    {
      hint: "Train locally: CREATE MODEL m FROM (SELECT …) TARGET col FUNCTION fn IAM_ROLE default [MODEL_TYPE XGBOOST | MLP | LINEAR_LEARNER | KMEANS] SETTINGS (S3_BUCKET '…').",
    },
  );
}
