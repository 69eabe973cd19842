/**
 * A task's `triggerPolicy.condition` (CEL, as the KFP SDK writes it for `dsl.If`) → an IR
 * condition. The SDK's subset is read: comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`), `in [...]`,
 * `!`, `&&`, `||`, parentheses, operands `inputs.parameter_values['x']` (optionally wrapped in
 * `int()`, `double()` or `string()`) and literals.
 * `int(inputs.parameter_values['pipelinechannel--epochs']) > 3` → `{ op: 'gt', left: <epochs>, right: 3 }`.
 */
import type { ComparisonOp, Condition, Value } from '../../pipeline/ir.js';

/** The value an operand `inputs.parameter_values['name']` stands for; throws when unknown. */
export type OperandLookup = (name: string) => Value;

/** Thrown with the reason; the caller turns it into the importer's refusal. */
export class CelError extends Error {}

const TOKEN =
  /\s*(inputs\.parameter_values\['[^']*'\]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|&&|\|\||==|!=|<=|>=|[<>!()[\],]|[A-Za-z_][A-Za-z0-9_]*)/y;
const COMPARISONS: Readonly<Record<string, ComparisonOp | 'ne'>> = {
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'lte',
  '>': 'gt',
  '>=': 'gte',
};

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new CelError(`cannot read "${text.slice(at).trim()}"`);
    tokens.push(m[1]);
  }
  return tokens;
}

export function celToCondition(text: string, lookup: OperandLookup): Condition {
  const p = new Parser(tokenize(text), lookup);
  const c = p.or();
  if (!p.done()) throw new CelError(`unexpected "${p.peek()}"`);
  return c;
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: string[],
    private readonly lookup: OperandLookup,
  ) {}

  done(): boolean {
    return this.at >= this.tokens.length;
  }
  peek(): string | undefined {
    return this.tokens[this.at];
  }
  /** Takes the next token when it is `t`. */
  private eat(t: string): boolean {
    if (this.peek() !== t) return false;
    this.at++;
    return true;
  }
  private take(expected?: string): string {
    const t = this.tokens[this.at++];
    if (t === undefined || (expected !== undefined && t !== expected))
      throw new CelError(`expected ${expected ?? 'more'}, found "${t ?? 'the end'}"`);
    return t;
  }

  or(): Condition {
    const parts = [this.and()];
    while (this.eat('||')) parts.push(this.and());
    return parts.length === 1 ? parts[0] : { op: 'or', conditions: parts };
  }
  private and(): Condition {
    const parts = [this.unary()];
    while (this.eat('&&')) parts.push(this.unary());
    return parts.length === 1 ? parts[0] : { op: 'and', conditions: parts };
  }
  private unary(): Condition {
    if (this.eat('!')) return { op: 'not', condition: this.unary() };
    if (this.peek() === '(') {
      this.take();
      const inner = this.or();
      this.take(')');
      return inner;
    }
    return this.comparison();
  }
  private comparison(): Condition {
    const left = this.operand();
    const op = COMPARISONS[this.peek() ?? ''];
    if (op) {
      this.take();
      const right = this.operand();
      return op === 'ne' ? { op: 'not', condition: { op: 'eq', left, right } } : { op, left, right };
    }
    if (this.peek() === 'in') {
      this.take();
      this.take('[');
      const values: Value[] = [];
      while (this.peek() !== ']') {
        values.push(this.operand());
        if (this.peek() === ',') this.take();
      }
      this.take(']');
      return { op: 'in', value: left, values };
    }
    // A bare boolean operand: `inputs.parameter_values['flag']`.
    return { op: 'eq', left, right: true };
  }
  private operand(): Value {
    const t = this.take();
    if (t === 'int' || t === 'double' || t === 'string' || t === 'bool') {
      this.take('(');
      const inner = this.operand();
      this.take(')');
      return inner;
    }
    const ref = /^inputs\.parameter_values\['([^']*)'\]$/.exec(t);
    if (ref) return this.lookup(ref[1]);
    if (t === 'true' || t === 'false') return t === 'true';
    if (/^['"]/.test(t)) return t.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    if (/^-?\d/.test(t)) return Number(t);
    throw new CelError(`unsupported term "${t}"`);
  }
}
