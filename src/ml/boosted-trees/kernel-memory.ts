/**
 * One shared WebAssembly memory per training, holding every array the WebAssembly kernels read
 * or write (`wasm-kernels.ts`): the byte codes in both layouts, the gradients, the row order and
 * its spare, and the histogram arenas. It is a SharedArrayBuffer like the others, so worker
 * threads get it in their tasks and run the same kernels over it. Arrays are carved from it by a bump
 * allocator and not freed one by one (the memory goes with the training); when it is full it grows,
 * which leaves the arrays already carved where they were. One array may be given back
 * (`release`, binning's float32 columns): later arrays are carved from its room first, whose
 * pages are already touched. On this VM a page's first touch costs ~15 µs, and a training
 * touching its memory afresh paid thousands of them.
 */
import { threadId } from 'node:worker_threads';

const PAGE = 65_536;
/** WebAssembly's limit for a 32-bit memory: 4 GiB. */
const MAX_PAGES = 65_536;
/** The memory's first bytes hold its id (a float64), which threads know it by. */
const HEADER = 64;

let made = 0;

export class KernelMemory {
  readonly memory: WebAssembly.Memory;
  /** Unique within the process (the making thread's id and a count): workers keep kernels by it. */
  readonly id: number;
  private used = HEADER;
  /** Room given back by `release`, from which arrays are carved before the end of the memory. */
  private free = { at: 0, end: 0 };

  /** A memory of at least `bytes` (more is added as arrays need it). */
  constructor(bytes: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((bytes + HEADER) / PAGE), maximum: MAX_PAGES, shared: true });
    this.id = threadId * 2 ** 32 + ++made;
    new Float64Array(this.memory.buffer, 0, 1)[0] = this.id;
  }

  /** A new zeroed array of `length` elements (64-byte aligned). */
  array<T extends Uint8Array | Uint32Array | Float32Array | Float64Array>(
    type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; readonly BYTES_PER_ELEMENT: number },
    length: number,
  ): T {
    const bytes = Math.ceil((length * type.BYTES_PER_ELEMENT) / 64) * 64;
    if (this.free.end - this.free.at >= bytes) {
      const reused = new type(this.memory.buffer, this.free.at, length);
      this.free.at += bytes;
      reused.fill(0);
      return reused;
    }
    const at = this.used;
    const end = at + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.used = end;
    return new type(this.memory.buffer, at, length);
  }

  /** Gives `array`'s room back for later arrays (any room given back before is forgotten). */
  release(array: ArrayBufferView): void {
    this.free = { at: array.byteOffset, end: array.byteOffset + array.byteLength };
  }
}

/** The id a memory was given (read from its header, for a thread that received it in a task). */
export function memoryId(memory: WebAssembly.Memory): number {
  return new Float64Array(memory.buffer, 0, 1)[0];
}

/** A kernel memory, or undefined where this engine cannot make one (the TypeScript loops then run). */
export function kernelMemory(bytes: number): KernelMemory | undefined {
  try {
    return new KernelMemory(bytes);
  } catch {
    return undefined;
  }
}
