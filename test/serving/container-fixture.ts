import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { godwitHome } from '../../src/core/home.js';
import type { ContainerSpec, StartOptions } from '../../src/serving/model-runtime.js';
import { scratchDir } from '../helpers/scratch.js';

/** The stdlib-only serving container of these tests (see its doc string). */
export const FIXTURE = fileURLToPath(new URL('./fixtures/contract_server.py', import.meta.url));

/** Start options over a fresh model folder holding `model.txt`, a work folder and a home. */
export function startOptions(container: ContainerSpec, extra: Partial<StartOptions> = {}): StartOptions {
  const root = scratchDir('godwit-byoc-');
  const modelDir = join(root, 'model');
  const workDir = join(root, 'work');
  mkdirSync(modelDir);
  mkdirSync(workDir);
  writeFileSync(join(modelDir, 'model.txt'), 'weights');
  return { container, modelDir, workDir, home: godwitHome(join(root, 'home')), ...extra };
}

/** Whether a process is still running (a zombie waiting for its parent counts as gone). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until `check` holds or `ms` pass; returns whether it held. */
export async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
