/**
 * Rewrites the expressions of one statement from one dialect to the other: function calls,
 * `x::type` casts, `CAST(x AS type)`, bare keywords (`SYSDATE`), quoted identifiers, string
 * literals and `ILIKE`. Everything it does not recognise is kept exactly as written, spaces and
 * comments included.
 *
 * ```ts
 * rewriteExpression(tokenize(`nvl(a, 0)::varchar(10)`, REDSHIFT), REDSHIFT_TO_BIGQUERY_RULES, ctx)
 * // "CAST(IFNULL(a, 0) AS STRING)"
 * ```
 */
import { isWord, joinTokens, matchingClose, splitAtCommas, stringLiteral, type Token } from './sql-tokens.js';
import type { SqlContext } from './sql-translation.js';
import { parseType, type SqlType } from './sql-types.js';

export type FunctionRule = (args: readonly string[], ctx: SqlContext) => string | undefined;

export interface ExpressionRules {
  /** By upper-case name; gets the arguments already rewritten and trimmed. `undefined` keeps the call. */
  readonly functions: Readonly<Record<string, FunctionRule>>;
  /** `LISTAGG(x, ',') WITHIN GROUP (ORDER BY y)`: gets the arguments and the ORDER BY text. */
  readonly withinGroup?: Readonly<Record<string, (args: readonly string[], orderBy: string) => string>>;
  /** Bare keywords and their replacement (`SYSDATE` → `CURRENT_TIMESTAMP()`). */
  readonly words: Readonly<Record<string, string>>;
  /** Words the target does not have and Godwit does not rewrite, with the advice for a human. */
  readonly flagged: Readonly<Record<string, string>>;
  readonly mapType: (type: SqlType, ctx: SqlContext) => string;
  /** Cast functions spelled differently in the target (`SAFE_CAST` → `TRY_CAST`). */
  readonly castNames?: Readonly<Record<string, string>>;
  /** Rewrite `a ILIKE b` as `LOWER(a) LIKE LOWER(b)` (BigQuery has no ILIKE). */
  readonly ilike: boolean;
}

interface Unit {
  text: string;
  kind: 'space' | 'primary' | 'other';
}

interface Walk {
  readonly tokens: readonly Token[];
  readonly rules: ExpressionRules;
  readonly ctx: SqlContext;
  readonly units: Unit[];
  ilike?: { left: string; not: boolean; at: number };
}

export function rewriteExpression(tokens: readonly Token[], rules: ExpressionRules, ctx: SqlContext): string {
  const walk: Walk = { tokens, rules, ctx, units: [] };
  let i = 0;
  while (i < tokens.length) i = step(walk, i);
  return walk.units.map((u) => u.text).join('');
}

function step(w: Walk, i: number): number {
  const t = w.tokens[i];
  switch (t.kind) {
    case 'space':
    case 'comment':
      w.units.push({ text: t.text, kind: 'space' });
      return i + 1;
    case 'ident':
      return primary(w, quoteIdent(t.value ?? '', w.ctx), i + 1);
    case 'string':
      return primary(w, stringLiteral(t.value ?? '', w.ctx.to), i + 1);
    case 'number':
      return primary(w, t.text, i + 1);
    case 'open': {
      const close = matchingClose(w.tokens, i);
      return primary(w, `(${rewriteExpression(w.tokens.slice(i + 1, close), w.rules, w.ctx)})`, close + 1);
    }
    case 'word':
      return word(w, i);
    case 'op':
      if (t.text === '::') return cast(w, i);
      if (t.text === '.' && last(w)?.kind === 'primary') {
        last(w)!.text += '.';
        return i + 1;
      }
      w.units.push({ text: t.text, kind: 'other' });
      return i + 1;
    default:
      w.units.push({ text: t.text, kind: 'other' });
      return i + 1;
  }
}

/** Keywords that may stand before a parenthesis without being a function call (`IN (…)`, `AS (…)`). */
const KEYWORDS = new Set(
  'AND OR NOT IN EXISTS WHERE ON AS SELECT FROM VALUES WHEN THEN ELSE CASE END OVER USING JOIN INTO TABLE BY HAVING UNION ALL ANY SOME LIKE BETWEEN IS WITH RECURSIVE PARTITION GROUP ORDER LIMIT SET DISTINCT INTERSECT EXCEPT FILTER WITHIN RETURNING'.split(
    ' ',
  ),
);

function word(w: Walk, i: number): number {
  const t = w.tokens[i];
  const name = t.text.toUpperCase();
  if (KEYWORDS.has(name)) {
    w.units.push({ text: t.text, kind: 'other' });
    return i + 1;
  }
  const next = skipSpace(w.tokens, i + 1);
  if (w.tokens[next]?.kind === 'open') return call(w, i, next);
  if (w.rules.words[name] !== undefined) {
    w.ctx.note('changed', `${t.text} → ${w.rules.words[name]}`);
    return primary(w, w.rules.words[name], i + 1);
  }
  if (w.rules.flagged[name]) w.ctx.note('human', w.rules.flagged[name]);
  if (name === 'ILIKE' && w.rules.ilike) return ilike(w, i);
  return primary(w, t.text, i + 1);
}

function call(w: Walk, at: number, open: number): number {
  const nameToken = w.tokens[at];
  const name = nameToken.text.toUpperCase();
  const close = matchingClose(w.tokens, open);
  const inner = w.tokens.slice(open + 1, close);
  if (name === 'CAST' || name === 'SAFE_CAST' || name === 'TRY_CAST')
    return primary(w, castCall(w, nameToken.text, inner), close + 1);
  const raw = splitAtCommas(inner);
  const args =
    raw.length === 1 && raw[0].every((x) => x.kind === 'space') ? [] : raw.map((a) => rewriteExpression(a, w.rules, w.ctx));
  const between = joinTokens(w.tokens.slice(at + 1, open));
  const kept = `${nameToken.text}${between}(${args.join(',')})`;
  const within = w.rules.withinGroup?.[name] ? withinGroup(w, close + 1) : undefined;
  if (within) {
    const out = w.rules.withinGroup![name](
      args.map((a) => a.trim()),
      within.orderBy,
    );
    w.ctx.note('changed', `${nameToken.text}(…) WITHIN GROUP (…) → ${shape(out).slice(0, -2)}… ORDER BY …)`);
    return primary(w, out, within.end);
  }
  const rule = w.rules.functions[name];
  const out = rule?.(
    args.map((a) => a.trim()),
    w.ctx,
  );
  if (out !== undefined && out !== kept)
    w.ctx.note('changed', args.length === 0 ? `${nameToken.text}() → ${out}` : `${nameToken.text}(…) → ${shape(out)}`);
  return primary(w, out ?? kept, close + 1);
}

/** `IFNULL(a, 0)` → `IFNULL(…)`, `CASE x WHEN …` → `CASE …`: what a call became, for notes. */
function shape(out: string): string {
  const head = /^[A-Za-z_]+/.exec(out)?.[0] ?? out;
  return out[head.length] === '(' ? `${head}(…)` : `${head} …`;
}

/** `WITHIN GROUP (ORDER BY …)` after a call: the ORDER BY text and the index after it. */
function withinGroup(w: Walk, from: number): { orderBy: string; end: number } | undefined {
  const a = skipSpace(w.tokens, from);
  const b = skipSpace(w.tokens, a + 1);
  const open = skipSpace(w.tokens, b + 1);
  if (!isWord(w.tokens[a], 'WITHIN') || !isWord(w.tokens[b], 'GROUP') || w.tokens[open]?.kind !== 'open') return undefined;
  const close = matchingClose(w.tokens, open);
  return { orderBy: rewriteExpression(w.tokens.slice(open + 1, close), w.rules, w.ctx).trim(), end: close + 1 };
}

/** `CAST(x AS type)`: the expression rewritten, the type mapped. */
function castCall(w: Walk, name: string, inner: readonly Token[]): string {
  let as = -1;
  let depth = 0;
  inner.forEach((t, k) => {
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') depth--;
    if (depth === 0 && isWord(t, 'AS')) as = k;
  });
  const parsed = as < 0 ? undefined : parseType(inner, as + 1);
  if (!parsed) return `${name}(${rewriteExpression(inner, w.rules, w.ctx)})`;
  const expr = rewriteExpression(inner.slice(0, as), w.rules, w.ctx).trim();
  const renamed = w.rules.castNames?.[name.toUpperCase()] ?? name.toUpperCase();
  return `${renamed}(${expr} AS ${w.rules.mapType(parsed.type, w.ctx)})`;
}

/** `x::type` → `CAST(x AS type)`. */
function cast(w: Walk, at: number): number {
  const parsed = parseType(w.tokens, at + 1);
  const operand = popPrimary(w);
  if (!parsed || operand === undefined) {
    w.ctx.note('human', 'a "::" cast whose operand or type Godwit could not read; it was kept as written.');
    if (operand !== undefined) w.units.push({ text: operand, kind: 'primary' });
    w.units.push({ text: '::', kind: 'other' });
    return at + 1;
  }
  const type = w.rules.mapType(parsed.type, w.ctx);
  if (w.ctx.to.name === 'bigquery') w.ctx.note('changed', `::${parsed.type.text} → CAST(… AS ${type})`);
  const text = w.ctx.to.name === 'bigquery' ? `CAST(${operand} AS ${type})` : `${operand}::${type}`;
  return primary(w, text, parsed.end);
}

function ilike(w: Walk, at: number): number {
  let k = w.units.length - 1;
  while (k >= 0 && w.units[k].kind === 'space') k--;
  const not = k >= 0 && /^not$/i.test(w.units[k].text);
  if (not) w.units.length = k;
  const left = popPrimary(w);
  if (left === undefined) {
    w.ctx.note('human', 'an ILIKE whose left side Godwit could not read; BigQuery has no ILIKE: use LOWER(a) LIKE LOWER(b).');
    w.units.push({ text: w.tokens[at].text, kind: 'other' });
    return at + 1;
  }
  w.ilike = { left, not, at: w.units.length };
  return at + 1;
}

/** Pushes a primary unit, joining an identifier chain (`a.b`) and completing a pending ILIKE. */
function primary(w: Walk, text: string, nextIndex: number): number {
  const prev = last(w);
  if (prev?.kind === 'primary' && prev.text.endsWith('.')) {
    prev.text += text;
    return nextIndex;
  }
  if (w.ilike) {
    const { left, not, at } = w.ilike;
    w.ilike = undefined;
    w.units.length = at;
    w.ctx.note('changed', `ILIKE → LOWER(…) ${not ? 'NOT ' : ''}LIKE LOWER(…)`);
    w.units.push({ text: `LOWER(${left}) ${not ? 'NOT ' : ''}LIKE LOWER(${text})`, kind: 'primary' });
    return nextIndex;
  }
  w.units.push({ text, kind: 'primary' });
  return nextIndex;
}

/** Removes and returns the last primary unit (and the spaces after it), if the last non-space unit is one. */
function popPrimary(w: Walk): string | undefined {
  let k = w.units.length - 1;
  while (k >= 0 && w.units[k].kind === 'space') k--;
  if (k < 0 || w.units[k].kind !== 'primary') return undefined;
  const text = w.units[k].text;
  w.units.length = k;
  return text;
}

function last(w: Walk): Unit | undefined {
  return w.units[w.units.length - 1];
}

function skipSpace(tokens: readonly Token[], i: number): number {
  while (tokens[i] && (tokens[i].kind === 'space' || tokens[i].kind === 'comment')) i++;
  return i;
}

/** A quoted identifier in the target dialect. BigQuery's `project.dataset.table` in one pair of backticks becomes `"dataset"."table"`. */
function quoteIdent(name: string, ctx: SqlContext): string {
  if (ctx.to.name === 'bigquery') return `\`${name.replace(/`/g, '\\`')}\``;
  const parts = ctx.from.name === 'bigquery' ? name.split('.') : [name];
  // Offline, a BigQuery project is the one local database: `project.dataset.table` is "dataset"."table".
  if (parts.length === 3 && ctx.to.name === 'duckdb') parts.shift();
  if (parts.length === 3) {
    ctx.note(
      'human',
      `the project "${parts[0]}" of ${name} was dropped: Redshift names tables schema.table; check the schema exists.`,
    );
    parts.shift();
  }
  return parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}
