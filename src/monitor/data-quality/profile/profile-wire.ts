/**
 * A column profile as plain data, to cross a worker thread's boundary (structured clone) and come
 * back as a profile that merges like the original.
 */
import type { KllSketch as KllSketchJson } from '../../monitor-files.js';
import { ColumnProfile } from './column-profile.js';
import { KllSketch } from './kll-sketch.js';

export interface ProfileWire {
  readonly name: string;
  readonly asText: boolean;
  readonly counts: readonly [number, number, number, number];
  readonly moments: readonly [number, number, number, number, number, number];
  readonly sketch: KllSketchJson;
  readonly texts: readonly [string, number][];
}

export function toWire(p: ColumnProfile): ProfileWire {
  return {
    name: p.name,
    asText: p.asText,
    counts: [p.integral, p.fractional, p.strings, p.missing],
    moments: [p.sum, p.min, p.max, p.shift, p.s1, p.s2],
    sketch: p.sketch.toJSON(),
    texts: [...p.texts],
  };
}

export function fromWire(w: ProfileWire): ColumnProfile {
  const p = new ColumnProfile(w.name, w.asText, undefined, KllSketch.fromJSON(w.sketch));
  [p.integral, p.fractional, p.strings, p.missing] = w.counts;
  [p.sum, p.min, p.max, p.shift, p.s1, p.s2] = w.moments;
  for (const [text, count] of w.texts) p.texts.set(text, count);
  return p;
}
