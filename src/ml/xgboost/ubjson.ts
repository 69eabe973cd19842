/**
 * A decoder for Universal Binary JSON (ubjson.org, draft 12), the binary twin of XGBoost's JSON
 * model (`save_model("model.ubj")`, the default format since XGBoost 2.0). Big-endian numbers;
 * optimized containers (`[$d#L<n>`) become typed arrays, which is how XGBoost writes its tree
 * arrays, so a large model decodes without one JS number per element:
 *
 * ```
 * 5B 24 64 23 6C 00 00 00 02  3F 80 00 00  40 00 00 00   →  Float32Array [1, 2]
 * ```
 *
 * Int64 values beyond 2^53 lose precision (XGBoost writes none). Throws a plain `Error` naming
 * the byte offset; the model loader wraps it in `E_MODEL_FORMAT`.
 */
export type UbjsonValue = null | boolean | number | string | UbjsonValue[] | ArrayLike<number> | { [key: string]: UbjsonValue };

export function decodeUbjson(bytes: Uint8Array): UbjsonValue {
  const reader = new Reader(bytes);
  const value = reader.value();
  if (reader.pos !== bytes.length) throw new Error(`UBJSON has ${bytes.length - reader.pos} bytes after the value`);
  return value;
}

const TYPED: Record<string, (n: number) => { array: ArrayLike<number> & { [i: number]: number }; size: number }> = {
  d: (n) => ({ array: new Float32Array(n), size: 4 }),
  D: (n) => ({ array: new Float64Array(n), size: 8 }),
  i: (n) => ({ array: new Int8Array(n), size: 1 }),
  U: (n) => ({ array: new Uint8Array(n), size: 1 }),
  I: (n) => ({ array: new Int16Array(n), size: 2 }),
  l: (n) => ({ array: new Int32Array(n), size: 4 }),
  L: (n) => ({ array: new Float64Array(n), size: 8 }),
};

class Reader {
  pos = 0;
  private readonly view: DataView;
  private readonly text = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private fail(what: string): never {
    throw new Error(`UBJSON at byte ${this.pos}: ${what}`);
  }

  private marker(): string {
    if (this.pos >= this.bytes.length) this.fail('unexpected end of data');
    return String.fromCharCode(this.bytes[this.pos++]);
  }

  private need(n: number): number {
    if (this.pos + n > this.bytes.length) this.fail('unexpected end of data');
    const at = this.pos;
    this.pos += n;
    return at;
  }

  value(type = this.marker()): UbjsonValue {
    switch (type) {
      case 'Z':
        return null;
      case 'T':
        return true;
      case 'F':
        return false;
      case 'S':
      case 'H':
        return this.string();
      case 'C':
        return String.fromCharCode(this.bytes[this.need(1)]);
      case '[':
        return this.array();
      case '{':
        return this.object();
      case 'N':
        return this.value();
      default:
        return this.number(type);
    }
  }

  private number(type: string): number {
    const v = this.view;
    switch (type) {
      case 'i':
        return v.getInt8(this.need(1));
      case 'U':
        return v.getUint8(this.need(1));
      case 'I':
        return v.getInt16(this.need(2));
      case 'l':
        return v.getInt32(this.need(4));
      case 'L':
        return Number(v.getBigInt64(this.need(8)));
      case 'd':
        return v.getFloat32(this.need(4));
      case 'D':
        return v.getFloat64(this.need(8));
      default:
        return this.fail(`unknown type marker "${type}"`);
    }
  }

  private count(): number {
    const n = this.number(this.marker());
    if (!Number.isInteger(n) || n < 0) this.fail(`bad count ${n}`);
    return n;
  }

  private string(): string {
    const n = this.count();
    const at = this.need(n);
    return this.text.decode(this.bytes.subarray(at, at + n));
  }

  /** The `$type` and `#count` of an optimized container, if any. */
  private header(): { type?: string; count?: number } {
    let type: string | undefined;
    if (this.bytes[this.pos] === 0x24) {
      this.pos++;
      type = this.marker();
    }
    if (this.bytes[this.pos] === 0x23) {
      this.pos++;
      return { type, count: this.count() };
    }
    if (type !== undefined) this.fail('a typed container needs a count');
    return {};
  }

  private array(): UbjsonValue {
    const { type, count } = this.header();
    if (count !== undefined && type !== undefined && TYPED[type]) return this.typedArray(type, count);
    const out: UbjsonValue[] = [];
    if (count !== undefined) {
      for (let i = 0; i < count; i++) out.push(this.value(type));
      return out;
    }
    while (this.bytes[this.pos] !== 0x5d) out.push(this.value());
    this.pos++;
    return out;
  }

  private typedArray(type: string, count: number): ArrayLike<number> {
    const { array, size } = TYPED[type](count);
    const at = this.need(count * size);
    const v = this.view;
    for (let i = 0, p = at; i < count; i++, p += size) {
      if (type === 'd') array[i] = v.getFloat32(p);
      else if (type === 'D') array[i] = v.getFloat64(p);
      else if (type === 'l') array[i] = v.getInt32(p);
      else if (type === 'L') array[i] = Number(v.getBigInt64(p));
      else if (type === 'I') array[i] = v.getInt16(p);
      else if (type === 'U') array[i] = v.getUint8(p);
      else array[i] = v.getInt8(p);
    }
    return array;
  }

  private object(): { [key: string]: UbjsonValue } {
    const { type, count } = this.header();
    const out: { [key: string]: UbjsonValue } = {};
    if (count !== undefined) {
      for (let i = 0; i < count; i++) out[this.string()] = this.value(type);
      return out;
    }
    while (this.bytes[this.pos] !== 0x7d) {
      if (this.pos >= this.bytes.length) this.fail('unexpected end of data in an object');
      const key = this.string();
      out[key] = this.value();
    }
    this.pos++;
    return out;
  }
}
