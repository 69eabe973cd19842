import { randomFillSync } from 'node:crypto';

/**
 * Request ids as `crypto.randomUUID()` makes them (version 4, RFC 9562 variant, lowercase hex),
 * made 256 at a time: 4 KiB of random bytes are formatted into one string and each id is a slice
 * of it. `randomUUID` builds each id by 20 string concatenations, which bench/serving's allocation
 * profile of the main thread showed as its largest per-request garbage after node's own.
 */
const IDS = 256;
/** Each byte's two lowercase hex digits, as ASCII codes. */
const HEX = Buffer.from(Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')).join(''), 'latin1');
/** Where the dashes go in the 36 characters of an id, after which byte. */
const DASH_AFTER = [3, 5, 7, 9];
const random = Buffer.allocUnsafe(IDS * 16);
const text = Buffer.allocUnsafe(IDS * 36);
let batch = '';
let next = IDS;

export function requestId(): string {
  if (next === IDS) refill();
  const at = next++ * 36;
  return batch.slice(at, at + 36);
}

/** 256 ids' hex written as bytes and read back as one string: one allocation, not 20 an id. */
function refill(): void {
  randomFillSync(random);
  let out = 0;
  for (let i = 0; i < IDS; i++) {
    const o = i * 16;
    random[o + 6] = (random[o + 6]! & 0x0f) | 0x40;
    random[o + 8] = (random[o + 8]! & 0x3f) | 0x80;
    for (let j = 0; j < 16; j++) {
      const b = random[o + j]! * 2;
      text[out++] = HEX[b]!;
      text[out++] = HEX[b + 1]!;
      if (DASH_AFTER.includes(j)) text[out++] = 0x2d;
    }
  }
  batch = text.toString('latin1', 0, out);
  next = 0;
}
