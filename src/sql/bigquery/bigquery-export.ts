/**
 * BigQuery `EXPORT DATA OPTIONS (…) AS query` → Redshift `UNLOAD ('query') TO …`, the reverse
 * of redshift/redshift-export.ts.
 */
import { REDSHIFT } from '../redshift/redshift-dialect.js';
import { isWord, matchingClose, significant, stringLiteral, type Token } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';
import { prefix, readOptions, role } from './bigquery-options.js';

export function exportDataToUnload(
  tokens: readonly Token[],
  ctx: SqlContext,
  translateQuery: (t: readonly Token[]) => string,
): string {
  const sig = significant(tokens);
  const open = sig.findIndex((t) => t.kind === 'open');
  const close = open < 0 ? -1 : matchingClose(sig, open);
  const as = isWord(sig[close + 1], 'AS') ? tokens.indexOf(sig[close + 1]) : -1;
  if (!isWord(sig[2], 'OPTIONS') || as < 0) {
    ctx.note('human', 'an EXPORT DATA Godwit could not read; it was kept as written.');
    return tokens.map((t) => t.text).join('');
  }
  const options = readOptions(sig.slice(open + 1, close));
  const format = String(options.get('format') ?? 'CSV').toUpperCase();
  const query = translateQuery(tokens.slice(as + 1)).trim();
  const clauses = [
    `TO ${stringLiteral(prefix(String(options.get('uri') ?? ''), ctx), REDSHIFT)}`,
    role(ctx),
    `FORMAT AS ${format === 'NEWLINE_DELIMITED_JSON' ? 'JSON' : format}`,
  ];
  if (options.get('header') === 'true') clauses.push('HEADER');
  if (options.has('field_delimiter'))
    clauses.push(`DELIMITER AS ${stringLiteral(String(options.get('field_delimiter')), REDSHIFT)}`);
  if (String(options.get('compression') ?? '').toUpperCase() === 'GZIP') clauses.push('GZIP');
  if (options.get('overwrite') === 'true') clauses.push('ALLOWOVERWRITE');
  ctx.note('changed', "EXPORT DATA OPTIONS (…) AS … → UNLOAD ('…') TO");
  return `UNLOAD (${stringLiteral(query, REDSHIFT)})\n${clauses.join('\n')}`;
}
