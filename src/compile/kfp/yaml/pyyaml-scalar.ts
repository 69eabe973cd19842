/**
 * How PyYAML decides to write one scalar: which styles its text allows, and whether a plain
 * string would read back as something else (`'1'`, `'true'`, `''`). The KFP SDK writes its
 * PipelineSpec with `yaml.dump(..., sort_keys=True)`; matching these rules is what makes Godwit's
 * files diff cleanly against the SDK's. Written from PyYAML's documented emitter behaviour.
 */

/** A scalar's characters: the string itself when it has no surrogate pairs, else its code points. */
export type Chars = string | readonly string[];

export function toChars(text: string): Chars {
  return /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text;
}

export interface ScalarAnalysis {
  readonly empty: boolean;
  readonly multiline: boolean;
  readonly allowFlowPlain: boolean;
  readonly allowBlockPlain: boolean;
  readonly allowSingleQuoted: boolean;
}

const BREAK_CODES = new Set([0x0a, 0x85, 0x2028, 0x2029]);

export function isBreak(ch: string | null): boolean {
  return ch === '\n' || ch === '\x85' || ch === '\u2028' || ch === '\u2029';
}

/** `\0`, space, tab, CR and the breaks: what PyYAML counts as whitespace around indicators. */
function isSpaceOrBreak(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

const LEADING_INDICATORS = new Set(Array.from('#,[]{}&*!|>\'"%@`', (c) => c.charCodeAt(0)));
const FLOW_INDICATORS = new Set(Array.from(',?[]{}', (c) => c.charCodeAt(0)));

/**
 * PipelineSpec repeats the same keys and values thousands of times in a large pipeline, so each
 * distinct string is analysed once (bounded, so a long-lived process does not grow without end).
 */
const analysed = new Map<string, ScalarAnalysis>();
const MAX_ANALYSED = 50_000;

/**
 * What the emitter needs to know about a string scalar, computed once per distinct string: its
 * characters, PyYAML's analysis, whether it reads back as a string when plain, and whether it is
 * "simple" (printable ASCII without spaces or line breaks), which no style ever folds or escapes
 * except single quotes doubled: the emitter writes those in one piece.
 */
export interface StringInfo {
  readonly chars: Chars;
  readonly analysis: ScalarAnalysis;
  readonly readsAsString: boolean;
  readonly simple: boolean;
}

const infos = new Map<string, StringInfo>();
const NOT_SIMPLE = /[^\x21-\x7e]/;

export function stringInfo(text: string): StringInfo {
  let info = infos.get(text);
  if (!info) {
    if (infos.size >= MAX_ANALYSED) infos.clear();
    const chars = toChars(text);
    info = {
      chars,
      analysis: analyze(chars), // `infos` is this string's one cache; `analysed` serves numbers and null
      readsAsString: plainReadsAsString(text),
      simple: text.length > 0 && !NOT_SIMPLE.test(text),
    };
    infos.set(text, info);
  }
  return info;
}

export function analyzeScalar(chars: Chars): ScalarAnalysis {
  if (typeof chars !== 'string') return analyze(chars);
  let a = analysed.get(chars);
  if (!a) {
    if (analysed.size >= MAX_ANALYSED) analysed.clear();
    a = analyze(chars);
    analysed.set(chars, a);
  }
  return a;
}

function analyze(chars: Chars): ScalarAnalysis {
  const n = chars.length;
  if (n === 0) {
    return { empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true };
  }
  const code = typeof chars === 'string' ? (i: number) => chars.charCodeAt(i) : (i: number) => chars[i].codePointAt(0) as number;
  const text = typeof chars === 'string' ? chars : chars.join('');
  let blockIndicators = text.startsWith('---') || text.startsWith('...');
  let flowIndicators = blockIndicators;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = n === 1 || isSpaceOrBreak(code(1));
  let previousSpace = false;
  let previousBreak = false;

  for (let i = 0; i < n; i++) {
    const c = code(i);
    if (i === 0) {
      if (LEADING_INDICATORS.has(c)) flowIndicators = blockIndicators = true;
      if (c === 0x3f || c === 0x3a) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === 0x2d && followedByWhitespace) flowIndicators = blockIndicators = true;
    } else {
      if (FLOW_INDICATORS.has(c)) flowIndicators = true;
      if (c === 0x3a) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === 0x23 && precededByWhitespace) flowIndicators = blockIndicators = true;
    }
    const isBr = BREAK_CODES.has(c);
    if (isBr) lineBreaks = true;
    // Printable ASCII and \n are safe; anything else forces double quotes (allow_unicode=False).
    if (c !== 0x0a && (c < 0x20 || c > 0x7e)) special = true;

    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBr) {
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isSpaceOrBreak(c);
    followedByWhitespace = i + 2 >= n || isSpaceOrBreak(code(i + 2));
  }

  let allowFlowPlain = true;
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false;
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false;
  if (flowIndicators) allowFlowPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted };
}

// PyYAML's implicit resolvers (YAML 1.1): a plain scalar matching one of these is not a string.
const IMPLICIT_NON_STRING: readonly RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
  /^(?:!|&|\*)$/,
];

/** True when the string, written plain, would read back as a string. */
export function plainReadsAsString(text: string): boolean {
  return !IMPLICIT_NON_STRING.some((re) => re.test(text));
}

/**
 * Python's `repr(float)` as PyYAML writes it: shortest round-trip digits, exponent form below
 * 1e-4 and from 1e16, and always a `.0` so the value reads back as a float (`3.0`, `1.0e+16`).
 */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Number.POSITIVE_INFINITY) return '.inf';
  if (x === Number.NEGATIVE_INFINITY) return '-.inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : `${digits}.0`;
    const ee = `${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
    return `${sign}${m}e${ee}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const intPart = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = digits.slice(e + 1);
  return `${sign}${intPart}.${frac || '0'}`;
}
