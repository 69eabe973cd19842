/**
 * Whole-process timing, like hyperfine: a warm-up run, then N rounds that each run the baseline
 * (`node -e 0`) and the command once, interleaved so that load on the machine hits both alike.
 * Figures are medians of wall time from spawn to exit.
 */
import { spawn } from 'node:child_process';

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
}

/** Runs the command to its end; throws with its stderr when it fails, so a broken case is never timed. */
export async function timeOnce(cmd: Command): Promise<number> {
  const extra = cmd.before?.() ?? {};
  const start = performance.now();
  const [code, stderr] = await new Promise<[number | null, string]>((resolve, reject) => {
    const child = spawn(process.execPath, cmd.argv, {
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
  return ms;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function measure(label: string, cmd: Command, baseline: Command, repeat: number): Promise<Figure> {
  await timeOnce(baseline);
  await timeOnce(cmd);
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < repeat; i++) {
    base.push(await timeOnce(baseline));
    ours.push(await timeOnce(cmd));
  }
  const [ms, baselineMs] = [median(ours), median(base)];
  return { label, ms, baselineMs, ratio: ms / baselineMs, overheadMs: ms - baselineMs };
}
