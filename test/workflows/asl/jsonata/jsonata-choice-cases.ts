import type { State } from '../../../../src/workflows/asl/asl-types.js';
import type { FlowCase } from './jsonata-cases.js';

/** Choice and Catch cases (REF = /work/coord/ref/sfn/jsonata/). */

const checkValue = {
  Type: 'Choice',
  Choices: [{ Condition: '{% $states.input.value > 100 %}', Assign: { tier: 'premium' }, Next: 'PremiumPath' }],
  Default: 'StandardPath',
  Assign: { tier: 'standard' },
} as State;

const routeOrder = {
  Type: 'Choice',
  Choices: [
    { Condition: "{% $states.input.orderType = 'express' %}", Next: 'ExpressShipping' },
    {
      Condition: '{% $states.input.total > 100 %}',
      Assign: { discount: '{% $states.input.total * 0.1 %}' },
      Output: { total: '{% $states.input.total * 0.9 %}' },
      Next: 'ApplyDiscount',
    },
    { Condition: "{% $states.input.priority >= 5 and $states.input.category = 'urgent' %}", Next: 'PriorityQueue' },
  ],
  Default: 'StandardProcessing',
  Assign: { routedDefault: true },
} as State;

const REF_VARS = 'REF processing-state-inputs-and-outputs.md "Assign in Choice Rules and Catch" (CheckValue)';
const REF_ROUTE = 'REF asl-state-types.md "Choice State" (RouteOrder)';

export const CHOICE_CASES: readonly FlowCase[] = [
  {
    name: 'a matching rule uses its own Assign, not the state-level one',
    source: REF_VARS,
    state: checkValue,
    input: { value: 150 },
    expected: { next: 'PremiumPath', output: { value: 150 }, assign: { tier: 'premium' } },
  },
  {
    name: 'no rule matches: the state-level Assign and the Default',
    source: REF_VARS,
    state: checkValue,
    input: { value: 50 },
    expected: { next: 'StandardPath', output: { value: 50 }, assign: { tier: 'standard' } },
  },
  {
    name: 'the first matching rule wins; a rule without Output passes the input on',
    source: REF_ROUTE,
    state: routeOrder,
    input: { orderType: 'express', total: 500 },
    expected: { next: 'ExpressShipping', output: { orderType: 'express', total: 500 } },
  },
  {
    name: "a matched rule's Output and Assign",
    source: REF_ROUTE,
    state: routeOrder,
    input: { orderType: 'standard', total: 200 },
    expected: { next: 'ApplyDiscount', output: { total: 180 }, assign: { discount: 20 } },
  },
  {
    name: 'and/or conditions over several fields',
    source: REF_ROUTE,
    state: routeOrder,
    input: { orderType: 'standard', total: 50, priority: 7, category: 'urgent' },
    expected: { next: 'PriorityQueue', output: { orderType: 'standard', total: 50, priority: 7, category: 'urgent' } },
  },
  {
    name: 'Default path with routedDefault assigned',
    source: REF_ROUTE,
    state: routeOrder,
    input: { orderType: 'standard', total: 50, priority: 1 },
    expected: {
      next: 'StandardProcessing',
      output: { orderType: 'standard', total: 50, priority: 1 },
      assign: { routedDefault: true },
    },
  },
  {
    name: 'condition functions: $not($exists), $contains, $count, `in`, a variable threshold',
    source: 'REF asl-state-types.md "JSONata supports rich boolean logic"; transforming-data.md "Array Membership with in"',
    state: {
      Type: 'Choice',
      Choices: [
        { Condition: "{% $not($exists($states.input.error)) and $contains($states.input.email, '@') %}", Next: 'A' },
        { Condition: '{% $count($states.input.items) > 0 %}', Next: 'B' },
      ],
      Default: 'C',
    } as State,
    input: { error: 'x', email: 'a@b', items: [1] },
    expected: { next: 'B' },
  },
  {
    name: 'timestamps compare through $toMillis',
    source: 'REF transforming-data.md "Timestamp Comparison with $toMillis"',
    state: {
      Type: 'Choice',
      Choices: [{ Condition: '{% $toMillis($states.input.orderDate) > $toMillis($states.input.cutoffDate) %}', Next: 'Late' }],
      Default: 'OnTime',
    } as State,
    input: { orderDate: '2026-03-14T01:59:00Z', cutoffDate: '2026-03-01T00:00:00Z' },
    expected: { next: 'Late' },
  },
  {
    name: 'no match and no Default is States.NoChoiceMatched',
    source: 'REF asl-state-types.md ("without it, States.NoChoiceMatched is thrown")',
    state: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.x = 1 %}', Next: 'A' }] } as State,
    input: { x: 2 },
    expected: { error: ['States.NoChoiceMatched', /No Choice rule matched the input of state "S"/] },
  },
  {
    name: 'a Condition that is not a boolean is States.QueryEvaluationError',
    source: 'REF asl-state-types.md ("Condition must evaluate to a boolean")',
    state: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.x %}', Next: 'A' }], Default: 'B' } as State,
    input: { x: 'yes' },
    expected: {
      error: ['States.QueryEvaluationError', /field 'Choices\[0\]\/Condition' returned "yes", but a boolean is required/],
    },
  },
];

const chargePayment = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Catch: [{ ErrorEquals: ['States.ALL'], Assign: { error: '{% $states.errorOutput %}' }, Next: 'PaymentFailed' }],
  Output: '{% $states.result.Payload %}',
  Next: 'ConfirmOrder',
} as State;

export const OTHER_CASES: readonly FlowCase[] = [
  {
    name: 'a catcher without Output hands on the error output; its Assign reads $states.errorOutput',
    source: 'REF error-handling.md "Retry and Catch with User-Friendly Error" (ChargePayment) and "Catcher Fields"',
    state: chargePayment,
    input: { orderId: 'o-1' },
    errorOutput: { Error: 'Lambda.ServiceException', Cause: 'boom' },
    expected: {
      next: 'PaymentFailed',
      output: { Error: 'Lambda.ServiceException', Cause: 'boom' },
      assign: { error: { Error: 'Lambda.ServiceException', Cause: 'boom' } },
    },
  },
  {
    name: "a catcher's Output can keep the state input (ResultPath's replacement)",
    source: 'REF migrating-from-jsonpath-to-jsonata.md "Converting Catch Blocks" (After)',
    state: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          Assign: { errorInfo: '{% $states.errorOutput %}' },
          Output: '{% $states.input %}',
          Next: 'HandleError',
        },
      ],
      End: true,
    } as State,
    input: { order: 1 },
    errorOutput: { Error: 'E', Cause: 'c' },
    expected: { next: 'HandleError', output: { order: 1 }, assign: { errorInfo: { Error: 'E', Cause: 'c' } } },
  },
  {
    name: "an undefined expression in a catcher's Output names the catcher",
    source: 'REF error-handling.md "Handling States.QueryEvaluationError"',
    state: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Catch: [{ ErrorEquals: ['States.ALL'], Output: { v: '{% $states.errorOutput.Missing %}' }, Next: 'H' }],
      End: true,
    } as State,
    input: {},
    errorOutput: { Error: 'E', Cause: 'c' },
    expected: { error: ['States.QueryEvaluationError', /field 'Catch\[0\]\/Output\/v' returned nothing/] },
  },
  {
    name: 'Succeed Output shapes the final output (REF asl-state-types.md "Succeed State")',
    source: 'REF asl-state-types.md "Succeed State"',
    state: { Type: 'Succeed', Output: { status: 'completed', id: '{% $states.input.id %}' } } as State,
    input: { id: 9 },
    expected: { output: { status: 'completed', id: 9 } },
  },
];
