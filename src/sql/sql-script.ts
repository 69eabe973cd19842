/**
 * A SQL script translated statement by statement. Comments and blank lines between statements
 * are kept; each statement a human must look at gets `-- godwit migrate: needs a human: …` lines
 * above it, so the translated file explains itself. Lines starting `-- godwit migrate:` are
 * Godwit's own and are dropped when a translated file is translated again (back).
 */
import { type SqlDialect, type Token, tokenize } from './sql-tokens.js';
import { HUMAN_MARK, type SqlContext, type SqlNote, type SqlTranslateOptions, type SqlTranslation } from './sql-translation.js';

/** A translated statement, or a comment standing where a removed statement was. */
export type StatementResult = string | { readonly removed: string };

export type StatementTranslator = (tokens: readonly Token[], ctx: SqlContext) => StatementResult;

export interface ScriptTranslation {
  readonly from: SqlDialect;
  readonly to: SqlDialect;
  /** Scheme of bucket URIs in the source (`s3`) and the target (`gs`). */
  readonly schemes: readonly [string, string];
  readonly statement: StatementTranslator;
}

/** Godwit's own annotations from an earlier translation, dropped before translating again. */
const OWN_MARKS = /^[ \t]*-- godwit migrate:[^\n]*(\n|$)/gm;

export function translateScript(sql: string, how: ScriptTranslation, options: SqlTranslateOptions): SqlTranslation {
  const notes: SqlNote[] = [];
  const tokens = tokenize(sql.replace(OWN_MARKS, ''), how.from);
  const out: string[] = [];
  let line = 1;
  let index = 0;
  for (const stmt of splitStatements(tokens)) {
    const lead = text(stmt.lead);
    line += newlines(lead);
    if (stmt.body.length === 0) {
      out.push(lead + (stmt.semicolon ? ';' : ''));
      line += newlines(text(stmt.body));
      continue;
    }
    index++;
    const own: SqlNote[] = [];
    const ctx = context(how, options, (severity, message) => {
      if (!own.some((n) => n.message === message)) own.push({ statement: index, line, severity, message });
    });
    const result = how.statement(stmt.body, ctx);
    notes.push(...own);
    const indent = /[^\S\n]*$/.exec(lead)?.[0] ?? '';
    const marks = own.filter((n) => n.severity === 'human').map((n) => `${HUMAN_MARK} ${n.message}\n${indent}`);
    const body =
      typeof result === 'string' ? result + (stmt.semicolon ? ';' : '') : `-- godwit migrate: removed: ${result.removed}`;
    out.push(lead + marks.join('') + body + text(stmt.trail));
    line += newlines(text(stmt.body)) + newlines(text(stmt.trail));
  }
  return { sql: out.join(''), notes };
}

function context(how: ScriptTranslation, options: SqlTranslateOptions, note: SqlContext['note']): SqlContext {
  const [fromScheme, toScheme] = how.schemes;
  return {
    from: how.from,
    to: how.to,
    options,
    note,
    mapUri(uri) {
      const mapped = options.mapUri?.(uri);
      if (mapped !== undefined) {
        if (mapped !== uri) note('changed', `${uri} → ${mapped}`);
        return mapped;
      }
      const same = uri.replace(new RegExp(`^${fromScheme}://`, 'i'), `${toScheme}://`);
      const bucket = /^[a-z0-9]+:\/\/([^/]+)/i.exec(uri)?.[1] ?? uri;
      note(
        'human',
        `no bucket mapping for ${fromScheme}://${bucket}: assumed ${toScheme}://${bucket}; copy the data there or give a bucket map.`,
      );
      return same;
    },
  };
}

/** One statement of a script, as tokens: what comes before it, its body, what follows it. */
export interface ScriptStatement {
  /** Spaces and comments before the statement. */
  readonly lead: Token[];
  readonly body: Token[];
  /** Spaces between the statement and its semicolon. */
  readonly trail: Token[];
  readonly semicolon: boolean;
}

/** Splits a script's tokens at semicolons (strings and comments hold none: the tokenizer read them whole). */
export function splitStatements(tokens: readonly Token[]): ScriptStatement[] {
  const result: ScriptStatement[] = [];
  let current: Token[] = [];
  const flush = (semicolon: boolean) => {
    let a = 0;
    while (a < current.length && (current[a].kind === 'space' || current[a].kind === 'comment')) a++;
    let b = current.length;
    while (b > a && current[b - 1].kind === 'space') b--;
    result.push({ lead: current.slice(0, a), body: current.slice(a, b), trail: current.slice(b), semicolon });
    current = [];
  };
  for (const t of tokens) {
    if (t.kind === 'semicolon') flush(true);
    else current.push(t);
  }
  if (current.length > 0) flush(false);
  return result;
}

/** A statement to run: its text (trimmed, no semicolon) and the 1-based line of its first significant token. */
export interface StatementText {
  readonly sql: string;
  readonly line: number;
}

/** The statements of a script in order, as text to run; empty ones (only spaces and comments) are dropped. */
export function statementTexts(tokens: readonly Token[]): StatementText[] {
  const out: StatementText[] = [];
  let line = 1;
  for (const s of splitStatements(tokens)) {
    const lead = text(s.lead);
    const whole = lead + text(s.body) + text(s.trail);
    if (s.body.length > 0) out.push({ sql: whole.trim(), line: line + newlines(lead) });
    line += newlines(whole);
  }
  return out;
}

function text(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join('');
}

function newlines(s: string): number {
  return s.split('\n').length - 1;
}
