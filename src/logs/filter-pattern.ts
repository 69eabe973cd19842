import { GodwitError } from '../core/errors.js';

/**
 * CloudWatch Logs' filter patterns for unstructured text, as FilterLogEvents reads them:
 * - `ERROR timeout`: every term appears (case-sensitive, anywhere in the message);
 * - `"Connection refused"`: a quoted phrase is one term, spaces and punctuation included;
 * - `ERROR -retrying`: a term after `-` must not appear;
 * - `?ERROR ?WARN`: at least one of the `?` terms appears (with the other terms still required);
 * - an empty pattern, or `""`, matches everything.
 * JSON (`{ $.level = "error" }`) and space-delimited (`[ip, user, ...]`) patterns, and regular
 * expressions (`%…%`), are refused with `E_LOG_FILTER_PATTERN` rather than matched wrongly.
 */
export function compileFilterPattern(pattern: string | undefined): (message: string) => boolean {
  const text = (pattern ?? '').trim();
  if (text === '' || text === '""') return () => true;
  if (/^[{[%]/.test(text)) {
    throw new GodwitError('E_LOG_FILTER_PATTERN', `Godwit cannot match the filter pattern ${JSON.stringify(pattern)}.`, {
      hint: 'It reads plain terms, "quoted phrases", -exclusions and ?alternatives; JSON, space-delimited and regular-expression patterns are not supported.',
    });
  }
  const all: string[] = [];
  const none: string[] = [];
  const any: string[] = [];
  for (const { sign, term } of terms(text, pattern as string)) {
    (sign === '-' ? none : sign === '?' ? any : all).push(term);
  }
  return (message) =>
    all.every((t) => message.includes(t)) &&
    !none.some((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t)));
}

function* terms(text: string, pattern: string): Generator<{ sign: string; term: string }> {
  const token = /([-?]?)(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))/y;
  let at = 0;
  while (at < text.length) {
    while (/\s/.test(text[at] ?? '')) at++;
    if (at >= text.length) break;
    token.lastIndex = at;
    const m = token.exec(text);
    if (!m) {
      throw new GodwitError('E_LOG_FILTER_PATTERN', `The filter pattern ${JSON.stringify(pattern)} has an unclosed quote.`, {
        hint: 'Close the quoted phrase with a second ".',
      });
    }
    at = token.lastIndex;
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] as string);
    if (term !== '') yield { sign: m[1], term };
  }
}
