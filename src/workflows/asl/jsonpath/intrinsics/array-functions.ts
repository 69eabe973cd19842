import type { Json } from '../../asl-types.js';
import { jsonEqual } from '../json-equal.js';
import { type ArgValue, arrayArg, expectCount, type IntrinsicFunction, integerArg, intrinsicFailure } from './intrinsic-args.js';

/** States.ArrayRange returns at most 1,000 elements (Step Functions' limit). */
const RANGE_LIMIT = 1000;

/** `States.Array` and the `States.Array*` functions. */
export const ARRAY_FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  'States.Array': (args) => args.map((arg) => arg.value),

  'States.ArrayPartition': (args, name) => {
    expectCount(name, args, 2);
    const array = arrayArg(name, args, 0);
    const size = integerArg(name, args, 1, 1);
    const chunks: Json[] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },

  'States.ArrayContains': (args, name) => {
    expectCount(name, args, 2);
    const needle = args[1]!.value;
    return arrayArg(name, args, 0).some((item) => jsonEqual(item, needle));
  },

  'States.ArrayRange': (args, name) => arrayRange(args, name),

  'States.ArrayGetItem': (args, name) => {
    expectCount(name, args, 2);
    const array = arrayArg(name, args, 0);
    const index = integerArg(name, args, 1, 0);
    if (index >= array.length) throw intrinsicFailure(name, `index ${index} is outside the array of ${array.length} items.`);
    return array[index]!;
  },

  'States.ArrayLength': (args, name) => {
    expectCount(name, args, 1);
    return arrayArg(name, args, 0).length;
  },

  'States.ArrayUnique': (args, name) => {
    expectCount(name, args, 1);
    const unique: Json[] = [];
    for (const item of arrayArg(name, args, 0)) if (!unique.some((seen) => jsonEqual(seen, item))) unique.push(item);
    return unique;
  },
};

function arrayRange(args: readonly ArgValue[], name: string): Json {
  expectCount(name, args, 3);
  const start = integerArg(name, args, 0);
  const end = integerArg(name, args, 1);
  const step = integerArg(name, args, 2);
  if (step === 0) throw intrinsicFailure(name, 'argument 3 (the step) cannot be 0.');
  const count = Math.max(0, Math.floor((end - start) / step) + 1);
  if (count > RANGE_LIMIT) throw intrinsicFailure(name, `the range has ${count} elements; the limit is ${RANGE_LIMIT}.`);
  return Array.from({ length: count }, (_, i) => start + i * step);
}
