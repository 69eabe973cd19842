import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every regular file under a folder, recursively (an S3 prefix holds nested keys), sorted by
 * path. Hidden entries (`.DS_Store`, `.checksums`, a store's sidecar files) are skipped.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}
