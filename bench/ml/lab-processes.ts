/**
 * Lab 6.5 as a user runs it: whole `godwit` processes over examples/bigquery-ml-penguins/sql —
 * `godwit sql --dialect bigquery -f` on each of 1-create-schema … 5-predict in turn (five
 * processes, each opening the warehouse file the last one left), and the five files as one
 * `godwit sql -f` (start-up paid once) — beside scikit-learn doing the same steps as one whole
 * `python3` process (bench/ml/bqml-lab-sklearn.py, interpreter start and imports included) and
 * `node -e 0`, alternating, REPEAT rounds, each in a fresh home with the CSV copied into its
 * gs:// store first (untimed); and the example's pipeline as one `godwit run`. Godwit runs from a built install (dist/, as published) and from
 * the sources (tsx, as a fresh clone), made by bench/startup/install.ts outside the checkout.
 * The in-process figure (statements only) is bench/ml/bqml-lab.ts.
 *
 *   node --conditions=godwit-source --import tsx bench/ml/lab-processes.ts
 *   BENCH_REPEAT=N (default 3)   BENCH_INSTALLS=dist|source (default both)
 *
 * Target (issue 11): lab 6.5 (load, CREATE MODEL DNN_CLASSIFIER, ML.EVALUATE, ML.PREDICT) ≤ 3 s,
 * roc_auc ≥ 0.95.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { makeInstalls } from '../startup/install.js';
import { median } from '../startup/measure.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const PYTHON = process.env.GODWIT_PYTHON || '/usr/bin/python3';
const GNU_TIME = '/usr/bin/time';
const repo = resolve(import.meta.dirname, '../..');
const example = join(repo, 'examples/bigquery-ml-penguins');
const FILES = ['1-create-schema', '2-load', '3-create-model', '4-evaluate', '5-predict'].map((f) =>
  join(example, 'sql', `${f}.sql`),
);
const root = mkdtempSync(join(tmpdir(), 'godwit-bench-lab-'));
const timeFile = join(root, 'time.txt');

interface Sample {
  ms: number;
  cpuMs: number;
  stdout: string;
}

/** Runs a program to its end under GNU time: wall from spawn to exit, user + system CPU of it and its children. */
async function timed(argv: readonly string[], env: Record<string, string> = {}): Promise<Sample> {
  const start = performance.now();
  const [code, stdout, stderr] = await new Promise<[number | null, string, string]>((done, fail) => {
    const child = spawn(GNU_TIME, ['-f', '%U %S', '-o', timeFile, ...argv], {
      cwd: root,
      env: { ...process.env, CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (c) => done([c, out, err]));
  });
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}:\n${stderr}`);
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  return { ms, cpuMs: (user + system) * 1000, stdout };
}

let homes = 0;
/** A fresh home with the CSV where sql/2-load.sql reads it (untimed). */
async function freshHome(bin: string): Promise<Record<string, string>> {
  const env = { GODWIT_HOME: join(root, `home-${homes++}`) };
  await timed(
    [process.execPath, bin, 'storage', 'cp', join(example, 'data/penguins.csv'), 'gs://godwit-penguins/data/penguins.csv'],
    env,
  );
  return env;
}

const rocAuc = (json: string, statement: number) => Number(JSON.parse(json).statements[statement].rows[0].roc_auc);

async function fiveProcesses(bin: string): Promise<Sample & { rocAuc: number }> {
  const env = await freshHome(bin);
  const total = { ms: 0, cpuMs: 0, stdout: '', rocAuc: Number.NaN };
  for (const [i, file] of FILES.entries()) {
    const s = await timed([process.execPath, bin, 'sql', '--dialect', 'bigquery', '-f', file, '--json'], env);
    total.ms += s.ms;
    total.cpuMs += s.cpuMs;
    if (i === 3) total.rocAuc = rocAuc(s.stdout, 0);
  }
  return total;
}

const ALL = join(root, 'lab-6.5.sql');
writeFileSync(ALL, FILES.map((f) => readFileSync(f, 'utf8')).join('\n'));

async function oneProcess(bin: string): Promise<Sample & { rocAuc: number }> {
  const env = await freshHome(bin);
  const s = await timed([process.execPath, bin, 'sql', '--dialect', 'bigquery', '-f', ALL, '--json'], env);
  return { ...s, rocAuc: rocAuc(s.stdout, 3) };
}

/** The example's pipeline (the five files, EXPORT MODEL, the register step) as one `godwit run`. */
async function pipelineRun(bin: string): Promise<Sample & { rocAuc: number }> {
  const env = await freshHome(bin);
  const file = join(dirname(dirname(bin)), 'examples/bigquery-ml-penguins/pipeline.ts');
  const s = await timed([process.execPath, bin, 'run', file, '--json'], env);
  const id = JSON.parse(s.stdout).id as string;
  const folder = join(env.GODWIT_HOME, 'artifacts/runs', id, 'evaluate/evaluation');
  const [header, row] = readFileSync(join(folder, readdirSync(folder).find((f) => f.endsWith('.csv')) as string), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  return { ...s, rocAuc: Number(row[header.indexOf('roc_auc')]) };
}

async function sklearn(): Promise<Sample & { rocAuc: number }> {
  const s = await timed([PYTHON, join(repo, 'bench/ml/bqml-lab-sklearn.py'), join(example, 'data/penguins.csv')]);
  return { ...s, rocAuc: JSON.parse(s.stdout.trim().split('\n').at(-1) as string).rocAuc };
}

if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed for the CPU figures.`);
const wanted = process.env.BENCH_INSTALLS;
const installs = makeInstalls(repo, root).filter((i) => !wanted || i.label === wanted);
type Row = { label: string; runs: (Sample & { rocAuc?: number })[] };
const rows: Row[] = [
  ...installs.flatMap((i) => [
    { label: `Godwit (${i.label}): 5 × godwit sql -f, one process per file`, runs: [] },
    { label: `Godwit (${i.label}): godwit sql -f of the 5 files as one`, runs: [] },
    { label: `Godwit (${i.label}): godwit run pipeline.ts (the 5 files, EXPORT MODEL, register)`, runs: [] },
  ]),
  { label: 'scikit-learn: one python3 process (start, imports, the same steps)', runs: [] },
  { label: 'node -e 0', runs: [] },
];
try {
  for (let round = -1; round < REPEAT; round++) {
    const samples: (Sample & { rocAuc?: number })[] = [];
    for (const i of installs) {
      samples.push(await fiveProcesses(i.bin));
      samples.push(await oneProcess(i.bin));
      samples.push(await pipelineRun(i.bin));
    }
    samples.push(await sklearn());
    samples.push(await timed([process.execPath, '-e', '0']));
    // Round -1 is the warm-up (the OS file cache, tsx's transform cache): not counted.
    if (round >= 0) for (const [k, s] of samples.entries()) rows[k].runs.push(s);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

const peer = rows.at(-2) as Row;
const med = (r: Row, pick: (s: Sample & { rocAuc?: number }) => number) => median(r.runs.map(pick));
console.log(`lab 6.5 as whole processes, medians of ${REPEAT} rounds (after one warm-up round)`);
console.log('| run | wall | CPU | roc_auc | wall ÷ scikit-learn | CPU ÷ scikit-learn |\n| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const auc = r.runs[0].rocAuc === undefined ? '' : med(r, (s) => s.rocAuc ?? 0).toFixed(4);
  const ratio = (pick: (s: Sample) => number) => (r === peer ? '1' : (med(r, pick) / med(peer, pick)).toFixed(2));
  console.log(
    `| ${r.label} | ${med(r, (s) => s.ms).toFixed(0)} ms | ${med(r, (s) => s.cpuMs).toFixed(0)} ms | ${auc} | ${ratio((s) => s.ms)}× | ${ratio((s) => s.cpuMs)}× |`,
  );
}
