import type { Json } from '../../asl-types.js';
import { StatesError } from '../../states-error.js';
import { type PathData, requirePath } from '../path-reader.js';
import { ARRAY_FUNCTIONS } from './array-functions.js';
import type { ArgValue, IntrinsicFunction } from './intrinsic-args.js';
import { type IntrinsicArg, type IntrinsicCall, parseIntrinsic } from './intrinsic-syntax.js';
import { MATH_FUNCTIONS } from './math-functions.js';
import { STRING_FUNCTIONS } from './string-functions.js';

const FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = { ...ARRAY_FUNCTIONS, ...STRING_FUNCTIONS, ...MATH_FUNCTIONS };

/** The names Step Functions defines, for validators and messages. */
export const INTRINSIC_NAMES: readonly string[] = Object.keys(FUNCTIONS).sort();

/**
 * Evaluates an intrinsic function (the value of a `"key.$"` field that does not start with `$`).
 * Paths among the arguments read `data` (`$` input, `$$` context, `$var` variables); a path that
 * selects nothing is `States.Runtime`, bad arguments `States.IntrinsicFailure`.
 */
export function evaluateIntrinsic(text: string, data: PathData, field: string): Json {
  return call(parseIntrinsic(text), data, field);
}

function call(node: IntrinsicCall, data: PathData, field: string): Json {
  const fn = FUNCTIONS[node.name];
  if (!fn) {
    throw new StatesError(
      'States.IntrinsicFailure',
      `The field "${field}" calls an unknown intrinsic function ${node.name}. Known: ${INTRINSIC_NAMES.join(', ')}.`,
    );
  }
  return fn(
    node.args.map((arg) => argument(arg, data, field)),
    node.name,
  );
}

function argument(arg: IntrinsicArg, data: PathData, field: string): ArgValue {
  if (arg.kind === 'literal') return arg;
  if (arg.kind === 'path') return { value: requirePath(arg.text, data, field) };
  return { value: call(arg, data, field) };
}
