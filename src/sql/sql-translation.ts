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
}

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
