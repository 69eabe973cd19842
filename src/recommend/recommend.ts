import { availableParallelism, cpus, totalmem } from 'node:os';
import { GodwitError } from '../core/errors.js';
import { describeModel } from '../ml/model-descriptor.js';
import { chooseRuntime } from '../serving/runtimes/choose-runtime.js';
import type { StoreOptions } from '../store/index.js';
import { type BenchEndpoint, BenchEndpoints } from './bench-endpoint.js';
import { bestRun, chooseConfig, meetsTarget } from './choose-config.js';
import { cloudEstimate } from './cloud-cost.js';
import { closedLoop } from './load-test.js';
import type { ModelTarget } from './model-target.js';
import { generatePayload, type Payload, readPayloadFile } from './payload-source.js';
import type { PriceTable } from './price-table.js';
import { checkPlan, type LoadPlan } from './recommend-options.js';
import type { LoadRun, MachineSummary, Recommendation } from './recommendation.js';

type Plan = ReturnType<typeof checkPlan>;

export interface RecommendInput {
  /** MODEL as the user named it (for the report). */
  readonly model: string;
  readonly target: ModelTarget;
  /** `--payload`; absent: generated from the model's input signature. */
  readonly payloadPath?: string;
  readonly plan: LoadPlan;
  readonly prices: PriceTable;
  readonly storeOptions?: StoreOptions;
  /** One line per finished run and stage, for a terminal. */
  readonly progress?: (line: string) => void;
  /** Stops early (Ctrl-C): the run in progress ends, endpoints are removed, and `E_STOPPED` is thrown. */
  readonly signal?: AbortSignal;
}

/**
 * Load-tests the model on this machine and recommends a configuration. For each instance count
 * an endpoint is started (`BenchEndpoints`: the endpoint host, in process), the payload is checked
 * row by row on the first one (a row the model rejects is `E_RECOMMEND_PAYLOAD` naming it), then a
 * closed-loop load runs at each concurrency for the duration. The choice is `chooseConfig`'s; the
 * cloud estimate is for the recommendation, or the best run when none met the target.
 */
export async function recommend(input: RecommendInput): Promise<Recommendation> {
  const plan = checkPlan(input.plan);
  const { runs, payload, runtime } = await measureAll(input, plan);
  const recommendation = chooseConfig(runs);
  const best = recommendation ? undefined : bestRun(runs);
  const basis = recommendation ?? best;
  return {
    model: input.model,
    resolvedModel: input.target.resolved,
    runtime,
    payload: payload.summary,
    target: plan.latencyP99Ms === undefined ? {} : { latencyP99Ms: plan.latencyP99Ms },
    settings: { instances: plan.instances, concurrency: plan.concurrency, durationS: plan.durationS, warmupS: plan.warmupS },
    machine: machine(),
    runs,
    ...(recommendation && { recommendation }),
    met: recommendation !== undefined,
    ...(best && { best }),
    ...(basis && { cloud: cloudEstimate(basis, input.prices) }),
  };
}

/** Every instance count on an endpoint of its own (stopped before the next starts), every concurrency on it. */
async function measureAll(input: RecommendInput, plan: Plan): Promise<{ runs: LoadRun[]; payload: Payload; runtime: string }> {
  const progress = input.progress ?? (() => {});
  const count = plan.instances.length * plan.concurrency.length;
  const seconds = Math.ceil(count * (plan.durationS + plan.warmupS));
  progress(
    `Measuring ${count} configuration${count === 1 ? '' : 's'} (instances ${plan.instances.join(',')} × concurrency ${plan.concurrency.join(',')}), about ${seconds} s of load.`,
  );
  // A payload file is read before any model starts, so a wrong path fails at once.
  const fromFile = input.payloadPath === undefined ? undefined : await readPayloadFile(input.payloadPath);
  const bench = await BenchEndpoints.open(input.target.containers, input.storeOptions);
  const runs: LoadRun[] = [];
  let prepared: { payload: Payload; runtime: string } | undefined;
  try {
    for (const instances of plan.instances) {
      const endpoint = await bench.start(instances);
      try {
        if (!prepared) {
          prepared = await prepare(input.target, endpoint, fromFile);
          progress(`Payload: ${prepared.payload.summary.description}. Runtime: ${prepared.runtime}.`);
        }
        for (const concurrency of plan.concurrency) {
          const run = await measure(endpoint, prepared.payload, instances, concurrency, plan, input.signal);
          if (input.signal?.aborted) throw stopped(runs.length, count);
          runs.push(run);
          progress(runLine(run));
        }
      } finally {
        await endpoint.stop();
      }
    }
  } finally {
    await bench.close();
  }
  return { runs, ...(prepared as { payload: Payload; runtime: string }) };
}

/** On the first endpoint: the payload (the file's, or generated from the staged model), checked row by row, and the runtime's name. */
async function prepare(
  target: ModelTarget,
  endpoint: BenchEndpoint,
  fromFile?: Payload,
): Promise<{ payload: Payload; runtime: string }> {
  const payload = fromFile ?? generatePayload(await describeModel(endpoint.modelDir).catch(() => undefined));
  await checkPayload(endpoint, payload);
  return { payload, runtime: await runtimeOf(target, endpoint.modelDir) };
}

/** Sends every row once, in order: the first the model rejects is named with the model's reason. */
async function checkPayload(endpoint: BenchEndpoint, payload: Payload): Promise<void> {
  for (const [i, request] of payload.requests.entries()) {
    try {
      await endpoint.invoke(request);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const where = payload.summary.path
        ? `Line ${payload.lines[i]} of ${payload.summary.path}`
        : `Generated row ${payload.lines[i]}`;
      throw new GodwitError(
        'E_RECOMMEND_PAYLOAD',
        `${where} is rejected by the model (${e.code ?? 'error'}): ${e.message ?? String(err)}`,
        {
          hint: 'Fix or remove that row: each line must be one request the model accepts (no header row).',
          cause: err,
        },
      );
    }
  }
}

async function runtimeOf(target: ModelTarget, modelDir: string): Promise<string> {
  if (target.containers.length > 1) return `inference pipeline of ${target.containers.length} containers`;
  return chooseRuntime(target.containers[0], modelDir);
}

async function measure(
  endpoint: BenchEndpoint,
  payload: Payload,
  instances: number,
  concurrency: number,
  plan: Plan,
  signal?: AbortSignal,
): Promise<LoadRun> {
  if (endpoint.instances() !== instances) {
    throw new GodwitError(
      'E_RECOMMEND_MODEL',
      `The endpoint runs ${endpoint.instances()} instances, not the ${instances} asked for.`,
    );
  }
  const result = await closedLoop(endpoint.invoke, payload.requests, {
    concurrency,
    durationMs: plan.durationS * 1000,
    warmupMs: plan.warmupS * 1000,
    signal,
  });
  // Per instance from the rounded figure, so the report's columns divide exactly.
  const throughput = round(result.throughput);
  const run = {
    instances,
    concurrency,
    ...result,
    throughput,
    throughputPerInstance: round(throughput / instances),
    elapsedS: Math.round(result.elapsedS * 1e4) / 1e4,
  };
  return { ...run, meetsTarget: meetsTarget(run, plan.latencyP99Ms) };
}

function stopped(done: number, count: number): GodwitError {
  return new GodwitError('E_STOPPED', `Stopped after ${done} of ${count} runs; no report was written.`, {
    hint: 'Run it again with fewer --instances or --concurrency values, or a shorter --duration.',
  });
}

function runLine(r: LoadRun): string {
  const errors = r.errors > 0 ? `, ${r.errors} errors` : '';
  return `instances ${r.instances}, concurrency ${r.concurrency}: ${r.throughput} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms${errors}`;
}

function machine(): MachineSummary {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
