/**
 * A block YAML writer that lays out a JSON value the way PyYAML's `yaml.dump(value,
 * sort_keys=True)` does with its defaults (indent 2, width 80, no unicode): sorted keys, sequences
 * under a mapping key not indented, `{}` / `[]` for empty collections, and PyYAML's choice and
 * folding of plain, single-quoted and double-quoted scalars. The KFP SDK writes PipelineSpec files
 * this way, so a Godwit-compiled file and an SDK-compiled one can be compared line by line.
 */
import { analyzeScalar, type Chars, isBreak, plainReadsAsString, pythonFloat, toChars } from './pyyaml-scalar.js';

export type YamlValue = null | boolean | number | string | readonly YamlValue[] | { readonly [key: string]: YamlValue };

export interface DumpOptions {
  /** Whether the number at `path` is a Python int (`3`) rather than a float (`3.0`). */
  readonly isInt?: (path: readonly string[]) => boolean;
}

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const ESCAPES: Readonly<Record<string, string>> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0A': 'n',
  '\x0B': 'v',
  '\x0C': 'f',
  '\x0D': 'r',
  '\x1B': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xA0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

interface NodeContext {
  readonly mapping?: boolean;
  readonly simpleKey?: boolean;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Length in code points, as Python counts a string's characters. */
function codePoints(s: string): number {
  return SURROGATE.test(s) ? Array.from(s).length : s.length;
}

function cut(chars: Chars, start: number, end: number): string {
  return typeof chars === 'string' ? chars.slice(start, end) : chars.slice(start, end).join('');
}

/** Python compares strings by code point; JS's default sort compares UTF-16 units. */
function byCodePoint(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) as number) - (y[i].codePointAt(0) as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function dumpPyYaml(value: YamlValue, options: DumpOptions = {}): string {
  const emitter = new Emitter(options.isInt ?? (() => false));
  emitter.node(value, [], {});
  emitter.writeIndent();
  return emitter.out;
}

class Emitter {
  out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent: number | null = null;
  private readonly indents: (number | null)[] = [];

  constructor(private readonly isInt: (path: readonly string[]) => boolean) {}

  node(value: YamlValue, path: readonly string[], ctx: NodeContext): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.emptyFlow('[', ']');
      else this.blockSequence(value, path, ctx);
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value).sort(byCodePoint);
      if (keys.length === 0) this.emptyFlow('{', '}');
      else this.blockMapping(value as Record<string, YamlValue>, keys, path);
    } else {
      this.increaseIndent(true);
      this.scalar(value, path, ctx);
      this.indent = this.indents.pop() ?? null;
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true);
    this.increaseIndent(true);
    this.indent = this.indents.pop() ?? null;
    this.writeIndicator(close, false);
  }

  private blockSequence(items: readonly YamlValue[], path: readonly string[], ctx: NodeContext): void {
    this.increaseIndent(false, Boolean(ctx.mapping) && !this.indention);
    items.forEach((item, i) => {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, [...path, String(i)], {});
    });
    this.indent = this.indents.pop() ?? null;
  }

  private blockMapping(map: Record<string, YamlValue>, keys: readonly string[], path: readonly string[]): void {
    this.increaseIndent(false);
    for (const key of keys) {
      this.writeIndent();
      const chars = toChars(key);
      // PyYAML counts the key's `!!str` tag (5 characters) against its 128-character limit.
      const simple = chars.length > 0 && chars.length + 5 < 128 && !analyzeScalar(chars).multiline;
      if (simple) {
        this.node(key, path, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, path, { mapping: true });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(map[key], [...path, key], { mapping: true });
    }
    this.indent = this.indents.pop() ?? null;
  }

  private scalar(value: null | boolean | number | string, path: readonly string[], ctx: NodeContext): void {
    let text: string;
    let implicit = true;
    if (typeof value === 'string') {
      text = value;
      implicit = plainReadsAsString(value);
    } else if (typeof value === 'number') {
      text = Number.isInteger(value) && this.isInt(path) ? String(value) : pythonFloat(value);
    } else {
      text = value === null ? 'null' : String(value);
    }
    const chars = toChars(text);
    const a = analyzeScalar(chars);
    const simpleKey = Boolean(ctx.simpleKey);
    const split = !simpleKey;
    if (implicit && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain) this.writePlain(chars, split);
    else if (a.allowSingleQuoted && !(simpleKey && a.multiline)) this.writeSingleQuoted(chars, split);
    else this.writeDoubleQuoted(chars, split);
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private write(data: string): void {
    this.column += codePoints(data);
    this.out += data;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.write(data);
  }

  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.out += data;
  }

  private writeBreaks(breaks: Chars): void {
    if (breaks[0] === '\n') this.writeLineBreak();
    for (const br of breaks) this.writeLineBreak(br);
    this.writeIndent();
  }

  private writePlain(chars: Chars, split: boolean): void {
    if (chars.length === 0) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : null;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(cut(chars, start, end));
          start = end;
        }
      } else if (breaks) {
        if (!isBreak(ch)) {
          this.writeBreaks(cut(chars, start, end));
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (ch === null || ch === ' ' || isBreak(ch)) {
        this.write(cut(chars, start, end));
        start = end;
      }
      if (ch !== null) {
        spaces = ch === ' ';
        breaks = isBreak(ch);
      }
    }
  }

  private writeSingleQuoted(chars: Chars, split: boolean): void {
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    const n = chars.length;
    for (let end = 0; end <= n; end++) {
      const ch = end < n ? chars[end] : null;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split && start !== 0 && end !== n) this.writeIndent();
          else this.write(cut(chars, start, end));
          start = end;
        }
      } else if (breaks) {
        if (!isBreak(ch)) {
          this.writeBreaks(cut(chars, start, end));
          start = end;
        }
      } else if ((ch === null || ch === ' ' || isBreak(ch) || ch === "'") && start < end) {
        this.write(cut(chars, start, end));
        start = end;
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== null) {
        spaces = ch === ' ';
        breaks = isBreak(ch);
      }
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(chars: Chars, split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    const n = chars.length;
    for (let end = 0; end <= n; end++) {
      const ch = end < n ? chars[end] : null;
      if (ch === null || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !(ch >= ' ' && ch <= '~')) {
        if (start < end) {
          this.write(cut(chars, start, end));
          start = end;
        }
        if (ch !== null) {
          this.write(`\\${ESCAPES[ch] ?? hexEscape(ch)}`);
          start = end + 1;
        }
      }
      if (0 < end && end < n - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > BEST_WIDTH && split) {
        const data = `${cut(chars, start, end)}\\`;
        if (start < end) start = end;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === ' ') this.write('\\');
      }
    }
    this.writeIndicator('"', false);
  }
}

function hexEscape(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  if (cp <= 0xff) return `x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
  if (cp <= 0xffff) return `u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
}
