/**
 * An append-only text builder for documents of megabytes written in ~10^5 small pieces: recent
 * pieces are joined in a short string, copied into a growing byte buffer every 16 KB. Appending
 * every piece to one long string instead made a rope node per piece that outlived the young
 * generation, and the garbage collector spent half of the KFP writer's time copying them.
 */
import { Buffer } from 'node:buffer';

/** Characters gathered before they are copied into the buffer. */
const CHUNK = 16_384;

/** The size of the last text built: the next one starts with a buffer that large, not with growing copies. */
let sizeHint = 1 << 20;

export class TextBuffer {
  private chunk = '';
  private buffer = Buffer.allocUnsafe(sizeHint);
  private length = 0;

  append(data: string): void {
    this.chunk += data;
    if (this.chunk.length >= CHUNK) this.flush();
  }

  /** The whole text; the builder may go on being appended to. */
  text(): string {
    this.flush();
    sizeHint = Math.min(Math.max(this.length, 1 << 16), 1 << 26);
    return this.buffer.toString('utf8', 0, this.length);
  }

  private flush(): void {
    const need = this.length + Buffer.byteLength(this.chunk, 'utf8');
    if (need > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(this.chunk, this.length, 'utf8');
    this.chunk = '';
  }
}
