/**
 * A Godwit server in a process of its own, for tests that kill it (`kill -9`) and start another:
 * a fixture script that starts the server and prints its URL, run through tsx from the sources.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** Starts `fixture home` and resolves with the child and the URL it printed; `children` collects it for cleanup. */
export async function serverChild(
  fixture: string,
  home: string,
  children: ChildProcess[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=godwit-source', '--import', import.meta.resolve('tsx'), fixture, home], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return { child, url };
}

/**
 * Whether a step of some run under `runsDir` has recorded its process. A step records it in the
 * background just after it starts (bench/runtime: a file costs more than the rest of a short
 * step's bookkeeping), so a server killed within those milliseconds leaves a process no restart
 * can find; the restart tests kill the server once it has.
 */
export function stepRecorded(runsDir: string): boolean {
  return readdirSync(runsDir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.process.json'));
}
