/**
 * A block YAML writer that lays out a JSON value the way PyYAML's `yaml.dump(value,
 * sort_keys=True)` does with its defaults (indent 2, width 80, no unicode): sorted keys, sequences
 * under a mapping key not indented, `{}` / `[]` for empty collections, and PyYAML's choice and
 * folding of plain, single-quoted and double-quoted scalars. The KFP SDK writes PipelineSpec files
 * this way, so a Godwit-compiled file and an SDK-compiled one can be compared line by line.
 */
import { analyzeScalar, type Chars, isBreak, pythonFloat, type ScalarAnalysis, stringInfo, toChars } from './pyyaml-scalar.js';
import { TextBuffer } from './text-buffer.js';

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

const MAPPING: NodeContext = { mapping: true };
const MAPPING_SIMPLE_KEY: NodeContext = { mapping: true, simpleKey: true };

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

/** Keys in the order PyYAML sorts them: by code point (UTF-16 order is the same without surrogates). */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  return keys.some((k) => SURROGATE.test(k)) ? keys.sort(byCodePoint) : keys.sort();
}

export function dumpPyYaml(value: YamlValue, options: DumpOptions = {}): string {
  const emitter = new Emitter(options.isInt ?? (() => false));
  emitter.node(value, {});
  emitter.writeIndent();
  return emitter.text();
}

/** Indentation strings, made once: PipelineSpec nests about a dozen levels deep. */
const SPACES: string[] = [];
function spaces(n: number): string {
  SPACES[n] ??= ' '.repeat(n);
  return SPACES[n];
}

class Emitter {
  /** The text written so far (see text-buffer.ts for why not one string). */
  private readonly output = new TextBuffer();
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent: number | null = null;
  private readonly indents: (number | null)[] = [];

  /**
   * Keys and indexes from the root to the node being written: one stack pushed and popped as
   * the writer descends (a 1,000-step spec has ~10^5 nodes; a new array per node was most of the
   * garbage). `isInt` may read it only during the call.
   */
  private readonly path: string[] = [];

  constructor(private readonly isInt: (path: readonly string[]) => boolean) {}

  node(value: YamlValue, ctx: NodeContext): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.emptyFlow('[', ']');
      else this.blockSequence(value, ctx);
    } else if (value !== null && typeof value === 'object') {
      const keys = sortedKeys(value);
      if (keys.length === 0) this.emptyFlow('{', '}');
      else this.blockMapping(value as Record<string, YamlValue>, keys);
    } else {
      this.increaseIndent(true);
      this.scalar(value as null | boolean | number | string, ctx);
      this.indent = this.indents.pop() ?? null;
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true);
    this.increaseIndent(true);
    this.indent = this.indents.pop() ?? null;
    this.writeIndicator(close, false);
  }

  private blockSequence(items: readonly YamlValue[], ctx: NodeContext): void {
    this.increaseIndent(false, Boolean(ctx.mapping) && !this.indention);
    for (let i = 0; i < items.length; i++) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.path.push(String(i));
      this.node(items[i], {});
      this.path.pop();
    }
    this.indent = this.indents.pop() ?? null;
  }

  private blockMapping(map: Record<string, YamlValue>, keys: readonly string[]): void {
    this.increaseIndent(false);
    for (const key of keys) {
      this.writeIndent();
      const { chars, analysis } = stringInfo(key);
      // PyYAML counts the key's `!!str` tag (5 characters) against its 128-character limit.
      const simple = chars.length > 0 && chars.length + 5 < 128 && !analysis.multiline;
      if (simple) {
        this.node(key, MAPPING_SIMPLE_KEY);
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, MAPPING);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.path.push(key);
      this.node(map[key], MAPPING);
      this.path.pop();
    }
    this.indent = this.indents.pop() ?? null;
  }

  private scalar(value: null | boolean | number | string, ctx: NodeContext): void {
    if (typeof value === 'string') {
      const info = stringInfo(value);
      this.styled(info.chars, info.analysis, info.readsAsString, ctx, info.simple);
      return;
    }
    const text =
      typeof value === 'number'
        ? Number.isInteger(value) && this.isInt(this.path)
          ? String(value)
          : pythonFloat(value)
        : value === null
          ? 'null'
          : String(value);
    const chars = toChars(text);
    this.styled(chars, analyzeScalar(chars), true, ctx, false);
  }

  /** PyYAML's choice of style; a simple string (see `StringInfo`) is written in one piece. */
  private styled(chars: Chars, a: ScalarAnalysis, implicit: boolean, ctx: NodeContext, simple: boolean): void {
    const simpleKey = Boolean(ctx.simpleKey);
    const split = !simpleKey;
    if (implicit && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain) {
      if (simple) this.writeSimplePlain(chars as string);
      else this.writePlain(chars, split);
    } else if (a.allowSingleQuoted && !(simpleKey && a.multiline)) {
      if (simple) this.writeSimpleSingleQuoted(chars as string);
      else this.writeSingleQuoted(chars, split);
    } else this.writeDoubleQuoted(chars, split);
  }

  /** `writePlain` of printable ASCII without spaces or breaks: nothing to fold. */
  private writeSimplePlain(text: string): void {
    if (!this.whitespace) {
      this.append(' ');
      this.column += 1;
    }
    this.whitespace = false;
    this.indention = false;
    this.append(text);
    this.column += text.length;
  }

  /** `writeSingleQuoted` of printable ASCII without spaces or breaks: only quotes to double. */
  private writeSimpleSingleQuoted(text: string): void {
    this.writeIndicator("'", true);
    const body = text.includes("'") ? text.replaceAll("'", "''") : text;
    this.append(body);
    this.column += body.length;
    this.writeIndicator("'", false);
  }

  private append(data: string): void {
    this.output.append(data);
  }

  text(): string {
    return this.output.text();
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private write(data: string): void {
    this.column += codePoints(data);
    this.append(data);
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
      this.append(spaces(indent - this.column));
      this.column = indent;
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.append(data);
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
