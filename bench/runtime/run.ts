/**
 * What the runtime's crash safety costs, beside its baseline in the same run:
 *
 *   node --conditions=godwit-source --import tsx bench/runtime/run.ts
 *
 * - Recording a step's process (`attempt-N.process.json`: pid, group, kernel start time), which
 *   every process step now does right after its spawn, the file written while the process runs:
 *   `runProcess` of `true` (each record a new file, as each attempt's is) beside the same call
 *   without it. Target: ≤ 1.05× (the bare spawn is ~2 ms on an idle machine).
 * - Checking the home before opening it (`ensureWritableHome`), which every command that opens
 *   the home does once: on an existing home, beside one bare `statSync` of it. Target: ≤ 0.1 ms.
 *
 * Medians of BENCH_REPEAT rounds (default 41), the variants interleaved so drift affects them alike.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWritableHome, godwitHome } from '../../src/core/home.js';
import { runProcess } from '../../src/runtime/process.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 41);
const root = mkdtempSync(join(tmpdir(), 'godwit-bench-runtime-'));
const log = openSync(join(root, 'attempt.log'), 'a+');
const signal = new AbortController().signal;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeSpawn(record: boolean, i: number): Promise<number> {
  const start = process.hrtime.bigint();
  await runProcess({
    command: 'true',
    args: [],
    cwd: root,
    env: process.env,
    signal,
    logFd: log,
    ...(record ? { recordAs: join(root, `attempt-${i}.process.json`) } : {}),
  });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function timeSync(fn: () => void, times = 100): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < times; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / times;
}

const home = godwitHome(join(root, 'home'));
mkdirSync(home.root);
writeFileSync(home.metadataFile, '');
const spawn = { bare: [] as number[], recorded: [] as number[] };
const check = { stat: [] as number[], ensure: [] as number[] };
for (let i = 0; i < REPEAT; i++) {
  spawn.bare.push(await timeSpawn(false, i));
  spawn.recorded.push(await timeSpawn(true, i));
  check.stat.push(timeSync(() => statSync(home.root)));
  check.ensure.push(timeSync(() => ensureWritableHome(home)));
}
closeSync(log);
rmSync(root, { recursive: true, force: true });

const row = (name: string, godwit: number, base: number, unit = 'ms') =>
  `| ${name} | ${godwit.toFixed(3)} ${unit} | ${base.toFixed(3)} ${unit} | ${(godwit / base).toFixed(2)}× | +${((godwit - base) * 1000).toFixed(0)} µs |`;
console.log(`${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, median of ${REPEAT}`);
console.log('| case | Godwit | baseline | ratio | difference |');
console.log('| --- | --- | --- | --- | --- |');
console.log(row('spawn `true` recording the process vs not', median(spawn.recorded), median(spawn.bare)));
console.log(row('ensureWritableHome vs statSync, existing home', median(check.ensure), median(check.stat)));
