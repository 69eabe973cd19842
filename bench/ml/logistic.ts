/**
 * Logistic regression (`src/ml/glm`) beside scikit-learn's `LogisticRegression(solver='lbfgs')` on
 * 200,000 × 20 synthetic binary rows (bench/ml/logistic-data.ts), each side in its own process,
 * alternating, REPEAT times. Whole process: interpreter start, imports, CSV load, training. Then
 * training alone, wall and CPU (the machine is shared). Target: training ≤ 1.5× scikit-learn's
 * time, log-loss within 1e-3.
 *
 *   node --conditions=godwit-source --import tsx bench/ml/logistic.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticBinary, writeLabelledCsv } from './logistic-data.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const PYTHON = process.env.GODWIT_PYTHON || '/usr/bin/python3';

interface Run {
  wallMs: number;
  loadMs: number;
  trainMs: number;
  trainCpuMs: number;
  processCpuMs: number;
  iterations: number;
  trainLogLoss: number;
  testLogLoss: number;
}

function run(command: string, args: string[]): Run {
  const start = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  return { wallMs, ...JSON.parse(r.stdout.trim().split('\n').at(-1) as string) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'godwit-bench-logistic-'));
try {
  const trainFile = join(dir, 'train.csv');
  const testFile = join(dir, 'test.csv');
  await writeLabelledCsv(trainFile, syntheticBinary(ROWS, 20, 42));
  await writeLabelledCsv(testFile, syntheticBinary(ROWS / 4, 20, 43));
  const here = new URL('.', import.meta.url).pathname;
  const node = [
    process.execPath,
    ['--conditions=godwit-source', '--import', 'tsx', join(here, 'logistic-train.ts'), trainFile, testFile],
  ] as const;
  const python = [PYTHON, [join(here, 'logistic-sklearn.py'), trainFile, testFile]] as const;
  const runs: { godwit: Run[]; sklearn: Run[] } = { godwit: [], sklearn: [] };
  for (let i = 0; i < REPEAT; i++) {
    runs.sklearn.push(run(python[0], [...python[1]]));
    runs.godwit.push(run(node[0], [...node[1]]));
  }
  console.log(
    `logistic regression, ${ROWS} × 20, ${REPEAT} alternating runs (medians), ${cpus()[0]?.model}, Node ${process.version}`,
  );
  console.log('metric'.padEnd(22), 'godwit'.padStart(10), 'sklearn'.padStart(10), 'ratio'.padStart(8));
  const keys: (keyof Run)[] = ['wallMs', 'processCpuMs', 'loadMs', 'trainMs', 'trainCpuMs', 'iterations'];
  for (const key of keys) {
    const g = median(runs.godwit.map((r) => r[key]));
    const s = median(runs.sklearn.map((r) => r[key]));
    console.log(key.padEnd(22), g.toFixed(0).padStart(10), s.toFixed(0).padStart(10), (g / s).toFixed(2).padStart(8));
  }
  for (const key of ['trainLogLoss', 'testLogLoss'] as const) {
    const g = runs.godwit[0][key];
    const s = runs.sklearn[0][key];
    console.log(key.padEnd(22), g.toFixed(6).padStart(10), s.toFixed(6).padStart(10), `Δ ${(g - s).toExponential(1)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
