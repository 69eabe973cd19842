/**
 * Golden files of the AWS compilers: the compiled document must equal the checked-in file.
 * With GODWIT_UPDATE_GOLDEN=1 the file is rewritten instead (and formatted by biome, which
 * formats JSON under examples/), so a change shows up as a reviewable diff.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Writes `document` to `path` (relative to the repository) as formatted JSON. */
export function writeGolden(path: string, document: unknown): void {
  const file = ROOT + path;
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  spawnSync(`${ROOT}node_modules/.bin/biome`, ['format', '--write', file], { cwd: ROOT, stdio: 'ignore' });
}

export function checkGolden(path: string, document: unknown): void {
  if (process.env.GODWIT_UPDATE_GOLDEN === '1') writeGolden(path, document);
  const golden: unknown = JSON.parse(readFileSync(ROOT + path, 'utf8'));
  assert.deepEqual(
    JSON.parse(JSON.stringify(document)),
    golden,
    `${path} is out of date; run with GODWIT_UPDATE_GOLDEN=1 and review the diff`,
  );
}
