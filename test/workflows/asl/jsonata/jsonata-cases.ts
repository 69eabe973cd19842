import type { Json, JsonObject, State } from '../../../../src/workflows/asl/asl-types.js';

/**
 * JSONata data-flow cases: a state, its input and variables, and what Step Functions documents
 * the state leaves behind. Each case records the document its example and expected value come
 * from (REF = /work/coord/ref/sfn/jsonata/, AWS's Step Functions reference at
 * github.com/aws/agent-toolkit-for-aws d6ad2e4).
 */
export interface FlowCase {
  readonly name: string;
  readonly source: string;
  readonly state: State;
  readonly input: Json;
  readonly variables?: Record<string, Json>;
  /** A Task's, Parallel's or Map's result (the work is not run here). */
  readonly result?: Json;
  /** For a Catch case: the error output the engine hands the catcher. */
  readonly errorOutput?: JsonObject;
  readonly expected: {
    readonly arguments?: Json;
    readonly output?: Json;
    readonly assign?: Record<string, Json>;
    readonly next?: string;
    /** Error name and a pattern its cause must match. */
    readonly error?: readonly [string, RegExp];
  };
}

const task = (fields: object): State =>
  ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...fields }) as State;
const pass = (fields: object): State => ({ Type: 'Pass', End: true, ...fields }) as State;

export const PASS_AND_TASK_CASES: readonly FlowCase[] = [
  {
    name: 'Arguments: static values, expressions, and a "$name" string that is not an expression',
    source: 'docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (conversion sample)',
    state: task({
      Arguments: {
        static: 'Hello',
        title: '{% $states.input.title %}',
        name: '{% $customerName %}',
        'not-evaluated': '$customerName',
      },
    }),
    input: { title: 'Doctor' },
    variables: { customerName: 'John Doe' },
    result: { ok: true },
    expected: {
      arguments: { static: 'Hello', title: 'Doctor', name: 'John Doe', 'not-evaluated': '$customerName' },
      output: { ok: true },
    },
  },
  {
    name: 'Task without Output: the output is the result; Assign reads $states.result',
    source: 'REF processing-state-inputs-and-outputs.md "Assigning from Task Results" and "If Output is not provided"',
    state: task({
      Arguments: { FunctionName: 'GetPrice', Payload: { product: '{% $states.input.product %}' } },
      Assign: { currentPrice: '{% $states.result.Payload.price %}' },
    }),
    input: { product: 'product1' },
    result: { Payload: { price: 42 } },
    expected: {
      arguments: { FunctionName: 'GetPrice', Payload: { product: 'product1' } },
      output: { Payload: { price: 42 } },
      assign: { currentPrice: 42 },
    },
  },
  {
    name: 'Task Output replaces ResultSelector + ResultPath + OutputPath',
    source: 'REF migrating-from-jsonpath-to-jsonata.md "Task State" (After)',
    state: task({
      Arguments: {
        FunctionName: 'Process',
        Payload: { id: '{% $states.input.order.orderId %}', customer: '{% $states.input.order.customerName %}' },
      },
      Output: { processedId: '{% $states.result.Payload.id %}', status: '{% $states.result.Payload.status %}' },
    }),
    input: { order: { orderId: 'o-1', customerName: 'Ann' } },
    result: { Payload: { id: 'p-9', status: 'done' }, StatusCode: 200 },
    expected: {
      arguments: { FunctionName: 'Process', Payload: { id: 'o-1', customer: 'Ann' } },
      output: { processedId: 'p-9', status: 'done' },
    },
  },
  {
    name: 'Pass without Output copies its input; Assign stores literals and expressions',
    source: 'REF processing-state-inputs-and-outputs.md "Declaring Variables"; asl-state-types.md "Pass State"',
    state: pass({ Assign: { productName: 'product1', count: 42, available: true, config: '{% $states.input.configuration %}' } }),
    input: { configuration: { region: 'eu' } },
    expected: {
      output: { configuration: { region: 'eu' } },
      assign: { productName: 'product1', count: 42, available: true, config: { region: 'eu' } },
    },
  },
  {
    name: 'Assign values read the variables of state entry, so x and y swap',
    source: 'REF processing-state-inputs-and-outputs.md "Variable Evaluation Order" (SwapExample)',
    state: pass({ Assign: { x: '{% $y %}', y: '{% $x %}' } }),
    input: {},
    variables: { x: 3, y: 6 },
    expected: { output: {}, assign: { x: 6, y: 3 } },
  },
  {
    name: 'Output and Assign evaluate side by side: Output does not see the new value',
    source: 'REF migrating-from-jsonpath-to-jsonata.md pitfall 5',
    state: task({
      Assign: { total: '{% $states.result.Payload.total %}' },
      Output: { total: '{% $states.result.Payload.total %}', old: '{% $total %}' },
    }),
    input: {},
    variables: { total: 1 },
    result: { Payload: { total: 99 } },
    expected: { arguments: {}, output: { total: 99, old: 1 }, assign: { total: 99 } },
  },
  {
    name: '$reduce builds a lookup object',
    source: 'REF transforming-data.md "Building Lookup Maps with $reduce" (documented result {"A1": 10, "B2": 25})',
    state: pass({
      Assign: {
        priceByProduct:
          '{% $reduce($states.input.items, function($acc, $item) { $merge([$acc, {$item.productId: $item.price}]) }, {}) %}',
      },
    }),
    input: {
      items: [
        { productId: 'A1', price: 10 },
        { productId: 'B2', price: 25 },
      ],
    },
    expected: {
      output: {
        items: [
          { productId: 'A1', price: 10 },
          { productId: 'B2', price: 25 },
        ],
      },
      assign: { priceByProduct: { A1: 10, B2: 25 } },
    },
  },
  {
    name: '$lookup by a variable key, filtering, aggregation, strings, conditionals, mapping',
    source:
      'REF transforming-data.md (Dynamic Key Access, Filtering, Aggregation, String Operations, Conditional Values, Array Mapping)',
    state: pass({
      Output: {
        price: '{% $lookup($priceByProduct, $states.input.productId) %}',
        expensiveItems: '{% $states.input.items[price > 100] %}',
        total: '{% $sum($states.input.items.price) %}',
        average: '{% $average($states.input.items.price) %}',
        count: '{% $count($states.input.items) %}',
        fullName: "{% $states.input.firstName & ' ' & $states.input.lastName %}",
        upper: '{% $uppercase($states.input.firstName) %}',
        tier: "{% $states.input.total > 1000 ? 'gold' : 'standard' %}",
        names: "{% $states.input.users.(firstName & ' ' & lastName) %}",
      },
    }),
    input: {
      productId: 'B2',
      items: [{ price: 50 }, { price: 150 }, { price: 250 }],
      firstName: 'Ada',
      lastName: 'Lovelace',
      total: 1500,
      users: [
        { firstName: 'A', lastName: 'B' },
        { firstName: 'C', lastName: 'D' },
      ],
    },
    variables: { priceByProduct: { A1: 10, B2: 25 } },
    expected: {
      output: {
        price: 25,
        expensiveItems: [{ price: 150 }, { price: 250 }],
        total: 450,
        average: 150,
        count: 3,
        fullName: 'Ada Lovelace',
        upper: 'ADA',
        tier: 'gold',
        names: ['A B', 'C D'],
      },
    },
  },
  {
    name: 'local bindings with := inside ( … ) stay local',
    source: 'REF transforming-data.md "Local Variable Binding with :="',
    state: pass({
      Output:
        "{% ( $subtotal := $sum($states.input.items.price); $tax := $subtotal * 0.1; $discount := $exists($couponValue) ? $couponValue : 0; {'subtotal': $subtotal, 'tax': $tax, 'discount': $discount, 'total': $subtotal + $tax - $discount} ) %}",
    }),
    input: { items: [{ price: 60 }, { price: 40 }] },
    expected: { output: { subtotal: 100, tax: 10, discount: 0, total: 110 } },
  },
  {
    name: 'a filter that matches one item yields the object; the defensive form yields an array',
    source: 'REF migrating-from-jsonpath-to-jsonata.md pitfall 7',
    state: pass({
      Output: {
        raw: "{% $states.input.orders[status = 'pending'] %}",
        safe: "{% ( $f := $states.input.orders[status = 'pending']; $type($f) = 'array' ? $f : $exists($f) ? [$f] : [] ) %}",
      },
    }),
    input: {
      orders: [
        { id: 1, status: 'pending' },
        { id: 2, status: 'shipped' },
      ],
    },
    expected: { output: { raw: { id: 1, status: 'pending' }, safe: [{ id: 1, status: 'pending' }] } },
  },
  {
    name: 'a string with a space before {% is a literal',
    source: 'REF transforming-data.md "Rules" (no leading spaces; other strings are literals)',
    state: pass({ Output: { a: ' {% 1 + 1 %}', b: '{% 1 + 1 %}', c: '{%1+1%}' } }),
    input: {},
    expected: { output: { a: ' {% 1 + 1 %}', b: 2, c: 2 } },
  },
  {
    name: 'an expression that returns nothing fails with States.QueryEvaluationError naming the field',
    source: 'REF error-handling.md "Handling States.QueryEvaluationError" cause 4; migrating pitfall 6',
    state: pass({ Output: { customer: { middle: '{% $states.input.customer.middleName %}' } } }),
    input: { customer: { firstName: 'A' } },
    expected: {
      error: [
        'States.QueryEvaluationError',
        /'\$states\.input\.customer\.middleName' specified for the field 'Output\/customer\/middle' returned nothing \(undefined\)/,
      ],
    },
  },
  {
    name: 'a variable never assigned fails with States.QueryEvaluationError; $exists guards it',
    source: 'REF error-handling.md (guard variable references with $exists)',
    state: pass({ Output: { guarded: "{% $exists($orderId) ? $orderId : 'unknown' %}", bare: '{% $orderId %}' } }),
    input: {},
    expected: { error: ['States.QueryEvaluationError', /field 'Output\/bare' returned nothing/] },
  },
  {
    name: 'arithmetic on a string is a type error: States.QueryEvaluationError with the jsonata code',
    source: 'REF error-handling.md cause 1 ({% $x + $y %} where $x is not a number)',
    state: pass({ Output: '{% $x + $y %}' }),
    input: {},
    variables: { x: 'a', y: 2 },
    expected: { error: ['States.QueryEvaluationError', /field 'Output' threw an error during evaluation\. T2001/] },
  },
  {
    name: 'JSON null is a value: the key stays',
    source: 'REF transforming-data.md ("Expressions must produce a defined value") — null is defined',
    state: pass({ Output: { v: '{% $states.input.bar %}', t: '{% $type($states.input.bar) %}' } }),
    input: { bar: null },
    expected: { output: { v: null, t: 'null' } },
  },
  {
    name: 'Step Functions functions: $partition, $range, $hash, $parse',
    source:
      'REF transforming-data.md "Step Functions Built-in functions"; migrating table (States.ArrayPartition → $partition, …)',
    state: pass({
      Output: {
        batches: '{% $partition($states.input.items, 2) %}',
        range: '{% $range(0, 10, 2) %}',
        one: '{% $range(5, 5, 1) %}',
        hash: "{% $hash($states.input.content, 'SHA-256') %}",
        md5: "{% $hash('hello', 'MD5') %}",
        parsed: '{% $parse($states.input.jsonString) %}',
        merged: '{% $merge([$states.input.a, $states.input.b]) %}',
        contains: '{% 2 in $states.input.items %}',
      },
    }),
    input: { items: [1, 2, 3, 4, 5], content: 'abc', jsonString: '{"k":[1,"x"]}', a: { p: 1 }, b: { q: 2 } },
    expected: {
      output: {
        batches: [[1, 2], [3, 4], [5]],
        range: [0, 2, 4, 6, 8, 10],
        one: 5,
        hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        md5: '5d41402abc4b2a76b9719d911017c592',
        parsed: { k: [1, 'x'] },
        merged: { p: 1, q: 2 },
        contains: true,
      },
    },
  },
  {
    name: '$partition by 0 returns nothing, which fails the field',
    source: 'Step Functions behaviour recorded in docs/workflows-jsonata.md (a chunk size of zero is undefined)',
    state: pass({ Output: '{% $partition([1, 2], 0) %}' }),
    input: {},
    expected: { error: ['States.QueryEvaluationError', /returned nothing/] },
  },
  {
    name: '$eval is not available',
    source: 'REF transforming-data.md "Use $parse() instead $eval"',
    state: pass({ Output: "{% $eval('1 + 1') %}" }),
    input: {},
    expected: { error: ['States.QueryEvaluationError', /\$eval is not supported/] },
  },
  {
    name: 'an output over 256 KiB is States.DataLimitExceeded',
    source:
      'REF processing-state-inputs-and-outputs.md "Variable Limits"; asl-state-types.md ("exceeds 256 KiB … States.DataLimitExceeded")',
    state: pass({ Output: "{% $join($map([1..300], function($i) { $pad('', 1000, 'x') }), '') %}" }),
    input: {},
    expected: { error: ['States.DataLimitExceeded', /exceeds the maximum of 262144 bytes/] },
  },
  {
    name: 'an Assign over 256 KiB is States.DataLimitExceeded',
    source: 'REF processing-state-inputs-and-outputs.md "Variable Limits" (max combined size in a single Assign 256 KiB)',
    state: pass({ Assign: { big: "{% $pad('', 270000, 'y') %}" } }),
    input: {},
    expected: { error: ['States.DataLimitExceeded', /Assign/] },
  },
];
