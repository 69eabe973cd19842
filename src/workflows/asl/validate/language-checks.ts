import type { QueryLanguage } from '../asl-types.js';
import { isExpression } from '../jsonata/jsonata-expression.js';
import type { AslProblem } from './asl-problem.js';
import { isObj, type Obj, type StateEntry } from './asl-walk.js';
import { checkExpression, expressionsIn } from './jsonata-checks.js';

/**
 * Query-language checks of one state: fields of the other language (`Parameters` in a JSONata
 * state, `Output` in a JSONPath one, a rule's `Condition` beside `Variable`), a JSONPath state
 * inside a JSONata machine, and every `{% %}` expression of a JSONata state compiled and checked.
 * Messages are Step Functions' own wording.
 */

const JSONPATH_ONLY = [
  'InputPath',
  'OutputPath',
  'ResultPath',
  'ResultSelector',
  'Parameters',
  'Result',
  'ItemsPath',
  'MaxConcurrencyPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'SecondsPath',
  'TimestampPath',
  'ErrorPath',
  'CausePath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
];
const JSONATA_ONLY = ['Arguments', 'Output', 'Items'];
/** A JSONPath choice rule's fields: `Variable`, the combinators, every comparison operator. */
const JSONPATH_RULE = /^(Variable|And|Or|Not|String\w+|Numeric\w+|Boolean\w+|Timestamp\w+|Is\w+)$/;

/** Fields of a JSONata state whose strings may be expressions (Choices and Catch are walked per rule). */
const EXPRESSION_FIELDS = [
  'Arguments',
  'Output',
  'Assign',
  'Items',
  'ItemSelector',
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Seconds',
  'Timestamp',
  'MaxConcurrency',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
  'Error',
  'Cause',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'Credentials',
];

function wrongLanguage(entry: StateEntry, field: string, where = entry.location): AslProblem {
  const other = entry.language === 'JSONata' ? 'JSONPath' : 'JSONata';
  return {
    code: 'SCHEMA_VALIDATION_FAILED',
    message: `The QueryLanguage is set to '${entry.language}', but field '${field}' of state "${entry.name}" is only supported for the '${other}' QueryLanguage`,
    location: where,
  };
}

export function languageProblems(entry: StateEntry, machineLanguage: QueryLanguage): AslProblem[] {
  const { state, name, location } = entry;
  if (machineLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
    // Step Functions answers this alone for the state: its fields are not judged on top of it.
    return [
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `'QueryLanguage' of state "${name}" can not be 'JSONPath' if set to 'JSONata' for whole state machine`,
        location,
      },
    ];
  }
  const forbidden = entry.language === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY;
  const problems = forbidden.filter((f) => f in state).map((f) => wrongLanguage(entry, f));
  problems.push(...ruleProblems(entry), ...catcherProblems(entry), ...assignNameProblems(entry));
  if (entry.language === 'JSONata') {
    for (const field of EXPRESSION_FIELDS) problems.push(...expressionProblems(state[field], `${location}/${field}`, name));
  }
  return problems;
}

function expressionProblems(value: unknown, location: string, state: string): AslProblem[] {
  return expressionsIn(value, location).flatMap((e) => checkExpression(e.value, e.location, state));
}

function ruleProblems(entry: StateEntry): AslProblem[] {
  if (entry.state.Type !== 'Choice' || !Array.isArray(entry.state.Choices)) return [];
  return entry.state.Choices.flatMap((rule, i) => {
    if (!isObj(rule)) return [];
    const at = `${entry.location}/Choices/${i}`;
    if (entry.language === 'JSONPath') return 'Condition' in rule ? [wrongLanguage(entry, 'Condition', at)] : [];
    const problems = Object.keys(rule)
      .filter((k) => JSONPATH_RULE.test(k))
      .map((k) => wrongLanguage(entry, k, at));
    problems.push(...conditionProblems(rule, at, entry.name));
    for (const field of ['Output', 'Assign']) problems.push(...expressionProblems(rule[field], `${at}/${field}`, entry.name));
    return problems;
  });
}

function conditionProblems(rule: Obj, at: string, state: string): AslProblem[] {
  const condition = rule.Condition;
  if (typeof condition === 'boolean') return [];
  if (isExpression(condition)) return checkExpression(condition, `${at}/Condition`, state);
  return [
    {
      code: 'SCHEMA_VALIDATION_FAILED',
      message: `A JSONata choice rule of state "${state}" needs a 'Condition' that is a {% %} expression or a boolean`,
      location: at,
    },
  ];
}

function catcherProblems(entry: StateEntry): AslProblem[] {
  if (!Array.isArray(entry.state.Catch)) return [];
  return entry.state.Catch.flatMap((catcher, i) => {
    if (!isObj(catcher)) return [];
    const at = `${entry.location}/Catch/${i}`;
    if (entry.language === 'JSONPath') return 'Output' in catcher ? [wrongLanguage(entry, 'Output', at)] : [];
    const problems = 'ResultPath' in catcher ? [wrongLanguage(entry, 'ResultPath', at)] : [];
    for (const field of ['Output', 'Assign']) problems.push(...expressionProblems(catcher[field], `${at}/${field}`, entry.name));
    return problems;
  });
}

/** A variable name: a JSONata identifier (no `.` or `[`: a sub-path cannot be assigned), at most 80 characters, not `states`. */
const VARIABLE = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function assignNameProblems(entry: StateEntry): AslProblem[] {
  const blocks: [unknown, string][] = [[entry.state.Assign, `${entry.location}/Assign`]];
  for (const field of ['Choices', 'Catch']) {
    const list = entry.state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (isObj(item)) blocks.push([item.Assign, `${entry.location}/${field}/${i}/Assign`]);
    });
  }
  const problems: AslProblem[] = [];
  for (const [block, at] of blocks) {
    if (!isObj(block)) continue;
    for (const key of Object.keys(block)) {
      const name = entry.language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
      if (VARIABLE.test(name) && name.length <= 80 && name !== 'states') continue;
      problems.push({
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `State "${entry.name}" assigns ${JSON.stringify(name)}, which is not a variable name (letters, digits and _, at most 80 characters, not "states"; a sub-path such as "x.y" cannot be assigned)`,
        location: at,
      });
    }
  }
  return problems;
}
