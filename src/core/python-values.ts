/**
 * Python values, as the SageMaker training toolkit prints them. The toolkit reads each
 * hyperparameter with `json.loads`, then writes `SM_HPS` with
 * `json.dumps(..., sort_keys=True, separators=(",", ":"))` and the script's `--name value`
 * arguments with `str(value)`. Python tells `1` from `1.0`, prints `1e-05` where JavaScript prints
 * `0.00001`, and escapes non-ASCII text; to give a script byte-for-byte the same environment the
 * values are kept as Python sees them.
 *
 * ```ts
 * pyJson(fromJsonText('{"lr": 0.00001, "n": 5}'))  // '{"lr":1e-05,"n":5}'
 * pyStr(fromJsonText('true'))                       // 'True'
 * ```
 */

export type Py =
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'int'; readonly v: string }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'none' }
  | { readonly t: 'list'; readonly v: readonly Py[] }
  | { readonly t: 'dict'; readonly v: readonly (readonly [string, Py])[] };

/** A JavaScript value as Python would hold it; integral numbers become ints. */
export function fromJs(x: unknown): Py {
  if (x === null || x === undefined) return { t: 'none' };
  if (typeof x === 'string') return { t: 'str', v: x };
  if (typeof x === 'boolean') return { t: 'bool', v: x };
  if (typeof x === 'number')
    return Number.isInteger(x) && Math.abs(x) < 1e21 ? { t: 'int', v: BigInt(x).toString() } : { t: 'float', v: x };
  if (Array.isArray(x)) return { t: 'list', v: x.map(fromJs) };
  return { t: 'dict', v: Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, fromJs(v)] as const) };
}

/** `json.loads(text)`; throws SyntaxError on text that is not JSON. */
export function fromJsonText(text: string): Py {
  const p = new JsonReader(text);
  const value = p.value();
  p.end();
  return value;
}

/** `json.dumps(value, sort_keys=True, separators=(",", ":"))` with the default `ensure_ascii=True`. */
export function pyJson(value: Py): string {
  switch (value.t) {
    case 'str':
      return asciiJsonString(value.v);
    case 'int':
      return value.v;
    case 'float':
      return floatRepr(value.v);
    case 'bool':
      return value.v ? 'true' : 'false';
    case 'none':
      return 'null';
    case 'list':
      return `[${value.v.map(pyJson).join(',')}]`;
    case 'dict':
      return `{${[...value.v]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${asciiJsonString(k)}:${pyJson(v)}`)
        .join(',')}}`;
  }
}

/** `str(value)` for the scalars hyperparameters are; containers print as JSON (not Python's repr). */
export function pyStr(value: Py): string {
  switch (value.t) {
    case 'str':
      return value.v;
    case 'bool':
      return value.v ? 'True' : 'False';
    case 'none':
      return '';
    default:
      return pyJson(value);
  }
}

/** Python's `repr(float)`: the shortest round-trip digits, fixed for 1e-4 ≤ |x| < 1e16, else `1e-05`. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fraction = digits.slice(exp + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}

function asciiJsonString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A small JSON reader that keeps Python's int/float distinction (`1` vs `1.0`). */
class JsonReader {
  private i = 0;
  constructor(private readonly s: string) {}

  value(): Py {
    this.space();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { t: 'str', v: this.string() };
    for (const [word, py] of [
      ['true', { t: 'bool', v: true }],
      ['false', { t: 'bool', v: false }],
      ['null', { t: 'none' }],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return py;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) throw new SyntaxError(`not JSON at position ${this.i}`);
    this.i += m[0].length;
    return m[2] === undefined && m[3] === undefined ? { t: 'int', v: BigInt(m[0]).toString() } : { t: 'float', v: Number(m[0]) };
  }

  end(): void {
    this.space();
    if (this.i !== this.s.length) throw new SyntaxError(`unexpected text at position ${this.i}`);
  }

  private object(): Py {
    const entries: [string, Py][] = [];
    this.i++;
    this.space();
    if (this.s[this.i] === '}') {
      this.i++;
      return { t: 'dict', v: entries };
    }
    for (;;) {
      this.space();
      if (this.s[this.i] !== '"') throw new SyntaxError(`expected a key at position ${this.i}`);
      const key = this.string();
      this.expect(':');
      entries.push([key, this.value()]);
      if (this.next(',')) continue;
      this.expect('}');
      return { t: 'dict', v: entries };
    }
  }

  private array(): Py {
    const items: Py[] = [];
    this.i++;
    this.space();
    if (this.s[this.i] === ']') {
      this.i++;
      return { t: 'list', v: items };
    }
    for (;;) {
      items.push(this.value());
      if (this.next(',')) continue;
      this.expect(']');
      return { t: 'list', v: items };
    }
  }

  private string(): string {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.s.slice(this.i));
    if (!m) throw new SyntaxError(`bad string at position ${this.i}`);
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private next(c: string): boolean {
    this.space();
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }

  private expect(c: string): void {
    if (!this.next(c)) throw new SyntaxError(`expected "${c}" at position ${this.i}`);
  }

  private space(): void {
    while (/\s/.test(this.s[this.i] ?? '')) this.i++;
  }
}
