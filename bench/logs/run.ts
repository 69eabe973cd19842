/**
 * The CloudWatch Logs door's two costs, each beside its baseline in the same run:
 * 1. Reading: what GetLogEvents does per request (read the log and its `.times` sidecar, give each
 *    line its time, take the newest 10,000) beside reading the same file and splitting its lines.
 * 2. Writing: the CPU of Godwit's own process while a step's process writes LINES lines to its log,
 *    with the `.times` watcher running beside without it (the process writes the file directly
 *    either way; the watcher's stat-and-append is the only added work).
 *
 *   node --conditions=godwit-source --import tsx bench/logs/run.ts
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordLogTimes } from '../../src/core/log-times.js';
import { EndpointLogSource } from '../../src/logs/endpoint-log-source.js';
import { eventWindow } from '../../src/logs/event-window.js';
import { LogReader } from '../../src/logs/log-reader.js';

const LINES = Number(process.env.LINES ?? 200_000);
const ROUNDS = 5;
const root = mkdtempSync(join(tmpdir(), 'godwit-bench-logs-'));

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

async function reading(): Promise<void> {
  const dir = join(root, 'endpoints', 'bench', 'logs', 'AllTraffic');
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'i-0123456789abcdef0.log');
  const lines = Array.from({ length: LINES }, (_, i) => `2026-12-05 12:00:00 INFO epoch ${i} loss=${(1 / (i + 1)).toFixed(6)}\n`);
  writeFileSync(log, lines.join(''));
  // One mark per 100 lines: what a process printing steadily for a while leaves.
  const marks: string[] = [];
  let bytes = 0;
  lines.forEach((l, i) => {
    bytes += Buffer.byteLength(l);
    if (i % 100 === 99) marks.push(`${bytes} ${1_796_000_000_000 + i}\n`);
  });
  writeFileSync(`${log}.times`, marks.join(''));
  const reader = new LogReader([new EndpointLogSource(join(root, 'endpoints'))]);
  const godwit: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = process.cpuUsage();
    const window = eventWindow(await reader.events('/aws/sagemaker/Endpoints/bench', 'AllTraffic/i-0123456789abcdef0'), {
      limit: 10_000,
    });
    godwit.push(cpuMs(t));
    if (window.events.length !== 10_000) throw new Error('wrong window');
    t = process.cpuUsage();
    const tail = readFileSync(log, 'utf8').split('\n').slice(-10_001, -1);
    bare.push(cpuMs(t));
    if (tail.length !== 10_000) throw new Error('wrong tail');
  }
  const g = median(godwit);
  const b = median(bare);
  console.log(
    `GetLogEvents' read of the newest 10,000 of ${LINES} lines: Godwit ${g.toFixed(1)} ms CPU, read+split ${b.toFixed(1)} ms CPU, ratio ${(g / b).toFixed(2)}×`,
  );
}

async function writing(): Promise<void> {
  const script = `i=0; while [ $i -lt ${LINES} ]; do echo "line $i of the step's output"; i=$((i+1)); done`;
  const run = async (watch: boolean, n: number) => {
    const log = join(root, `step-${watch ? 'watched' : 'bare'}-${n}.log`);
    const fd = openSync(log, 'a');
    const stop = watch ? recordLogTimes(log) : () => {};
    const t = process.cpuUsage();
    const started = Date.now();
    await new Promise((resolve) => spawn('sh', ['-c', script], { stdio: ['ignore', fd, fd] }).on('exit', resolve));
    stop();
    const cpu = cpuMs(t);
    closeSync(fd);
    return { cpu, wall: Date.now() - started };
  };
  const watched: number[] = [];
  const bare: number[] = [];
  const walls: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bare.push((await run(false, r)).cpu);
    const w = await run(true, r);
    watched.push(w.cpu);
    walls.push(w.wall);
  }
  console.log(
    `Godwit's CPU while a step writes ${LINES} lines (~${(median(walls) / 1000).toFixed(1)} s): with the .times watcher ${median(watched).toFixed(1)} ms, without ${median(bare).toFixed(1)} ms, added ${(median(watched) - median(bare)).toFixed(1)} ms`,
  );
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

try {
  await reading();
  await writing();
} finally {
  rmSync(root, { recursive: true, force: true });
}
