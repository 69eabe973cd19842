/**
 * A Python training step under Godwit's SageMaker contract, beside the same script started
 * directly with the same environment and arguments, in one run:
 *
 *   node --conditions=godwit-source --import tsx bench/contracts/run.ts
 *
 * - "direct": the interpreter started on the script, with the environment, arguments and working
 *   directory Godwit gave it (captured once from a Godwit run) — no Godwit at all.
 * - "Godwit, no sandbox" and "Godwit, bubblewrap": a whole one-step run (`startRun`): staging the
 *   channel, writing the contract files, running the script, packaging model.tar.gz, storing the
 *   artifact and the metadata. Node's own start-up is not counted in either.
 *
 * Target: Godwit ≤ 1.1 × direct + 50 ms. Each figure is the median of BENCH_REPEAT runs (default
 * 7), the three variants interleaved so drift affects them alike. Needs /usr/bin/python3 with
 * XGBoost (GODWIT_PYTHON picks another interpreter).
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { type Pipeline, pipeline, training } from '../../src/pipeline/dsl/index.js';
import { sandboxMode } from '../../src/runtime/contracts/sandbox.js';
import { startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 7);
const PYTHON = process.env.GODWIT_PYTHON ?? '/usr/bin/python3';
const ROWS = 20_000;

const root = await mkdtemp(join(tmpdir(), 'godwit-bench-contracts-'));
const base = join(root, 'pipeline');
const services = await openLocalServices(godwitHome(join(root, 'home')));
process.env.GODWIT_PYTHON = PYTHON;

function trainingPipeline(hyperparameters: Record<string, string | number>): Pipeline {
  const train = training('train', {
    process: { command: ['python3'], code: 'train_bench.py', contract: 'sagemaker' },
    hyperparameters: { num_round: 60, max_depth: 6, ...hyperparameters },
    inputs: { train: 'data/train.csv' },
  });
  return pipeline('bench-contracts', { steps: [train] });
}

/** Deterministic regression data: 8 features, label = a linear mix plus noise. */
async function writeData(): Promise<void> {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const x = Array.from({ length: 8 }, () => rand() * 2 - 1);
    const y = x.reduce((s, v, j) => s + v * (j + 1), 0) + rand() * 0.1;
    lines.push([y, ...x].map((v) => v.toFixed(5)).join(','));
  }
  await writeFile(join(base, 'data', 'train.csv'), `${lines.join('\n')}\n`);
}

async function timeGodwit(p: Pipeline, mode: 'none' | 'bwrap'): Promise<number> {
  process.env.GODWIT_SANDBOX = mode;
  const start = performance.now();
  const outcome = await startRun(p.ir, {}, { baseDir: base }, { services, concurrency: 1 });
  const ms = performance.now() - start;
  if (outcome.status !== 'succeeded') throw new Error(`bench run ${outcome.status}: ${outcome.error}`);
  return ms;
}

interface Launch {
  env: NodeJS.ProcessEnv;
  argv: string[];
  cwd: string;
}

/** Runs Godwit once with --dump-env so the direct runs can start the script exactly as it did. */
async function captureLaunch(): Promise<Launch> {
  const dump = join(root, 'launch.json');
  await timeGodwit(trainingPipeline({ 'dump-env': dump }), 'none');
  const seen = JSON.parse(await readFile(dump, 'utf8')) as Launch;
  const at = seen.argv.indexOf('--dump-env');
  return { env: seen.env, argv: seen.argv.filter((_, i) => i !== at && i !== at + 1), cwd: seen.cwd };
}

function timeDirect(launch: Launch): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, launch.argv, { cwd: launch.cwd, env: launch.env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`direct run exited with ${code}`)),
    );
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

try {
  await mkdir(join(base, 'data'), { recursive: true });
  await copyFile(new URL('./train_bench.py', import.meta.url), join(base, 'train_bench.py'));
  await writeData();
  const launch = await captureLaunch();
  const bwrap = (await sandboxMode({ GODWIT_SANDBOX: 'auto' })) === 'bwrap';
  const p = trainingPipeline({});
  const times: Record<string, number[]> = { direct: [], none: [], bwrap: [] };
  // Warm-up: module loading, SQLite pages, the interpreter's own caches.
  await timeDirect(launch);
  await timeGodwit(p, 'none');
  for (let i = 0; i < REPEAT; i++) {
    times.direct.push(await timeDirect(launch));
    times.none.push(await timeGodwit(p, 'none'));
    if (bwrap) times.bwrap.push(await timeGodwit(p, 'bwrap'));
  }
  const direct = median(times.direct);
  console.log(
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ${PYTHON}; median of ${REPEAT}`,
  );
  console.log(`Workload: XGBoost, 60 rounds on ${ROWS.toLocaleString('en')} rows × 8 features, SageMaker script mode.`);
  console.log('| case | wall time | ratio to direct | overhead | target (≤ 1.1× + 50 ms) |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| script started directly, same env | ${direct.toFixed(0)} ms | 1.00× | – | – |`);
  for (const [mode, label] of [
    ['none', 'Godwit, no sandbox'],
    ['bwrap', 'Godwit, bubblewrap'],
  ] as const) {
    if (times[mode].length === 0) {
      console.log(`| ${label} | not measured: bubblewrap cannot run here | | | |`);
      continue;
    }
    const m = median(times[mode]);
    const ok = m <= 1.1 * direct + 50;
    console.log(
      `| ${label} | ${m.toFixed(0)} ms | ${(m / direct).toFixed(2)}× | ${(m - direct).toFixed(0)} ms | ${ok ? 'met' : 'MISSED'} |`,
    );
  }
} finally {
  await services.close();
  await rm(root, { recursive: true, force: true });
}
