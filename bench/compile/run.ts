/**
 * Compile time of a 1,000-step pipeline for each target, beside the floor any compiler pays:
 * serialising the same IR to JSON. Target: ≤ 200 ms per target.
 *
 *   node --expose-gc --conditions=godwit-source --import tsx bench/compile/run.ts
 */
import { availableParallelism, cpus } from 'node:os';
import { compile, TARGETS } from '../../src/compile/index.js';
import { toKfpYaml } from '../../src/compile/kfp/kfp-compiler.js';
import { DEFAULT_PROFILE } from '../../src/compile/profile-file.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { condition, fail, lte, param, pipeline, processing, type Step, training } from '../../src/pipeline/dsl/index.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 15);

/** 1,000 steps: a chain of processing steps, a training step every 50, and a condition at the end. */
function bigPipeline() {
  const threshold = param.float('threshold', 0.5);
  const steps: Step[] = [];
  const outputOf = (s: Step) => s.output(s.ir.type === 'training' ? 'model' : 'out');
  for (let i = 0; i < 997; i++) {
    const previous = steps.at(-1);
    steps.push(
      i % 50 === 49 && previous
        ? training(`train-${i}`, {
            algorithm: 'linear-learner',
            hyperparameters: { predictor_type: 'regressor' },
            inputs: { train: outputOf(previous) },
          })
        : processing(`step-${i}`, {
            command: ['python3'],
            code: 'steps/work.py',
            inputs: previous ? { in: outputOf(previous) } : {},
            outputs: { out: 'dataset' },
            cache: { enabled: true, expireAfter: 'P30D' },
          }),
    );
  }
  const stop = fail('stop', { message: 'below threshold' });
  const last = steps.at(-1) as Step;
  const done = processing('done', {
    command: ['python3'],
    code: 'steps/work.py',
    inputs: { in: outputOf(last) },
    outputs: { out: 'dataset' },
  });
  const check = condition('check', { if: lte(threshold, 1), then: [done], else: [stop] });
  return pipeline('big', { parameters: [threshold], steps: [...steps, check] }).ir;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

function time(fn: () => unknown): number {
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** CPU time (user + system) of one call: on a shared machine it varies far less than wall time. */
function cpuTime(fn: () => unknown): number {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const ir = bigPipeline();
const floor = median(Array.from({ length: REPEAT }, () => time(() => JSON.stringify(ir))));
console.log(
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}; ${ir.steps.length} steps; median of ${REPEAT}`,
);
console.log(
  '| target | first compile | compile (median) | written out (median) | written out, CPU time (median) | baseline: JSON.stringify(IR) | ratio | target ≤ 200 ms (written out) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const target of TARGETS) {
  const profile = BUILTIN_PROFILES[DEFAULT_PROFILE[target]];
  const first = time(() => compile(ir, target, profile));
  const compiled = median(Array.from({ length: REPEAT }, () => time(() => compile(ir, target, profile))));
  const write = (doc: unknown) => (target === 'kfp' ? toKfpYaml(doc) : JSON.stringify(doc, null, 2));
  const written = median(Array.from({ length: REPEAT }, () => time(() => write(compile(ir, target, profile).document))));
  const cpu = median(Array.from({ length: REPEAT }, () => cpuTime(() => write(compile(ir, target, profile).document))));
  console.log(
    `| ${target} | ${first.toFixed(1)} ms | ${compiled.toFixed(1)} ms | ${written.toFixed(1)} ms | ${cpu.toFixed(1)} ms | ${floor.toFixed(1)} ms | ${(compiled / floor).toFixed(1)}× | ${written <= 200 ? 'met' : 'not met'} |`,
  );
}
