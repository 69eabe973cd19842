import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GodwitError } from '../../../../src/core/errors.js';
import { AslDefinitionError } from '../../../../src/workflows/asl/validate/asl-problem.js';
import { validateDefinition } from '../../../../src/workflows/asl/validate-definition.js';

const root = new URL('../../../../', import.meta.url).pathname;

function aslFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return aslFiles(path);
    return e.name.endsWith('.asl.json') ? [path] : [];
  });
}

const machine = (states: object, extra: object = {}) =>
  JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra });
const lambda = 'arn:aws:states:::lambda:invoke';
const JSONATA = { QueryLanguage: 'JSONata' };

/** [what, definition, code, pattern naming the state and field, location] — the "Bad input" list and the brief's checks. */
const BAD: readonly (readonly [string, string, string, RegExp, string])[] = [
  [
    'an unreachable state',
    machine({ A: { Type: 'Succeed' }, Orphan: { Type: 'Pass', End: true } }),
    'MISSING_TRANSITION_TARGET',
    /State "Orphan" is not reachable/,
    '/States/Orphan',
  ],
  [
    'a cycle nothing enters',
    machine({ A: { Type: 'Succeed' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Pass', Next: 'B' } }),
    'MISSING_TRANSITION_TARGET',
    /State "B" is not reachable/,
    '/States/B',
  ],
  [
    'a missing Next',
    machine({ A: { Type: 'Pass' }, B: { Type: 'Succeed' } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A" has neither 'Next' nor 'End: true'/,
    '/States/A',
  ],
  [
    'Next and End together',
    machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Succeed' } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A" has both/,
    '/States/A',
  ],
  [
    'a Next naming no state',
    machine({ A: { Type: 'Pass', Next: 'Nowhere' }, B: { Type: 'Succeed' } }),
    'MISSING_TRANSITION_TARGET',
    /'Next' target of state "A": "Nowhere"/,
    '/States/A/Next',
  ],
  [
    'a Default naming no state',
    machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'D' }], Default: 'Gone' },
      D: { Type: 'Succeed' },
    }),
    'MISSING_TRANSITION_TARGET',
    /'Default' target of state "C": "Gone"/,
    '/States/C/Default',
  ],
  [
    'a Catch Next naming no state',
    machine({ A: { Type: 'Task', Resource: lambda, End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler' }] } }),
    'MISSING_TRANSITION_TARGET',
    /'Catch\[0\]\.Next' target of state "A": "Handler"/,
    '/States/A/Catch/0/Next',
  ],
  [
    'a StartAt naming no state',
    JSON.stringify({ StartAt: 'Begin', States: { A: { Type: 'Succeed' } } }),
    'MISSING_TRANSITION_TARGET',
    /'StartAt' target: "Begin"/,
    '/StartAt',
  ],
  [
    'a branch state naming a state outside its branch',
    machine({
      P: { Type: 'Parallel', Next: 'Done', Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Done' } } }] },
      Done: { Type: 'Succeed' },
    }),
    'MISSING_TRANSITION_TARGET',
    /state "X": "Done" names no state here/,
    '/States/P/Branches/0/States/X/Next',
  ],
  [
    'a Map processor without a terminal state',
    machine({
      M: {
        Type: 'Map',
        End: true,
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Next: 'J' }, J: { Type: 'Pass', Next: 'I' } } },
      },
    }),
    'MISSING_END_STATE',
    /No state ends this state machine/,
    '/States/M/ItemProcessor',
  ],
  [
    'a malformed JSONPath',
    machine({ A: { Type: 'Pass', InputPath: '$.items[', End: true } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A": field 'InputPath' is not a valid JSONPath/,
    '/States/A/InputPath',
  ],
  [
    'a ResultPath that may select several nodes',
    machine({ A: { Type: 'Pass', ResultPath: '$.a[*]', End: true } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A": field 'ResultPath' is not a valid reference path/,
    '/States/A/ResultPath',
  ],
  [
    'a malformed path in a choice rule',
    machine({ C: { Type: 'Choice', Choices: [{ Variable: 'x', IsPresent: true, Next: 'D' }] }, D: { Type: 'Succeed' } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "C": field 'Choices\[0\]\.Variable' is not a valid JSONPath/,
    '/States/C/Choices/0/Variable',
  ],
  [
    'an intrinsic call that does not parse',
    machine({ A: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hi {}', $.name" }, End: true } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A": field 'Parameters\/greeting\.\$' is not a valid intrinsic function call/,
    '/States/A/Parameters/greeting.$',
  ],
  [
    'an unknown intrinsic function',
    machine({ A: { Type: 'Pass', Parameters: { 'n.$': 'States.Nope($.a)' }, End: true } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A": field 'Parameters\/n\.\$' calls States\.Nope, which is no intrinsic function/,
    '/States/A/Parameters/n.$',
  ],
  [
    'a malformed JSONata expression',
    machine({ A: { Type: 'Pass', Output: { total: '{% $sum($states.input.items.price %}' }, End: true } }, JSONATA),
    'INVALID_JSONATA_EXPRESSION',
    /'\$sum\(\$states\.input\.items\.price' of state "A" does not parse/,
    '/States/A/Output/total',
  ],
  [
    'a JSONata field reference at the top level',
    machine({ E: { Type: 'Pass', Output: { v: '{% phone %}' }, End: true } }, JSONATA),
    'UNSUPPORTED_JSONATA_EXPRESSION',
    /Reference to 'phone' at the top level in state "E"/,
    '/States/E/Output/v',
  ],
  [
    '$$ in a JSONata expression',
    machine({ E: { Type: 'Pass', Output: '{% $$.Execution.Id %}', End: true } }, JSONATA),
    'UNSUPPORTED_JSONATA_EXPRESSION',
    /Reference to '\$\$' in state "E"/,
    '/States/E/Output',
  ],
  [
    '$eval in a JSONata expression',
    machine({ E: { Type: 'Pass', Assign: { x: "{% $eval('1') %}" }, End: true } }, JSONATA),
    'UNSUPPORTED_JSONATA_EXPRESSION',
    /The function \$eval in state "E"/,
    '/States/E/Assign/x',
  ],
  [
    'a bad Condition',
    machine(
      {
        C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.x = %}', Next: 'D' }], Default: 'D' },
        D: { Type: 'Succeed' },
      },
      JSONATA,
    ),
    'INVALID_JSONATA_EXPRESSION',
    /of state "C" does not parse/,
    '/States/C/Choices/0/Condition',
  ],
  [
    'a bad expression inside a Map processor',
    machine(
      {
        M: {
          Type: 'Map',
          End: true,
          Items: '{% $states.input.xs %}',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Output: '{% ] %}', End: true } } },
        },
      },
      JSONATA,
    ),
    'INVALID_JSONATA_EXPRESSION',
    /state "I" does not parse/,
    '/States/M/ItemProcessor/States/I/Output',
  ],
  [
    'States.ALL beside another error',
    machine({ A: { Type: 'Task', Resource: lambda, End: true, Retry: [{ ErrorEquals: ['States.ALL', 'Oops'] }] } }),
    'SCHEMA_VALIDATION_FAILED',
    /Retry\[0\] of state "A": 'States\.ALL' must appear alone/,
    '/States/A/Retry/0/ErrorEquals',
  ],
  [
    'States.ALL before the last catcher',
    machine({
      A: {
        Type: 'Task',
        Resource: lambda,
        End: true,
        Catch: [
          { ErrorEquals: ['States.ALL'], Next: 'A' },
          { ErrorEquals: ['X'], Next: 'A' },
        ],
      },
    }),
    'SCHEMA_VALIDATION_FAILED',
    /Catch\[0\] of state "A": 'States\.ALL' must be in the last catcher/,
    '/States/A/Catch/0/ErrorEquals',
  ],
  [
    'Parameters in a JSONata state',
    machine({ A: { Type: 'Task', Resource: lambda, Parameters: { a: 1 }, End: true } }, JSONATA),
    'SCHEMA_VALIDATION_FAILED',
    /QueryLanguage is set to 'JSONata', but field 'Parameters' of state "A" is only supported for the 'JSONPath'/,
    '/States/A',
  ],
  [
    'Output in a JSONPath state',
    machine({ A: { Type: 'Pass', Output: { a: 1 }, End: true } }),
    'SCHEMA_VALIDATION_FAILED',
    /QueryLanguage is set to 'JSONPath', but field 'Output' of state "A"/,
    '/States/A',
  ],
  [
    'a Condition in a JSONPath choice',
    machine({ C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'D' }] }, D: { Type: 'Succeed' } }),
    'SCHEMA_VALIDATION_FAILED',
    /field 'Condition' of state "C" is only supported for the 'JSONata'/,
    '/States/C/Choices/0',
  ],
  [
    'a Variable in a JSONata choice',
    machine(
      { C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'D' }] }, D: { Type: 'Succeed' } },
      JSONATA,
    ),
    'SCHEMA_VALIDATION_FAILED',
    /field 'Variable' of state "C" is only supported for the 'JSONPath'/,
    '/States/C/Choices/0',
  ],
  [
    'a JSONPath state in a JSONata machine',
    machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }, JSONATA),
    'SCHEMA_VALIDATION_FAILED',
    /'QueryLanguage' of state "A" can not be 'JSONPath' if set to 'JSONata' for whole state machine/,
    '/States/A',
  ],
  [
    'a Task without Resource',
    machine({ A: { Type: 'Task', End: true } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A" is a Task without a 'Resource'/,
    '/States/A',
  ],
  [
    'an unknown state Type',
    machine({ A: { Type: 'Sleep', End: true } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A" has Type "Sleep"/,
    '/States/A',
  ],
  [
    'a field no state type takes (asl-validator schema)',
    machine({ A: { Type: 'Pass', End: true, Colour: 'red' } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A" has a field 'Colour' that its type does not take/,
    '/States/A',
  ],
  [
    'an Assign to a sub-path',
    machine({ A: { Type: 'Pass', Assign: { 'x.y': 42 }, End: true } }, JSONATA),
    'SCHEMA_VALIDATION_FAILED',
    /State "A" assigns "x\.y", which is not a variable name/,
    '/States/A/Assign',
  ],
  [
    'an Assign to the reserved name states',
    machine({ A: { Type: 'Pass', Assign: { 'states.$': '$.a' }, End: true } }),
    'SCHEMA_VALIDATION_FAILED',
    /State "A" assigns "states"/,
    '/States/A/Assign',
  ],
  ['text that is not JSON', '{"StartAt": "A", ', 'INVALID_JSON_DESCRIPTION', /JSON/, '/'],
];

describe('validateDefinition refuses bad definitions, naming the state and field', () => {
  for (const [what, definition, code, pattern, location] of BAD) {
    test(what, () => {
      assert.throws(
        () => validateDefinition(definition),
        (err: unknown) => {
          assert.ok(err instanceof AslDefinitionError && err instanceof GodwitError);
          assert.equal(err.code, 'E_ASL_INVALID');
          assert.match(err.message, /^Invalid State Machine Definition: '/);
          const hit = err.problems.find((p) => p.code === code && pattern.test(p.message));
          assert.ok(hit, `no ${code} problem matching ${pattern} among:\n${err.message}`);
          assert.equal(hit.location, location);
          assert.ok(err.message.includes(`${code}: ${hit.message} at ${hit.location}`));
          return true;
        },
      );
    });
  }

  test('every problem of a definition is listed in one error', () => {
    const definition = machine({
      A: { Type: 'Pass', Next: 'Missing' },
      B: { Type: 'Pass', InputPath: '$.[', End: true },
      C: { Type: 'Task', Resource: lambda, Arguments: {}, End: true },
    });
    const err = (() => {
      try {
        validateDefinition(definition);
      } catch (e) {
        return e as AslDefinitionError;
      }
      assert.fail('accepted');
    })();
    const where = err.problems.map((p) => p.location).sort();
    assert.deepEqual(where, ['/States/A/Next', '/States/B', '/States/B/InputPath', '/States/C', '/States/C'].sort());
  });
});

describe('validateDefinition accepts valid definitions', () => {
  // The repository's own machines: the example and every compiler golden (the JSONata reference
  // machines are checked case by case in test/workflows/asl/jsonata).
  const files = [join(root, 'examples/abalone/abalone.asl.json'), ...aslFiles(join(root, 'test/golden'))];
  test('there are example and golden machines to check', () => assert.ok(files.length >= 10, String(files.length)));
  for (const file of files) {
    test(file.replace(root, ''), () => {
      const text = readFileSync(file, 'utf8');
      const definition = validateDefinition(text);
      assert.deepEqual(definition, JSON.parse(text));
    });
  }
});
