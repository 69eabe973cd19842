import type { Json } from '../asl-types.js';
import type { PathScanner } from './path-scanner.js';
import type { Segment } from './path-syntax.js';

/**
 * A filter expression `[?( … )]` as Jayway JsonPath (and so Step Functions) accepts it:
 * `@.price < 10`, `@.name == 'x'`, `@.tags`, `!@.done`, `&&`, `||`, parentheses, `=~ /re/i`,
 * `in` / `nin` with an array literal, `$.max` for a value of the whole document.
 */
export type FilterExpr =
  | { readonly kind: 'and' | 'or'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'not'; readonly expr: FilterExpr }
  | { readonly kind: 'exists'; readonly operand: Operand }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | 'in' | 'nin';

export type Operand =
  | { readonly kind: 'path'; readonly relative: boolean; readonly segments: readonly Segment[]; readonly definite: boolean }
  | { readonly kind: 'literal'; readonly value: Json }
  | { readonly kind: 'regex'; readonly regex: RegExp };

/** Longest first, so `<=` is not read as `<`. */
const OPERATORS: readonly CompareOp[] = ['==', '!=', '<=', '>=', '=~', '<', '>', 'nin', 'in'];

type SegmentParser = (s: PathScanner) => Segment;

/** Parses `( … )` after the `?` of a filter; `segment` parses the segments of `@…` and `$…` operands. */
export function parseFilter(s: PathScanner, segment: SegmentParser): FilterExpr {
  s.filterDepth++;
  s.skipSpaces();
  s.expect('(');
  const expr = parseOr(s, segment);
  s.skipSpaces();
  s.expect(')');
  s.filterDepth--;
  return expr;
}

function parseOr(s: PathScanner, segment: SegmentParser): FilterExpr {
  let left = parseAnd(s, segment);
  for (s.skipSpaces(); s.eat('||'); s.skipSpaces()) left = { kind: 'or', left, right: parseAnd(s, segment) };
  return left;
}

function parseAnd(s: PathScanner, segment: SegmentParser): FilterExpr {
  let left = parseUnary(s, segment);
  for (s.skipSpaces(); s.eat('&&'); s.skipSpaces()) left = { kind: 'and', left, right: parseUnary(s, segment) };
  return left;
}

function parseUnary(s: PathScanner, segment: SegmentParser): FilterExpr {
  s.skipSpaces();
  if (s.peek() === '!' && s.peek(1) !== '=') {
    s.pos++;
    return { kind: 'not', expr: parseUnary(s, segment) };
  }
  if (s.eat('(')) {
    const inner = parseOr(s, segment);
    s.skipSpaces();
    s.expect(')');
    return inner;
  }
  const left = parseOperand(s, segment);
  s.skipSpaces();
  const op = OPERATORS.find((candidate) => s.text.startsWith(candidate, s.pos));
  if (!op) return { kind: 'exists', operand: left };
  s.pos += op.length;
  s.skipSpaces();
  return { kind: 'compare', op, left, right: parseOperand(s, segment) };
}

function parseOperand(s: PathScanner, segment: SegmentParser): Operand {
  const c = s.peek();
  if (c === '@' || c === '$') {
    s.pos++;
    const segments: Segment[] = [];
    while (s.peek() === '.' || s.peek() === '[') segments.push(segment(s));
    const definite = segments.every((seg) => seg.kind === 'field' || seg.kind === 'index');
    return { kind: 'path', relative: c === '@', segments, definite };
  }
  if (c === "'" || c === '"') return { kind: 'literal', value: s.quoted() };
  if (c === '/') return { kind: 'regex', regex: parseRegex(s) };
  if (c === '[') return { kind: 'literal', value: parseArrayLiteral(s) };
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (s.eat(word)) return { kind: 'literal', value };
  }
  const n = s.number();
  return n === undefined ? s.fail('expected a value in the filter') : { kind: 'literal', value: n };
}

function parseRegex(s: PathScanner): RegExp {
  const match = /^\/((?:\\.|[^/\\])*)\/([a-z]*)/.exec(s.text.slice(s.pos));
  if (!match) return s.fail('unterminated regular expression');
  s.pos += match[0].length;
  try {
    return new RegExp(match[1]!, match[2]);
  } catch {
    return s.fail(`bad regular expression /${match[1]}/`);
  }
}

function parseArrayLiteral(s: PathScanner): Json[] {
  s.expect('[');
  const values: Json[] = [];
  for (s.skipSpaces(); !s.eat(']'); s.skipSpaces()) {
    const c = s.peek();
    if (c === "'" || c === '"') values.push(s.quoted());
    else values.push(s.number() ?? s.fail('expected a string or number in the array'));
    s.skipSpaces();
    if (!s.eat(',') && s.peek() !== ']') s.fail('expected "," or "]"');
  }
  return values;
}
