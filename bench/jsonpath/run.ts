/**
 * JSONPath data flow per Map item, beside its baseline in the same run:
 *
 *   node --conditions=godwit-source --import tsx bench/jsonpath/run.ts
 *
 * Each of N items (default 10,000, the engine benchmark's Map) goes through what a Map iteration
 * asks of the data flow: `itemInput` (an ItemSelector with a `$$.Map.Item` path, an input path and
 * an intrinsic) and `complete` of a Task (ResultSelector, ResultPath, OutputPath). Godwit's
 * `JsonPathFlow` (paths parsed once, templates compiled once) beside the same steps done with
 * jsonpath-plus, the evaluator aws-local-stepfunctions uses, called as it calls it
 * (`JSONPath({ path, json, wrap: false })` per `.$` field). Medians of BENCH_REPEAT rounds
 * (default 9), the two interleaved; CPU time is printed too, since the machine is shared.
 */
import { JSONPath } from 'jsonpath-plus';
import type { Json, JsonObject, MapState, State } from '../../src/workflows/asl/asl-types.js';
import { JsonPathFlow } from '../../src/workflows/asl/jsonpath/jsonpath-flow.js';

const N = Number(process.env.BENCH_ITEMS ?? 10_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const map = {
  Type: 'Map',
  ItemSelector: { 'id.$': '$$.Map.Item.Value.id', 'mode.$': '$.config.mode', 'index.$': '$$.Map.Item.Index', fixed: 'x' },
} as unknown as MapState;
const task = {
  Type: 'Task',
  Resource: 'r',
  ResultSelector: { 'score.$': '$.Payload.score', 'tags.$': '$.Payload.tags' },
  ResultPath: '$.result',
  OutputPath: '$.result',
} as unknown as State;
const input = { config: { mode: 'fast' }, items: Array.from({ length: N }, (_, i) => ({ id: `item-${i}`, weight: i })) };
const flow = new JsonPathFlow();

async function godwit(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const context = { Map: { Item: { Index: i, Value: input.items[i]! } } };
    const itemInput = await flow.itemInput(map, { input, context, variables: {} });
    const done = await flow.complete(task, { input: itemInput, context, variables: {} }, { Payload: { score: i, tags: ['a'] } });
    sum += ((done.output as JsonObject).score as number) ?? 0;
  }
  return sum;
}

/** The same steps as aws-local-stepfunctions takes them: a fresh jsonpath-plus query per `.$` field. */
function template(payload: JsonObject, json: Json, context: JsonObject): Json {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (!key.endsWith('.$')) out[key] = value;
    else if ((value as string).startsWith('$$'))
      out[key.slice(0, -2)] = JSONPath({ path: (value as string).slice(1), json: context, wrap: false });
    else out[key.slice(0, -2)] = JSONPath({ path: value as string, json: json as object, wrap: false });
  }
  return out;
}

async function baseline(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const context = { Map: { Item: { Index: i, Value: input.items[i]! } } };
    const itemInput = template(map.ItemSelector as JsonObject, input, context) as JsonObject;
    const selected = template(
      { 'score.$': '$.Payload.score', 'tags.$': '$.Payload.tags' },
      { Payload: { score: i, tags: ['a'] } },
      context,
    );
    const combined = { ...itemInput, result: selected };
    const output = JSONPath({ path: '$.result', json: combined, wrap: false }) as JsonObject;
    sum += (output.score as number) ?? 0;
  }
  return sum;
}

async function time(run: () => Promise<number>): Promise<{ wall: number; cpu: number; sum: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const sum = await run();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, sum };
}

const results = { godwit: [] as { wall: number; cpu: number }[], baseline: [] as { wall: number; cpu: number }[] };
await time(godwit);
await time(baseline);
for (let r = 0; r < REPEAT; r++) {
  const g = await time(godwit);
  const b = await time(baseline);
  if (g.sum !== b.sum) throw new Error(`the two disagree: ${g.sum} vs ${b.sum}`);
  results.godwit.push(g);
  results.baseline.push(b);
}
const wall = (k: keyof typeof results) => median(results[k].map((x) => x.wall));
const cpu = (k: keyof typeof results) => median(results[k].map((x) => x.cpu));
console.log(`Map items: ${N}, rounds: ${REPEAT}`);
console.log(
  `JsonPathFlow:  ${wall('godwit').toFixed(1)} ms wall, ${cpu('godwit').toFixed(1)} ms CPU (${((N / wall('godwit')) * 1000).toFixed(0)} items/s)`,
);
console.log(
  `jsonpath-plus: ${wall('baseline').toFixed(1)} ms wall, ${cpu('baseline').toFixed(1)} ms CPU (${((N / wall('baseline')) * 1000).toFixed(0)} items/s)`,
);
console.log(
  `ratio (baseline / Godwit): ${(wall('baseline') / wall('godwit')).toFixed(2)}× wall, ${(cpu('baseline') / cpu('godwit')).toFixed(2)}× CPU`,
);
