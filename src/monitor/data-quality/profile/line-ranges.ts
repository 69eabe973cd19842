/**
 * A text file read in whole lines: split into byte ranges that start at line starts (one per
 * worker), and each range read in blocks of whole lines so a large file never sits in memory at
 * once. A CSV field quoted across a line break is read correctly unless a block or range boundary
 * falls inside it (docs/monitoring.md says so).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const BLOCK = 16 * 1024 * 1024;

/** Up to `parts` ranges [start, end) of `path` from `from`, each beginning at a line start. */
export function lineRanges(path: string, from: number, parts: number): [number, number][] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const cuts = [from];
    const probe = Buffer.alloc(64 * 1024);
    for (let p = 1; p < parts; p++) {
      let at = Math.max(from + Math.floor(((size - from) * p) / parts), cuts[cuts.length - 1] as number);
      for (;;) {
        const n = readSync(fd, probe, 0, probe.length, at);
        if (n === 0) {
          at = size;
          break;
        }
        const nl = probe.subarray(0, n).indexOf(10);
        if (nl >= 0) {
          at += nl + 1;
          break;
        }
        at += n;
      }
      cuts.push(Math.min(at, size));
    }
    cuts.push(size);
    const ranges: [number, number][] = [];
    for (let i = 0; i + 1 < cuts.length; i++)
      if ((cuts[i + 1] as number) > (cuts[i] as number)) ranges.push([cuts[i] as number, cuts[i + 1] as number]);
    return ranges;
  } finally {
    closeSync(fd);
  }
}

/**
 * Calls `read(bytes, start, end, firstLine)` for blocks of whole lines of `path[start..end)`;
 * `read` returns the number of the line after the block. Returns the number of lines read.
 */
export function readLines(
  path: string,
  start: number,
  end: number,
  read: (bytes: Uint8Array, start: number, end: number, line: number) => number,
): number {
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(Math.min(BLOCK, Math.max(end - start, 1)));
    let carry = 0;
    let at = start;
    let line = 1;
    while (at < end || carry > 0) {
      const n = at < end ? readSync(fd, buffer, carry, Math.min(buffer.length - carry, end - at), at) : 0;
      at += n;
      const filled = carry + n;
      const last = at >= end ? filled : buffer.subarray(0, filled).lastIndexOf(10) + 1;
      if (last === 0) {
        // One line longer than the buffer: grow it and read on.
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, filled);
        buffer = grown;
        carry = filled;
        continue;
      }
      line = read(buffer, 0, last, line);
      carry = filled - last;
      if (carry > 0) buffer.copy(buffer, 0, last, filled);
      if (n === 0 && at >= end) break;
    }
    return line - 1;
  } finally {
    closeSync(fd);
  }
}
