/**
 * Rows in, columns out. A reader tokenises one row into scratch arrays (the number and kind of
 * each field, or its text), then `commit` checks the field count and appends the row to per-column
 * buffers; full buffers go to each column's profile in one column-at-a-time call. A row whose
 * field count differs is refused whole, so a malformed line never half-counts.
 */
import { ColumnProfile } from './column-profile.js';
import { EMPTY, FRACTIONAL, INTEGRAL } from './number-text.js';

const BATCH = 4096;

export class RowBatch {
  readonly profiles: ColumnProfile[];
  /** Scratch for the row being read: value, kind, text (for NOT_NUMBER and as-text columns). */
  readonly values: Float64Array;
  readonly kinds: Uint8Array;
  readonly texts: (string | undefined)[];
  /** Columns whose numbers are also needed as text (their text must be filled by the reader). */
  readonly asText: Uint8Array;
  fields = 0;
  rows = 0;
  private readonly buffers: Float64Array[];
  private readonly integrals: Int32Array;
  private readonly lengths: Int32Array;

  constructor(names: readonly string[], asText: ReadonlySet<string> = new Set(), seed = 1) {
    const n = names.length;
    this.profiles = names.map((name, j) => new ColumnProfile(name, asText.has(name), seed * 7919 + j));
    this.asText = Uint8Array.from(names, (name) => (asText.has(name) ? 1 : 0));
    this.values = new Float64Array(n);
    this.kinds = new Uint8Array(n);
    this.texts = new Array(n).fill(undefined);
    this.buffers = names.map(() => new Float64Array(BATCH));
    this.integrals = new Int32Array(n);
    this.lengths = new Int32Array(n);
  }

  get width(): number {
    return this.profiles.length;
  }

  /** Appends the row read into the scratch arrays; false (and nothing counted) if its width is wrong. */
  commit(): boolean {
    const n = this.profiles.length;
    if (this.fields !== n) return false;
    for (let j = 0; j < n; j++) {
      const kind = this.kinds[j];
      if (kind === INTEGRAL || kind === FRACTIONAL) {
        if (this.asText[j] === 1) (this.profiles[j] as ColumnProfile).addNumberText(this.texts[j] as string, kind === INTEGRAL);
        else this.pushNumber(j, this.values[j] as number, kind === INTEGRAL);
      } else if (kind === EMPTY) (this.profiles[j] as ColumnProfile).addMissing();
      else (this.profiles[j] as ColumnProfile).addText(this.texts[j] as string);
    }
    this.rows++;
    return true;
  }

  /** Sends every buffered number to its profile; call before reading the profiles. */
  flush(): ColumnProfile[] {
    for (let j = 0; j < this.profiles.length; j++) this.flushColumn(j);
    return this.profiles;
  }

  private pushNumber(j: number, x: number, integral: boolean): void {
    const length = this.lengths[j] as number;
    (this.buffers[j] as Float64Array)[length] = x;
    if (integral) this.integrals[j] = (this.integrals[j] as number) + 1;
    this.lengths[j] = length + 1;
    if (length + 1 === BATCH) this.flushColumn(j);
  }

  private flushColumn(j: number): void {
    const length = this.lengths[j] as number;
    if (length === 0) return;
    const profile = this.profiles[j] as ColumnProfile;
    profile.addNumbers((this.buffers[j] as Float64Array).subarray(0, length), this.integrals[j] as number);
    this.lengths[j] = 0;
    this.integrals[j] = 0;
  }
}
