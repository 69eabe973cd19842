/**
 * Cuts the byte stream of `COPY … TO STDOUT` into files at row boundaries: a new part once a file
 * reaches `maxFileBytes`, and with `slices > 1` successive blocks of rows dealt to the slices in
 * turn (Redshift's PARALLEL ON writes one file series per slice). A CSV row ends at a newline
 * outside quotes; the quote state carries across chunks. With a header, the stream's first row
 * is the header and every file starts with it, as Redshift's HEADER does.
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

export interface SliceFile {
  /** `<slice>_part_<part>.<ext>`, e.g. `0001_part_00.csv`. */
  readonly name: string;
  size: number;
}

export interface SlicerOptions {
  /**
   * Where a file's bytes go (a store upload, a local file). Every sink stays open until the whole
   * stream has been cut, and is ended only then: a store commits an object when its stream ends,
   * so no file of an UNLOAD is published before the query has finished.
   */
  readonly open: (name: string) => Writable;
  readonly extension: string;
  readonly slices: number;
  readonly maxFileBytes: number;
  readonly header: boolean;
  /** The CSV quote byte, or undefined when no field is ever quoted. */
  readonly quote?: number;
}

interface Open extends SliceFile {
  sink: Writable;
  data: number;
}

const NEWLINE = 10;

export class RowSlicer extends Writable {
  readonly files: SliceFile[] = [];
  private readonly sinks: Writable[] = [];
  private readonly current: (Open | undefined)[];
  private readonly parts: number[];
  private slice = 0;
  private inQuote = false;
  private partial = false;
  private header?: Buffer;
  private readonly headerParts: Buffer[] = [];

  constructor(private readonly options: SlicerOptions) {
    super();
    this.current = new Array(options.slices).fill(undefined);
    this.parts = new Array(options.slices).fill(0);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error) => void): void {
    try {
      this.take(chunk);
    } catch (err) {
      done(err as Error);
      return;
    }
    const full = this.sinks.filter((s) => s.writableNeedDrain);
    if (full.length === 0) done();
    else Promise.all(full.map((s) => once(s, 'drain'))).then(() => done(), done);
  }

  override _final(done: (err?: Error) => void): void {
    try {
      if (this.files.length === 0) this.file();
    } catch (err) {
      done(err as Error);
      return;
    }
    for (const s of this.sinks) s.end();
    Promise.all(this.sinks.map((s) => finished(s))).then(() => done(), done);
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    // A failed COPY: every unfinished sink is closed early, so a store sees a premature end and
    // discards the object it was writing (no error event: the COPY's error is the one to report).
    for (const s of this.sinks) if (!s.writableFinished) s.destroy();
    done(err);
  }

  private take(chunk: Buffer): void {
    if (this.header !== undefined || !this.options.header) {
      if (this.fastPath(chunk)) return;
    }
    const ends = this.rowEnds(chunk);
    let from = 0;
    if (this.options.header && this.header === undefined) {
      if (ends.length === 0) {
        this.headerParts.push(chunk);
        return;
      }
      this.header = Buffer.concat([...this.headerParts, chunk.subarray(0, ends[0])]);
      from = ends.shift() as number;
    }
    let cut = this.partial ? -1 : from;
    for (const end of ends) {
      const f = this.file();
      if (cut >= 0 && f.data + (cut - from) > 0 && f.size + (end - from) > this.options.maxFileBytes) {
        this.put(chunk, from, cut);
        this.nextPart();
        from = cut;
      }
      cut = end;
    }
    if (this.options.slices > 1 && ends.length > 0 && cut > from) {
      this.put(chunk, from, cut);
      this.slice = (this.slice + 1) % this.options.slices;
      from = cut;
    }
    this.put(chunk, from, chunk.length);
    this.partial = ends.length > 0 ? ends[ends.length - 1] !== chunk.length : this.partial || chunk.length > 0;
  }

  /**
   * The common case without a scan of every row: no quote in sight and the chunk fits in the
   * current file, so only the last newline matters (where a parallel unload moves to the next
   * slice, and whether a row continues into the next chunk).
   */
  private fastPath(chunk: Buffer): boolean {
    const q = this.options.quote;
    if (this.inQuote || (q !== undefined && chunk.indexOf(q) >= 0)) return false;
    const f = this.file();
    if (f.size + chunk.length > this.options.maxFileBytes) return false;
    const last = chunk.lastIndexOf(NEWLINE);
    if (this.options.slices > 1 && last >= 0) {
      this.put(chunk, 0, last + 1);
      this.slice = (this.slice + 1) % this.options.slices;
      this.put(chunk, last + 1, chunk.length);
    } else this.put(chunk, 0, chunk.length);
    this.partial = last >= 0 ? last + 1 !== chunk.length : this.partial || chunk.length > 0;
    return true;
  }

  /** Offsets just after each row that ends in `chunk`. */
  private rowEnds(chunk: Buffer): number[] {
    const ends: number[] = [];
    const q = this.options.quote;
    if (q === undefined || (!this.inQuote && chunk.indexOf(q) < 0)) {
      for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) ends.push(i + 1);
      return ends;
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === q) this.inQuote = !this.inQuote;
      else if (b === NEWLINE && !this.inQuote) ends.push(i + 1);
    }
    return ends;
  }

  private put(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const f = this.file();
    f.sink.write(chunk.subarray(from, to));
    f.size += to - from;
    f.data += to - from;
  }

  private file(): Open {
    const open = this.current[this.slice];
    if (open) return open;
    const name = `${String(this.slice).padStart(4, '0')}_part_${String(this.parts[this.slice]).padStart(2, '0')}.${this.options.extension}`;
    const f: Open = { name, size: 0, data: 0, sink: this.options.open(name) };
    this.sinks.push(f.sink);
    if (this.header) {
      f.sink.write(this.header);
      f.size = this.header.length;
    }
    this.files.push(f);
    this.current[this.slice] = f;
    return f;
  }

  private nextPart(): void {
    this.current[this.slice] = undefined;
    this.parts[this.slice]++;
  }
}
