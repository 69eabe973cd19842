/**
 * Orchestration overhead: Godwit's executor beside the bare baseline, in one process.
 *
 *   npm run bench     (node --expose-gc --conditions=godwit-source --import tsx bench/orchestration/run.ts)
 *
 * - 1,000-step chain and 1,000-step fan-out of no-op in-process function steps, beside a loop
 *   that awaits the same function 1,000 times. Target: ≤ 2 ms overhead per step.
 * - 50 process steps running `true` in a chain, beside spawning `true` 50 times one after
 *   another. Target: ≤ 1.2× the bare spawn time.
 * Each figure is the median of several repetitions; every Godwit run writes its full metadata.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { fn, type Pipeline, pipeline, processing, type Step } from '../../src/pipeline/dsl/index.js';
import { assertValidPipeline } from '../../src/pipeline/validate.js';
import { startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 9);
const noop = async () => {};

function chain(n: number): Pipeline {
  const steps: Step[] = [];
  for (let i = 0; i < n; i++) steps.push(fn(`s${i}`, { run: noop, dependsOn: i ? [steps[i - 1]] : [] }));
  return pipeline('chain', { steps });
}

function fanOut(n: number): Pipeline {
  return pipeline('fan-out', { steps: Array.from({ length: n }, (_, i) => fn(`s${i}`, { run: noop })) });
}

function processChain(n: number): Pipeline {
  const steps: Step[] = [];
  for (let i = 0; i < n; i++) steps.push(processing(`p${i}`, { command: ['true'], dependsOn: i ? [steps[i - 1]] : [] }));
  return pipeline('process-chain', { steps });
}

/**
 * Homes are deleted at the end, not between timings: deleting thousands of files makes the disk
 * (ext4 with discard, here) slow for the next run's file creation, which no user run pays.
 */
const homes: string[] = [];

async function timeGodwit(p: Pipeline, concurrency: number): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'godwit-bench-'));
  const services = await openLocalServices(
    godwitHome(join(root, 'home')),
    async (step) => p.functions.get(step.handler.export) ?? noop,
  );
  try {
    const start = performance.now();
    assertValidPipeline(p.ir, 'bench');
    const outcome = await startRun(p.ir, {}, { baseDir: root }, { services, concurrency });
    const ms = performance.now() - start;
    if (outcome.status !== 'succeeded') throw new Error(`bench run ${outcome.status}: ${outcome.error}`);
    return ms;
  } finally {
    await services.close();
    homes.push(root);
  }
}

async function timeLoop(n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await noop();
  return performance.now() - start;
}

async function timeSpawns(n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('true', [], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
  }
  return performance.now() - start;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(label: string, godwit: () => Promise<number>, baseline: () => Promise<number>, steps: number) {
  await godwit(); // warm-up: module loading, SQLite page cache
  await baseline();
  const g: number[] = [];
  const b: number[] = [];
  // Collect garbage before each timing (node --expose-gc): a spawn forks the whole process, so
  // both sides must start from the same heap.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  for (let i = 0; i < REPEAT; i++) {
    gc();
    g.push(await godwit());
    gc();
    b.push(await baseline());
  }
  const [gm, bm] = [median(g), median(b)];
  return { label, steps, godwitMs: gm, baselineMs: bm, perStepOverheadMs: (gm - bm) / steps, ratio: gm / bm };
}

const concurrency = availableParallelism();
const results = [
  await measure(
    '1,000-step chain (in-process no-op)',
    () => timeGodwit(chain(1000), concurrency),
    () => timeLoop(1000),
    1000,
  ),
  await measure(
    '1,000-step fan-out (in-process no-op)',
    () => timeGodwit(fanOut(1000), concurrency),
    () => timeLoop(1000),
    1000,
  ),
  await measure(
    '50 process steps running `true` (chain)',
    () => timeGodwit(processChain(50), concurrency),
    () => timeSpawns(50),
    50,
  ),
  await measure(
    '1 process step running `true`',
    () => timeGodwit(processChain(1), concurrency),
    () => timeSpawns(1),
    1,
  ),
];

// A run has a fixed set-up (validation, the run record, pipeline.json): what each further process
// step costs is the 50-step run less the 1-step run, against 49 more bare spawns.
const [, , fifty, one] = results;
const marginal = (fifty.godwitMs - one.godwitMs) / 49;
const bare = (fifty.baselineMs - one.baselineMs) / 49;

console.log(
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}; median of ${REPEAT}`,
);
console.log('| case | Godwit | baseline | overhead / step | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(
    `| ${r.label} | ${r.godwitMs.toFixed(1)} ms | ${r.baselineMs.toFixed(1)} ms | ${r.perStepOverheadMs.toFixed(3)} ms | ${r.ratio.toFixed(2)}× |`,
  );
}
console.log(
  `| each further process step (50-step run less 1-step run) | ${marginal.toFixed(2)} ms | ${bare.toFixed(2)} ms | ${(marginal - bare).toFixed(3)} ms | ${(marginal / bare).toFixed(2)}× |`,
);

for (const home of homes) await rm(home, { recursive: true, force: true });
