import { randomUUID } from 'node:crypto';
import type { Json, JsonObject } from '../../asl-types.js';
import { booleanArg, expectCount, type IntrinsicFunction, integerArg, intrinsicFailure, objectArg } from './intrinsic-args.js';

/** MathRandom, MathAdd, UUID and JsonMerge. */
export const MATH_FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  /** An integer in [start, end); with a seed the same seed gives the same number. */
  'States.MathRandom': (args, name) => {
    expectCount(name, args, 2, 3);
    const start = integerArg(name, args, 0);
    const end = integerArg(name, args, 1);
    if (end <= start) throw intrinsicFailure(name, `the end (${end}) must be greater than the start (${start}).`);
    const random = args.length === 3 ? seeded(integerArg(name, args, 2)) : Math.random();
    return start + Math.floor(random * (end - start));
  },

  'States.MathAdd': (args, name) => {
    expectCount(name, args, 2);
    return integerArg(name, args, 0) + integerArg(name, args, 1);
  },

  'States.UUID': (args, name) => {
    expectCount(name, args, 0);
    return randomUUID();
  },

  /** A shallow merge, the second object's fields winning; Step Functions supports only `false` for deep. */
  'States.JsonMerge': (args, name) => {
    expectCount(name, args, 3);
    const left = objectArg(name, args, 0);
    const right = objectArg(name, args, 1);
    if (booleanArg(name, args, 2)) throw intrinsicFailure(name, 'deep merging (argument 3 true) is not supported; pass false.');
    return { ...left, ...right } as JsonObject as Json;
  },
};

/** One number in [0, 1) from a seed (mulberry32), so a seeded MathRandom repeats across runs. */
function seeded(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
