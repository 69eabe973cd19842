/**
 * The lines of stored JSON Lines objects, one object in memory at a time: each object's bytes are
 * split at `\n` without first turning the whole object into one string, and the next object is
 * fetched while the current one is read, so a window of many files streams at the store's pace.
 */
import type { ArtifactStore } from '../../store/index.js';

export interface ObjectLine {
  /** The line's text without its `\r\n` / `\n`. */
  readonly text: string;
  /** `<object uri>:<line>`, 1-based. */
  readonly where: string;
  /** The key of the object the line is in. */
  readonly key: string;
}

/** Every non-blank line of the objects `keys`, in order. A blank line is no record and is passed over. */
export async function* objectLines(store: ArtifactStore, keys: readonly string[]): AsyncGenerator<ObjectLine> {
  let next = keys.length > 0 ? fetch(store, keys[0]!) : undefined;
  for (let i = 0; i < keys.length; i++) {
    const bytes = await next!;
    next = i + 1 < keys.length ? fetch(store, keys[i + 1]!) : undefined;
    const key = keys[i]!;
    const uri = store.uri(key);
    let start = 0;
    let line = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      line++;
      const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
      const text = bytes.toString('utf8', start, stop);
      start = end + 1;
      if (text.trim() !== '') yield { text, where: `${uri}:${line}`, key };
    }
  }
}

function fetch(store: ArtifactStore, key: string): Promise<Buffer> {
  const bytes = store.get(key);
  // The read-ahead may be abandoned when a consumer stops early: never leave its rejection unhandled.
  bytes.catch(() => undefined);
  return bytes;
}
