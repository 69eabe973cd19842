/**
 * SageMaker's checkpoint configuration: before the job starts, everything under the checkpoint
 * URI is copied into the local checkpoint folder (`/opt/ml/checkpoints`); while it runs, new and
 * changed files are copied back; at the end a last copy is made. A restarted (spot-interrupted)
 * job therefore finds its last checkpoints and can resume. Files are never deleted at the URI,
 * as SageMaker never deletes them in S3.
 *
 * Each copy goes to a temporary name first and is renamed into place, so a reader of the URI
 * never sees half a checkpoint.
 */
import { copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock } from '../../core/clock.js';

export interface CheckpointSync {
  /** Copies the URI's files into the local folder; returns how many. */
  restore(): Promise<number>;
  /** Copies new and changed local files to the URI; returns how many. */
  sync(): Promise<number>;
  /** Syncs every `intervalMs` until `stop()`, which makes a last sync. */
  start(intervalMs: number, clock: Clock): void;
  stop(): Promise<number>;
}

export function checkpointSync(localDir: string, remoteDir: string): CheckpointSync {
  const synced = new Map<string, string>();
  let running: Promise<number> = Promise.resolve(0);
  let timer: AbortController | undefined;
  let loop: Promise<void> = Promise.resolve();

  const syncOnce = async (): Promise<number> => {
    let copied = 0;
    for (const rel of await listFiles(localDir)) {
      const info = await stat(join(localDir, rel)).catch(() => undefined);
      if (!info) continue;
      const version = `${info.size}:${info.mtimeMs}`;
      if (synced.get(rel) === version) continue;
      await atomicCopy(join(localDir, rel), join(remoteDir, rel));
      synced.set(rel, version);
      copied++;
    }
    return copied;
  };
  // Syncs never overlap: each waits for the one before.
  const sync = () => {
    running = running.catch(() => 0).then(syncOnce);
    return running;
  };

  return {
    async restore() {
      await mkdir(localDir, { recursive: true });
      const files = await listFiles(remoteDir);
      for (const rel of files) await atomicCopy(join(remoteDir, rel), join(localDir, rel));
      // What was just restored is already at the URI.
      for (const rel of files) {
        const info = await stat(join(localDir, rel));
        synced.set(rel, `${info.size}:${info.mtimeMs}`);
      }
      return files.length;
    },
    sync,
    start(intervalMs, clock) {
      timer = new AbortController();
      const signal = timer.signal;
      loop = (async () => {
        while (!signal.aborted) {
          try {
            await clock.sleep(intervalMs, signal);
          } catch {
            return;
          }
          await sync().catch(() => 0);
        }
      })();
    },
    async stop() {
      timer?.abort();
      await loop;
      return sync();
    },
  };
}

const TEMPORARY = /\.godwit-\d+-[a-z0-9]+\.tmp$/;

async function atomicCopy(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const temp = `${to}.godwit-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`;
  await copyFile(from, temp);
  await rename(temp, to);
}

/** Relative paths of every file under `dir` (none when it does not exist), skipping our temporaries. */
async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const path = rel ? join(rel, e.name) : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, path)));
    else if (e.isFile() && !TEMPORARY.test(e.name)) out.push(path);
  }
  return out.sort();
}
