/**
 * What a SQL translation returns and the context its rules share. A translation never fails:
 * what it cannot translate is kept as written, marked with a `-- godwit migrate:` comment in the
 * output and listed as a `human` note, so the result is always reviewable text.
 */
import type { SqlDialect } from './sql-tokens.js';

export interface SqlNote {
  /** 1-based statement number in the input. */
  readonly statement: number;
  /** 1-based line where the statement starts. */
  readonly line: number;
  /** `changed`: translated as stated. `human`: a person must decide or finish it. */
  readonly severity: 'changed' | 'human';
  readonly message: string;
}

export interface SqlTranslation {
  readonly sql: string;
  readonly notes: readonly SqlNote[];
}

export interface SqlTranslateOptions {
  /**
   * Maps a bucket URI to the other cloud (`s3://a/x` → `gs://b/x`). Where it is absent or answers
   * undefined, the bucket keeps its name under the other scheme, and a note says so.
   */
  readonly mapUri?: (uri: string) => string | undefined;
  /** BigQuery → Redshift: the IAM_ROLE of COPY and UNLOAD; default `default` (the cluster's default role). */
  readonly iamRole?: string;
  /**
   * The models earlier scripts of the same migration made (ML statements), so a later script's
   * prediction calls are translated too; absent means this script's own only.
   */
  readonly ml?: MlFunctions;
}

/** A model a translated CREATE MODEL made, by its Redshift prediction function (lower case) or its BigQuery name. */
export interface MlFunction {
  /** The model's name as written (`schema.model`). */
  readonly model: string;
  /** The Redshift prediction function's name. */
  readonly function: string;
  /** The target / label column; absent for k-means. */
  readonly label?: string;
  /** The feature columns in order, when the training query lists them. */
  readonly params?: readonly string[];
}

export type MlFunctions = Map<string, MlFunction>;

export interface SqlContext {
  readonly from: SqlDialect;
  readonly to: SqlDialect;
  readonly options: SqlTranslateOptions;
  note(severity: 'changed' | 'human', message: string): void;
  /** A bucket URI for the target cloud, noted. */
  mapUri(uri: string): string;
}

/** The marker translators put before a statement that needs a person. */
export const HUMAN_MARK = '-- godwit migrate: needs a human:';
