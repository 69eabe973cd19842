/**
 * An encoder for Universal Binary JSON (ubjson.org, draft 12), the twin of `ubjson.ts`'s decoder,
 * for writing an XGBoost model document as a `.ubj` / `model.bst` file. It mirrors XGBoost's own
 * writer where that matters to XGBoost's reader: keys and strings are `L`-length prefixed,
 * integers are `L` (int64), and the numbers of the float arrays XGBoost types as float32
 * (`floatKeys`) are `d` (float32), so they read back as floats, not integers. Containers are the
 * plain (not `$type#count`) kind, which XGBoost 1.6 and later read like the JSON text.
 *
 * ```ts
 * encodeUbjson({ a: [1, 2] }); // 7B 4C …01 61 5B 4C …01 4C …02 5D 7D
 * ```
 */
export type EncodableJson = null | boolean | number | string | readonly EncodableJson[] | { readonly [key: string]: unknown };

export function encodeUbjson(value: unknown, floatKeys: ReadonlySet<string> = new Set()): Buffer {
  const out = new Writer();
  out.value(value, false, floatKeys);
  return out.done();
}

class Writer {
  private buf = Buffer.alloc(1 << 16);
  private pos = 0;

  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private marker(c: string): void {
    this.room(1);
    this.buf[this.pos++] = c.charCodeAt(0);
  }

  private int64(n: number): void {
    this.marker('L');
    this.room(8);
    this.buf.writeBigInt64BE(BigInt(n), this.pos);
    this.pos += 8;
  }

  private text(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.int64(bytes.length);
    this.room(bytes.length);
    bytes.copy(this.buf, this.pos);
    this.pos += bytes.length;
  }

  private number(n: number, float32: boolean): void {
    if (!float32 && Number.isInteger(n)) {
      this.int64(n);
      return;
    }
    this.marker(float32 ? 'd' : 'D');
    this.room(8);
    this.pos = float32 ? this.buf.writeFloatBE(n, this.pos) : this.buf.writeDoubleBE(n, this.pos);
  }

  value(v: unknown, float32: boolean, floatKeys: ReadonlySet<string>): void {
    if (v === null || v === undefined) this.marker('Z');
    else if (typeof v === 'boolean') this.marker(v ? 'T' : 'F');
    else if (typeof v === 'number') this.number(v, float32);
    else if (typeof v === 'string') {
      this.marker('S');
      this.text(v);
    } else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      this.marker('[');
      for (const item of Array.from(v as ArrayLike<unknown>)) this.value(item, float32, floatKeys);
      this.marker(']');
    } else {
      this.marker('{');
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
        if (item === undefined) continue;
        this.text(key);
        this.value(item, floatKeys.has(key), floatKeys);
      }
      this.marker('}');
    }
  }
}
