import { INTRINSIC_NAMES } from '../jsonpath/intrinsics/intrinsic-eval.js';
import { type IntrinsicCall, intrinsicProblem, parseIntrinsic } from '../jsonpath/intrinsics/intrinsic-syntax.js';
import { pathProblem } from '../jsonpath/path-syntax.js';
import type { AslProblem } from './asl-problem.js';
import { isObj, type Obj, type StateEntry } from './asl-walk.js';

/**
 * JSONPath states' paths and payload templates, parsed with the JSONPath flow's own parsers (so
 * what passes here is what runs): `InputPath` / `OutputPath`, reference paths (`ResultPath`,
 * `ItemsPath`, the `…Path` settings, a rule's `Variable` and `…Path` operands), and every
 * `"key.$"` value of a payload template, a path or an intrinsic function call.
 */

const PATHS = ['InputPath', 'OutputPath'];
const REFERENCE_PATHS = [
  'ResultPath',
  'ItemsPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'SecondsPath',
  'TimestampPath',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
];
/** `ErrorPath` / `CausePath` also take an intrinsic call, as a template value does. */
const PATH_OR_CALL = ['ErrorPath', 'CausePath'];
const TEMPLATES = ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign', 'Credentials'];

function problem(entry: StateEntry, field: string, location: string, why: string): AslProblem {
  return { code: 'SCHEMA_VALIDATION_FAILED', message: `State "${entry.name}": field '${field}' ${why}`, location };
}

function valueProblem(value: unknown, reference: boolean, callable: boolean): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'string') return 'must be a string';
  if (callable && value.startsWith('States.')) {
    const why = intrinsicProblem(value);
    if (why) return invalid('intrinsic function call', why);
    const unknown = unknownFunction(parseIntrinsic(value));
    return unknown ? `calls ${unknown}, which is no intrinsic function (known: ${INTRINSIC_NAMES.join(', ')})` : undefined;
  }
  return invalid(reference ? 'reference path' : 'JSONPath', pathProblem(value, { reference }));
}

function unknownFunction(call: IntrinsicCall): string | undefined {
  if (!INTRINSIC_NAMES.includes(call.name)) return call.name;
  for (const arg of call.args) {
    const inner = arg.kind === 'call' ? unknownFunction(arg) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** The parsers throw `StatesError`s ("States.Runtime: …"); a definition problem quotes only the reason. */
function invalid(kind: string, why: string | undefined): string | undefined {
  return why === undefined ? undefined : `is not a valid ${kind}: ${why.replace(/^States\.\w+: /, '')}`;
}

export function jsonPathProblems(entry: StateEntry): AslProblem[] {
  if (entry.language !== 'JSONPath') return [];
  const { state, location } = entry;
  const problems: AslProblem[] = [];
  const check = (field: string, at: string, value: unknown, reference: boolean, callable = false) => {
    const why = valueProblem(value, reference, callable);
    if (why) problems.push(problem(entry, field, at, why));
  };
  for (const f of PATHS) if (f in state) check(f, `${location}/${f}`, state[f], false);
  for (const f of REFERENCE_PATHS) if (f in state) check(f, `${location}/${f}`, state[f], true);
  for (const f of PATH_OR_CALL) if (f in state) check(f, `${location}/${f}`, state[f], true, true);
  for (const f of TEMPLATES) templateProblems(state[f], f, `${location}/${f}`, check);
  for (const f of ['ItemReader', 'ResultWriter']) {
    const part = state[f];
    if (isObj(part)) templateProblems(part.Parameters, `${f}/Parameters`, `${location}/${f}/Parameters`, check);
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((c, i) => {
      if (isObj(c) && 'ResultPath' in c) check(`Catch[${i}].ResultPath`, `${location}/Catch/${i}/ResultPath`, c.ResultPath, true);
    });
  }
  if (Array.isArray(state.Choices))
    state.Choices.forEach((r, i) => {
      ruleProblems(r, `Choices[${i}]`, `${location}/Choices/${i}`, check);
    });
  return problems;
}

type Check = (field: string, at: string, value: unknown, reference: boolean, callable?: boolean) => void;

function templateProblems(value: unknown, field: string, at: string, check: Check): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      templateProblems(v, `${field}[${i}]`, `${at}/${i}`, check);
    });
  }
  if (!isObj(value)) return;
  for (const [key, member] of Object.entries(value)) {
    const here = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key.endsWith('.$')) check(`${field}/${key}`, here, member, false, true);
    else templateProblems(member, `${field}/${key}`, here, check);
  }
}

function ruleProblems(rule: unknown, field: string, at: string, check: Check): void {
  if (!isObj(rule)) return;
  const r = rule as Obj;
  if ('Variable' in r) check(`${field}.Variable`, `${at}/Variable`, r.Variable, false);
  for (const [key, value] of Object.entries(r)) {
    if (key.endsWith('Path') && key !== 'Variable') check(`${field}.${key}`, `${at}/${key}`, value, false);
  }
  for (const combinator of ['And', 'Or']) {
    const list = r[combinator];
    if (Array.isArray(list))
      list.forEach((sub, i) => {
        ruleProblems(sub, `${field}.${combinator}[${i}]`, `${at}/${combinator}/${i}`, check);
      });
  }
  if (isObj(r.Not)) ruleProblems(r.Not, `${field}.Not`, `${at}/Not`, check);
}
