/**
 * Whole-process timing, like hyperfine: a warm-up run, then N rounds that each run the baseline
 * (`node -e 0`) and the command once, interleaved so that load on the machine hits both alike.
 * Figures are medians of wall time from spawn to exit and, where GNU time is installed, of the
 * CPU time (user + system) of the process and its children: on a busy machine wall time is
 * mostly waiting for a core, CPU time is what the command costs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const hasTime = existsSync(GNU_TIME);
const timeFile = join(tmpdir(), `godwit-bench-time-${process.pid}`);

export interface Command {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Called before each timed run, untimed (e.g. a fresh home for `godwit demo`). */
  readonly before?: () => Record<string, string> | undefined;
}

export interface Figure {
  readonly label: string;
  readonly ms: number;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly overheadMs: number;
  /** Median CPU time, when GNU time is available. */
  readonly cpuMs?: number;
  readonly baselineCpuMs?: number;
}

interface Sample {
  readonly ms: number;
  readonly cpuMs?: number;
}

/** Runs the command to its end; throws with its stderr when it fails, so a broken case is never timed. */
export async function timeOnce(cmd: Command): Promise<Sample> {
  const extra = cmd.before?.() ?? {};
  const [file, args] = hasTime
    ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, process.execPath, ...cmd.argv]]
    : [process.execPath, [...cmd.argv]];
  const start = performance.now();
  const [code, stderr] = await new Promise<[number | null, string]>((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: cmd.cwd,
      env: { ...process.env, ...cmd.env, ...extra },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (c) => resolve([c, err]));
  });
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`node ${cmd.argv.join(' ')} exited ${code}:\n${stderr}`);
  if (!hasTime) return { ms };
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  rmSync(timeFile, { force: true });
  return { ms, cpuMs: (user + system) * 1000 };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function measure(label: string, cmd: Command, baseline: Command, repeat: number): Promise<Figure> {
  await timeOnce(baseline);
  await timeOnce(cmd);
  const ours: Sample[] = [];
  const base: Sample[] = [];
  for (let i = 0; i < repeat; i++) {
    base.push(await timeOnce(baseline));
    ours.push(await timeOnce(cmd));
  }
  const [ms, baselineMs] = [median(ours.map((s) => s.ms)), median(base.map((s) => s.ms))];
  const cpu = hasTime
    ? { cpuMs: median(ours.map((s) => s.cpuMs ?? 0)), baselineCpuMs: median(base.map((s) => s.cpuMs ?? 0)) }
    : {};
  return { label, ms, baselineMs, ratio: ms / baselineMs, overheadMs: ms - baselineMs, ...cpu };
}
