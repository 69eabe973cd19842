import { StatesError } from '../states-error.js';

/** Characters that end a dot-notation name inside a filter expression, besides "." and "[". */
const FILTER_NAME_END = new Set([' ', '\t', '=', '!', '<', '>', '&', '|', ')', '(', ',', ']']);

/**
 * A cursor over one path's text. Syntax errors are `States.Runtime` errors naming the path and
 * the position: a path is only read when a state runs, and the definition's validator reports
 * the same message earlier through `pathProblem`.
 */
export class PathScanner {
  readonly text: string;
  pos = 0;
  /** Above 0 while scanning a filter expression, where names also end at operators and spaces. */
  filterDepth = 0;

  constructor(text: string) {
    this.text = text;
  }

  done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  eat(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected "${token}"`);
  }

  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  fail(why: string): never {
    throw new StatesError('States.Runtime', `Invalid JSONPath "${this.text}": ${why} at position ${this.pos}.`);
  }

  /** A variable name: letters, digits and "_" (Step Functions' rule), not starting with a digit. */
  identifier(): string {
    const start = this.pos;
    while (!this.done() && /[\p{L}\p{N}_]/u.test(this.peek())) this.pos++;
    const name = this.text.slice(start, this.pos);
    return /^\p{N}/u.test(name) ? this.fail('a variable name cannot start with a digit') : name;
  }

  /**
   * A dot-notation field name: up to the next unescaped "." or "["; "\" escapes one character
   * (spec: `$.store\.book`). Unescaped white space ends it too (Jayway refuses `$.a b`; write `$['a b']`).
   */
  dotName(): string {
    let name = '';
    while (!this.done()) {
      const c = this.peek();
      if (c === '.' || c === '[' || c === ' ' || c === '\t' || (this.filterDepth > 0 && FILTER_NAME_END.has(c))) break;
      if (c === '\\') {
        if (this.pos + 1 >= this.text.length) this.fail('an escape "\\" ends the path');
        name += this.peek(1);
        this.pos += 2;
        continue;
      }
      name += c;
      this.pos++;
    }
    return name;
  }

  /** A string in single or double quotes; "\" escapes the next character. */
  quoted(): string {
    const quote = this.peek();
    this.pos++;
    let value = '';
    while (!this.done() && this.peek() !== quote) {
      if (this.peek() === '\\') this.pos++;
      value += this.peek();
      this.pos++;
    }
    if (this.done()) this.fail(`unterminated string`);
    this.pos++;
    return value;
  }

  integer(): number {
    const match = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected an integer');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  /** A JSON-style number literal (filters compare with decimals and exponents). */
  number(): number | undefined {
    const match = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) return undefined;
    this.pos += match[0].length;
    return Number(match[0]);
  }
}
