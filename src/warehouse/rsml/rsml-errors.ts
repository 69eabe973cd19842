/**
 * Redshift ML's errors: its own, and those of the BigQuery ML training path it shares, said in
 * Redshift's words (TARGET, not input_label_cols; Redshift's type names, not BigQuery's) with
 * Redshift ML's codes.
 */
import { GodwitError } from '../../core/errors.js';

export function targetError(message: string, hint: string): GodwitError {
  return new GodwitError('E_RSML_TARGET', message, { hint });
}

/** BigQuery's type names in the shared path's messages, as Redshift names them. */
const TYPES: Readonly<Record<string, string>> = {
  STRING: 'VARCHAR',
  FLOAT64: 'DOUBLE PRECISION',
  INT64: 'BIGINT',
  BOOL: 'BOOLEAN',
};

const CODES: Readonly<Record<string, 'E_RSML_TARGET' | 'E_RSML_COLUMN_TYPE' | 'E_RSML_OPTION'>> = {
  E_BQML_LABEL: 'E_RSML_TARGET',
  E_BQML_COLUMN: 'E_RSML_TARGET',
  E_BQML_COLUMN_TYPE: 'E_RSML_COLUMN_TYPE',
  E_BQML_OPTION: 'E_RSML_OPTION',
};

/** A shared-path error with Redshift ML's code and words; any other error as it is. */
export function asRedshift(err: unknown): unknown {
  if (!(err instanceof GodwitError) || !CODES[err.code]) return err;
  const words = (s: string) =>
    s
      .replace(/ \(input_label_cols\)/g, '')
      .replace(/label column/g, 'TARGET column')
      .replace(/input_label_cols/g, 'TARGET')
      .replace(/CREATE MODEL option (\w+)/g, 'CREATE MODEL hyperparameter (as BigQuery ML option $1)')
      .replace(/\(SELECT \* EXCEPT \(…\)\)/g, '')
      .replace(/\b(STRING|FLOAT64|INT64|BOOL)\b/g, (name) => TYPES[name] ?? name);
  return new GodwitError(CODES[err.code], words(err.message), { hint: words(err.hint ?? ''), cause: err });
}
