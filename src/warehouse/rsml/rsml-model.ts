/** A Redshift ML model as Godwit keeps it: the clauses as given, and the model trained through BigQuery ML's path. */
import type { StoredModel } from '../bqml/bqml-model.js';
import type { Column } from '../warehouse.js';
import type { ProblemType, RsModelType } from './rsml-clauses.js';

export interface RedshiftModel {
  readonly format: 'godwit-rsml/1';
  /** Lower case, as Redshift folds unquoted names. */
  readonly schema: string;
  readonly name: string;
  readonly functionName: string;
  /** The function's parameters: the training query's non-target columns, in its order. */
  readonly params: readonly Column[];
  /** The training query as written (or `SELECT * FROM table`). */
  readonly query: string;
  readonly target?: string;
  readonly modelType: RsModelType;
  readonly problemType?: ProblemType;
  readonly objective?: string;
  readonly auto: boolean;
  readonly iamRole: string;
  readonly hyperparameters: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, string>>;
  readonly trained: StoredModel;
  readonly trainingSeconds: number;
  readonly createdAt: string;
}
