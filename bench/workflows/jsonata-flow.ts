/**
 * The JSONata data flow of one 10,000-item Map, state by state as the engine calls it: the Map's
 * `ItemSelector` per item, then the item processor's Pass state with an `Output` and an `Assign`
 * (effective input, pass result, complete). Beside it, two baselines over the same expressions
 * and data: the `jsonata` library evaluating pre-compiled expressions directly (the floor: what
 * any JSONata interpreter pays), and compiling each expression on every use (what an interpreter
 * without a compile cache pays). Prints CPU time per item and the ratios.
 *
 *   node --conditions=godwit-source --import tsx bench/workflows/jsonata-flow.ts
 */
import { cpus } from 'node:os';
import jsonata from 'jsonata';
import type { Json, MapState, State } from '../../src/workflows/asl/asl-types.js';
import type { StateScope } from '../../src/workflows/asl/data-flow.js';
import { JsonataFlow } from '../../src/workflows/asl/jsonata/jsonata-flow.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

const map = {
  Type: 'Map',
  Items: '{% $states.input.orders %}',
  ItemSelector: {
    order: '{% $states.context.Map.Item.Value %}',
    index: '{% $states.context.Map.Item.Index %}',
    region: '{% $region %}',
  },
  ItemProcessor: { StartAt: 'Price', States: {} },
  End: true,
} as MapState;
const price = {
  Type: 'Pass',
  Output: {
    id: '{% $states.input.order.id %}',
    total: '{% $states.input.order.qty * $states.input.order.price %}',
    region: '{% $states.input.region %}',
  },
  Assign: { last: '{% $states.input.index %}' },
  End: true,
} as State;

const orders: Json[] = Array.from({ length: ITEMS }, (_, i) => ({ id: `o-${i}`, qty: (i % 7) + 1, price: 9.5 }));
const input: Json = { orders };
const context = { Execution: { Id: 'arn:aws:states:us-east-1:000000000000:execution:m:e' }, State: { Name: 'Price' } };
const variables = { region: 'eu-west-1' };

async function godwit(flow: JsonataFlow): Promise<number> {
  const scope: StateScope = { input, context, variables };
  const items = await flow.mapItems(map, scope);
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    const itemScope = { input, variables, context: { ...context, Map: { Item: { Index: i, Value: items[i] } } } };
    const itemInput = await flow.itemInput(map, itemScope);
    const passScope = { input: itemInput, context, variables };
    const done = await flow.complete(price, passScope, await flow.passResult(price, passScope));
    sum += (done.output as { total: number }).total;
  }
  return sum;
}

const TEXTS = {
  items: '$states.input.orders',
  order: '$states.context.Map.Item.Value',
  index: '$states.context.Map.Item.Index',
  region: '$region',
  id: '$states.input.order.id',
  total: '$states.input.order.qty * $states.input.order.price',
  itemRegion: '$states.input.region',
};
type Name = keyof typeof TEXTS;

async function library(compile: (name: Name) => jsonata.Expression): Promise<number> {
  const run = (name: Name, states: object) => compile(name).evaluate(undefined, { ...variables, states });
  const items = (await run('items', { input, context })) as Json[];
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    const states = { input, context: { ...context, Map: { Item: { Index: i, Value: items[i] } } } };
    const itemInput = {
      order: await run('order', states),
      index: await run('index', states),
      region: await run('region', states),
    };
    const s = { input: itemInput, context };
    const output = { id: await run('id', s), total: await run('total', s), region: await run('itemRegion', s) };
    await run('index', { input: itemInput, context });
    sum += output.total as number;
  }
  return sum;
}

async function cpuMs(fn: () => Promise<number>): Promise<{ ms: number; sum: number }> {
  let best = Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let r = 0; r < REPEAT; r++) {
    const start = process.cpuUsage();
    sum = await fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return { ms: best, sum };
}

const compiled = new Map<Name, jsonata.Expression>();
const precompiled = (name: Name) => {
  let e = compiled.get(name);
  if (!e) {
    e = jsonata(TEXTS[name]);
    compiled.set(name, e);
  }
  return e;
};
const flow = new JsonataFlow();
const ours = await cpuMs(() => godwit(flow));
const floor = await cpuMs(() => library(precompiled));
const naive = await cpuMs(() => library((name) => jsonata(TEXTS[name])));
if (ours.sum !== floor.sum || naive.sum !== floor.sum) throw new Error(`results differ: ${ours.sum} ${floor.sum} ${naive.sum}`);

const perItem = (ms: number) => `${((ms * 1000) / ITEMS).toFixed(1)} µs/item`;
console.log(
  `JSONata data flow, ${ITEMS}-item Map (ItemSelector + Pass Output/Assign), best CPU time of ${REPEAT}; ${cpus()[0]?.model}, Node ${process.version}`,
);
console.log(`  Godwit JsonataFlow                 ${ours.ms.toFixed(0).padStart(6)} ms  ${perItem(ours.ms)}`);
console.log(
  `  jsonata, pre-compiled (floor)      ${floor.ms.toFixed(0).padStart(6)} ms  ${perItem(floor.ms)}  Godwit / floor = ${(ours.ms / floor.ms).toFixed(2)}×`,
);
console.log(
  `  jsonata, compiled on every use     ${naive.ms.toFixed(0).padStart(6)} ms  ${perItem(naive.ms)}  naive / Godwit = ${(naive.ms / ours.ms).toFixed(2)}×`,
);
