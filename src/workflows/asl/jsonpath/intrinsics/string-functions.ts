import { createHash } from 'node:crypto';
import type { Json } from '../../asl-types.js';
import { HASH_ALGORITHMS as HASHES } from '../../hash-algorithms.js';
import {
  type ArgValue,
  boundedStringArg,
  expectCount,
  type IntrinsicFunction,
  intrinsicFailure,
  stringArg,
} from './intrinsic-args.js';

/** Base64 and Hash take at most 10,000 characters (Step Functions' limit). */
const TEXT_LIMIT = 10_000;

/** `States.Format`, the JSON text functions, Base64, Hash and StringSplit. */
export const STRING_FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  'States.Format': (args, name) => format(args, name),

  'States.StringToJson': (args, name) => {
    expectCount(name, args, 1);
    const text = stringArg(name, args, 0);
    try {
      return JSON.parse(text) as Json;
    } catch {
      throw intrinsicFailure(name, `argument 1 is not JSON text: ${text.slice(0, 80)}`);
    }
  },

  'States.JsonToString': (args, name) => {
    expectCount(name, args, 1);
    return JSON.stringify(args[0]!.value);
  },

  'States.Base64Encode': (args, name) => {
    expectCount(name, args, 1);
    return Buffer.from(boundedStringArg(name, args, 0, TEXT_LIMIT), 'utf8').toString('base64');
  },

  'States.Base64Decode': (args, name) => {
    expectCount(name, args, 1);
    const text = boundedStringArg(name, args, 0, TEXT_LIMIT);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1)
      throw intrinsicFailure(name, 'argument 1 is not Base64 text.');
    return Buffer.from(text, 'base64').toString('utf8');
  },

  'States.Hash': (args, name) => {
    expectCount(name, args, 2);
    const data = boundedStringArg(name, args, 0, TEXT_LIMIT);
    const algorithm = HASHES[stringArg(name, args, 1)];
    if (!algorithm)
      throw intrinsicFailure(
        name,
        `argument 2 must be one of ${Object.keys(HASHES).join(', ')}, got ${JSON.stringify(args[1]!.value)}.`,
      );
    return createHash(algorithm).update(data, 'utf8').digest('hex');
  },

  /** Every character of the delimiter splits; empty pieces are dropped (the guide's `".+,="` example). */
  'States.StringSplit': (args, name) => {
    expectCount(name, args, 2);
    const text = stringArg(name, args, 0);
    const delimiters = new Set(stringArg(name, args, 1));
    const pieces: string[] = [];
    let piece = '';
    for (const c of text) {
      if (delimiters.has(c)) {
        if (piece) pieces.push(piece);
        piece = '';
      } else piece += c;
    }
    if (piece) pieces.push(piece);
    return pieces;
  },
};

/**
 * `{}` in the template takes the next argument; `\{`, `\}`, `\'` and `\\` in a string literal
 * template stand for themselves. Strings go in as they are, numbers, booleans and null as JSON
 * text; an object or array is refused (Step Functions takes only those four types).
 */
function format(args: readonly ArgValue[], name: string): Json {
  expectCount(name, args, 1, Number.POSITIVE_INFINITY);
  stringArg(name, args, 0);
  const template = args[0]!.raw ?? (args[0]!.value as string);
  const escapes = args[0]!.raw !== undefined;
  let out = '';
  let next = 1;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (escapes && c === '\\') {
      out += template[++i] ?? '';
    } else if (c === '{' && template[i + 1] === '}') {
      if (next >= args.length)
        throw intrinsicFailure(name, `the template has more {} placeholders than the ${args.length - 1} value arguments.`);
      const value = args[next]!.value;
      if (typeof value === 'object' && value !== null) {
        throw intrinsicFailure(
          name,
          `argument ${next + 1} must be a string, number, boolean or null, got ${JSON.stringify(value).slice(0, 80)}.`,
        );
      }
      next++;
      out += typeof value === 'string' ? value : JSON.stringify(value);
      i++;
    } else {
      out += c;
    }
  }
  if (next !== args.length)
    throw intrinsicFailure(
      name,
      `the template has ${next - 1} {} placeholders but ${args.length - 1} value arguments were given.`,
    );
  return out;
}
