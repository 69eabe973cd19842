import type { Json } from '../../asl-types.js';
import { StatesError } from '../../states-error.js';

/**
 * An intrinsic function call as the States Language writes it:
 * `States.Format('Hi {}\\'s', $.name, States.ArrayLength($.a))`. Arguments are string literals
 * in apostrophes (`\'`, `\{`, `\}`, `\\` escapes), numbers, `null`, `true` / `false`, paths
 * (`$.a`, `$$.Execution.Id`, `$var`) and nested calls, at most 10 deep as Step Functions allows.
 */
export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
}

export type IntrinsicArg =
  /** `raw` is a string literal's text between the quotes, escapes kept: States.Format needs `\{` apart from `{`. */
  | { readonly kind: 'literal'; readonly value: Json; readonly raw?: string }
  | { readonly kind: 'path'; readonly text: string }
  | IntrinsicCall;

export const MAX_NESTING = 10;
const cache = new Map<string, IntrinsicCall>();

export function parseIntrinsic(text: string): IntrinsicCall {
  const hit = cache.get(text);
  if (hit) return hit;
  const parser = new Parser(text);
  const call = parser.call(1);
  parser.spaces();
  if (parser.pos < text.length) parser.fail('unexpected text after the closing ")"');
  if (cache.size > 10_000) cache.clear();
  cache.set(text, call);
  return call;
}

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new StatesError(
      'States.IntrinsicFailure',
      `Invalid intrinsic function "${this.text}": ${why} at position ${this.pos}.`,
    );
  }

  spaces(): void {
    while (/\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  call(depth: number): IntrinsicCall {
    if (depth > MAX_NESTING) this.fail(`intrinsic functions nest at most ${MAX_NESTING} deep`);
    this.spaces();
    const name = /^[A-Za-z0-9_.]+/.exec(this.text.slice(this.pos))?.[0];
    if (!name) this.fail('expected a function name such as States.Format');
    this.pos += name.length;
    this.spaces();
    if (this.text.charAt(this.pos) !== '(') this.fail(`expected "(" after ${name}`);
    this.pos++;
    const args: IntrinsicArg[] = [];
    this.spaces();
    if (this.text.charAt(this.pos) === ')') {
      this.pos++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.arg(depth));
      this.spaces();
      const c = this.text.charAt(this.pos++);
      if (c === ')') return { kind: 'call', name, args };
      if (c !== ',') this.fail(`expected "," or ")" in the arguments of ${name}`);
    }
  }

  arg(depth: number): IntrinsicArg {
    this.spaces();
    const c = this.text.charAt(this.pos);
    if (c === "'") return this.string();
    if (c === '$') return { kind: 'path', text: this.path() };
    const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])/.exec(this.text.slice(this.pos))?.[0];
    if (number) {
      this.pos += number.length;
      return { kind: 'literal', value: Number(number) };
    }
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
    ] as const) {
      if (new RegExp(`^${word}(?![\\w.(])`).test(this.text.slice(this.pos))) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    return this.call(depth + 1);
  }

  string(): IntrinsicArg {
    const start = ++this.pos;
    let value = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string literal');
      const c = this.text.charAt(this.pos);
      if (c === "'") break;
      if (c === '\\') {
        const next = this.text.charAt(this.pos + 1);
        if (!"'{}\\".includes(next) || next === '') this.fail('an open escape "\\" (only \\\', \\{, \\} and \\\\ are escapes)');
        value += next;
        this.pos += 2;
        continue;
      }
      value += c;
      this.pos++;
    }
    const raw = this.text.slice(start, this.pos++);
    return { kind: 'literal', value, raw };
  }

  /** A path runs to the next "," or ")" or space outside brackets and quotes. */
  path(): string {
    const start = this.pos;
    let depth = 0;
    let quote = '';
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text.charAt(this.pos);
      if (quote) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = '';
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if (c === ']' || (c === ')' && depth > 0)) depth--;
      else if (depth === 0 && (c === ',' || c === ')' || /\s/.test(c))) break;
    }
    return this.text.slice(start, this.pos);
  }
}

/** Why `text` is not a well-formed intrinsic function call, or undefined. */
export function intrinsicProblem(text: string): string | undefined {
  try {
    parseIntrinsic(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
