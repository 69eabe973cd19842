/**
 * The option list of a Redshift COPY or UNLOAD, read into name / value pairs:
 * `IAM_ROLE 'arn…' FORMAT AS CSV IGNOREHEADER 1 GZIP` →
 * `[{ name: 'IAM_ROLE', value: 'arn…' }, { name: 'FORMAT', format: 'CSV' }, { name: 'IGNOREHEADER', value: '1' }, { name: 'GZIP' }]`.
 */
import { isWord, matchingClose, type Token } from '../sql-tokens.js';

export interface RedshiftOption {
  /** Upper case: `IAM_ROLE`, `FORMAT`, `CSV`, `PARTITION`… */
  readonly name: string;
  /** For FORMAT: the format word (`CSV`, `PARQUET`, `JSON`…). */
  readonly format?: string;
  /** A string's content, a number's text, or a word value (`default`, `OFF`). */
  readonly value?: string;
  /** How it was written, for reports. */
  readonly text: string;
}

/** Options whose value may be one of these words instead of a string or number. */
const WORD_VALUES: Readonly<Record<string, readonly string[]>> = {
  IAM_ROLE: ['DEFAULT'],
  PARALLEL: ['ON', 'OFF', 'TRUE', 'FALSE'],
  COMPUPDATE: ['ON', 'OFF', 'TRUE', 'FALSE', 'PRESET'],
  STATUPDATE: ['ON', 'OFF', 'TRUE', 'FALSE'],
  MANIFEST: ['VERBOSE'],
  ENCRYPTED: ['AUTO'],
  ENCODING: ['UTF8', 'UTF16', 'UTF16LE', 'UTF16BE'],
};

/** Reads options from significant tokens (no spaces or comments). */
export function readOptions(sig: readonly Token[]): RedshiftOption[] {
  const options: RedshiftOption[] = [];
  let i = 0;
  while (i < sig.length) {
    const start = i;
    const t = sig[i++];
    if (!isWord(t)) {
      options.push({ name: t.text, text: t.text });
      continue;
    }
    const name = t.text.toUpperCase();
    if (name === 'WITH') continue;
    if (isWord(sig[i], 'AS')) i++;
    let format: string | undefined;
    let value: string | undefined;
    if (name === 'FORMAT' && isWord(sig[i])) format = sig[i++].text.toUpperCase();
    if (name === 'PARTITION' && isWord(sig[i], 'BY')) {
      i++;
      if (sig[i]?.kind === 'open') {
        const close = matchingClose(sig, i);
        value = sig
          .slice(i + 1, close)
          .map((x) => (x.kind === 'comma' ? ', ' : x.text))
          .join('');
        i = close + 1;
      }
      if (isWord(sig[i], 'INCLUDE')) i++;
    } else if (sig[i]?.kind === 'string') value = sig[i++].value;
    else if (sig[i]?.kind === 'number') {
      value = sig[i++].text;
      if (isWord(sig[i], 'MB', 'GB')) value += ` ${sig[i++].text.toUpperCase()}`;
    } else if (WORD_VALUES[name] && isWord(sig[i], ...WORD_VALUES[name])) value = sig[i++].text;
    const text =
      name === 'PARTITION'
        ? `PARTITION BY (${value})`
        : sig
            .slice(start, i)
            .map((x) => (x.kind === 'string' && (x.value ?? '').startsWith('arn:') ? "'…'" : x.text))
            .join(' ');
    options.push({ name, format, value, text });
  }
  return options;
}

/** Removes and returns the first option with one of these names. */
export function takeOption(options: RedshiftOption[], ...names: string[]): RedshiftOption | undefined {
  const at = options.findIndex((o) => names.includes(o.name));
  return at < 0 ? undefined : options.splice(at, 1)[0];
}

/** Credentials clauses: a BigQuery job reads buckets as its own identity instead. */
export const CREDENTIAL_OPTIONS = [
  'IAM_ROLE',
  'CREDENTIALS',
  'ACCESS_KEY_ID',
  'SECRET_ACCESS_KEY',
  'SESSION_TOKEN',
  'MASTER_SYMMETRIC_KEY',
  'KMS_KEY_ID',
];
