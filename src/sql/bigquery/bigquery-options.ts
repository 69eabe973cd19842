/**
 * The `(key = value, …)` option list of BigQuery's LOAD DATA and EXPORT DATA, and the parts of a
 * Redshift COPY / UNLOAD they become that both statements share: the IAM role (`IAM_ROLE
 * default`, the cluster's default role, unless the options give one) and the S3 prefix a
 * wildcard URI stands for.
 */
import { REDSHIFT } from '../redshift/redshift-dialect.js';
import { isWord, stringLiteral, type Token } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';

export type OptionValue = string | string[];

/** `(key = value, …)` with string, number, boolean and array-of-string values. */
export function readOptions(sig: readonly Token[]): Map<string, OptionValue> {
  const options = new Map<string, OptionValue>();
  let i = 0;
  while (i < sig.length) {
    const key = sig[i];
    if (!isWord(key) || sig[i + 1]?.text !== '=') {
      i++;
      continue;
    }
    i += 2;
    if (sig[i]?.text === '[') {
      const values: string[] = [];
      for (i++; i < sig.length && sig[i].text !== ']'; i++) if (sig[i].kind === 'string') values.push(sig[i].value ?? '');
      options.set(key.text.toLowerCase(), values);
    } else if (sig[i]) options.set(key.text.toLowerCase(), sig[i].kind === 'string' ? (sig[i].value ?? '') : sig[i].text);
    i++;
  }
  return options;
}

export function role(ctx: SqlContext): string {
  const r = ctx.options.iamRole;
  return r && r !== 'default' ? `IAM_ROLE ${stringLiteral(r, REDSHIFT)}` : 'IAM_ROLE default';
}

/** `gs://b/p/*` or `gs://b/p/x_*.csv` → the S3 prefix Redshift reads or writes: `s3://b/p/`, `s3://b/p/x_`. */
export function prefix(uri: string, ctx: SqlContext): string {
  const star = uri.indexOf('*');
  return ctx.mapUri(star < 0 ? uri : uri.slice(0, star));
}
