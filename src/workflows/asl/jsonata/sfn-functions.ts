import { createHash, randomUUID } from 'node:crypto';
import { HASH_ALGORITHMS as HASHES } from '../hash-algorithms.js';

/**
 * The functions Step Functions adds to JSONata (`$partition`, `$range`, `$hash`, `$random`,
 * `$uuid`, `$parse`) and the one it takes away (`$eval`). Behaviour as the Step Functions
 * reference documents it: a non-integer count or bound is truncated towards zero; arguments
 * Step Functions answers with "nothing" (a chunk size of 0, an empty array, a `$range` without a
 * step or with a step pointing away from `end`, a `$hash` without an algorithm) return
 * `undefined`, which fails the field the expression was written in with
 * `States.QueryEvaluationError`.
 */

/** A JSONata-style error: `code` and `message` are what the evaluation failure reports. */
function jsonataError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/** Step Functions' `$range` ceiling: it refuses more elements than this before building them. */
const RANGE_LIMIT = 360_145;

function partition(array: unknown, size: unknown): unknown {
  if (array === undefined || size === undefined) return undefined;
  const items = Array.isArray(array) ? array : [array];
  if (typeof size !== 'number') throw jsonataError('T0410', 'Argument 2 of function "partition" must be a number');
  const chunk = Math.trunc(size);
  if (items.length === 0 || chunk <= 0) return undefined;
  const out: unknown[][] = [];
  for (let i = 0; i < items.length; i += chunk) out.push(items.slice(i, i + chunk));
  return out;
}

function range(start: unknown, end: unknown, step: unknown): unknown {
  if (step === undefined || start === undefined || end === undefined) return undefined;
  if (typeof start !== 'number' || typeof end !== 'number' || typeof step !== 'number') {
    throw jsonataError('T0410', 'The arguments of function "range" must be numbers');
  }
  const [from, to, by] = [Math.trunc(start), Math.trunc(end), Math.trunc(step)];
  if (by === 0 || (to - from) * by < 0) return undefined;
  const count = Math.floor((to - from) / by) + 1;
  if (count > RANGE_LIMIT) throw jsonataError('D1013', 'Expression evaluation memory limit exceeded');
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(from + i * by);
  // Step Functions answers a one-element range with the bare number, as JSONata does for a singleton sequence.
  return out.length === 1 ? out[0] : out;
}

function hash(value: unknown, algorithm: unknown): unknown {
  if (value === undefined || algorithm === undefined) return undefined;
  if (typeof value !== 'string') throw jsonataError('T0410', 'Argument 1 of function "hash" must be a string');
  const name = typeof algorithm === 'string' ? HASHES[algorithm] : undefined;
  if (!name) {
    throw jsonataError(
      'D3137',
      `Unsupported hash algorithm ${JSON.stringify(algorithm)}: use one of ${Object.keys(HASHES).join(', ')}`,
    );
  }
  return createHash(name).update(value, 'utf8').digest('hex');
}

const JAVA_MULTIPLIER = 0x5deece66dn;
const MASK_48 = (1n << 48n) - 1n;

/**
 * `$random(seed)`: reproducible for one seed. Step Functions does not document its generator;
 * Godwit uses `java.util.Random(seed).nextDouble()`'s sequence (the first draw), so a seed
 * always gives the same number here.
 */
function seededRandom(seed: number): number {
  let state = (BigInt(Math.trunc(seed)) ^ JAVA_MULTIPLIER) & MASK_48;
  const next = (bits: bigint): bigint => {
    state = (state * JAVA_MULTIPLIER + 0xbn) & MASK_48;
    return state >> (48n - bits);
  };
  const high = next(26n);
  const low = next(27n);
  return Number((high << 27n) + low) / 2 ** 53;
}

function random(seed: unknown): number {
  if (seed === undefined) return Math.random();
  if (typeof seed !== 'number') throw jsonataError('T0410', 'Argument 1 of function "random" must be a number');
  return seededRandom(seed);
}

function parse(text: unknown): unknown {
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw jsonataError('T0410', 'Argument 1 of function "parse" must be a string');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw jsonataError('D3140', `Malformed JSON in function "parse": ${(err as Error).message}`);
  }
}

function evalRefused(): never {
  throw jsonataError('D3141', 'The function $eval is not supported by Step Functions: use $parse to read JSON text');
}

/** The functions to register on every compiled expression: name (without `$`) → implementation. */
export const SFN_FUNCTIONS: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  partition: (a, b) => partition(a, b),
  range: (a, b, c) => range(a, b, c),
  hash: (a, b) => hash(a, b),
  random: (a) => random(a),
  uuid: () => randomUUID(),
  parse: (a) => parse(a),
  eval: () => evalRefused(),
};
