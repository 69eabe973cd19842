/**
 * Golden files: a compiled document must equal, byte for byte, the checked-in file, which is
 * exactly what `godwit compile -o` writes. `npm run golden` sets GODWIT_UPDATE_GOLDEN=1 and the
 * files are rewritten instead, so a change shows up as a reviewable diff. Anywhere else the
 * variable must not be inherited: in CI (`CI` set) a set GODWIT_UPDATE_GOLDEN is an error, since
 * it would turn every golden check into a pass.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** True when golden files are to be rewritten; throws when that is asked for in CI. */
export function updatingGolden(env: NodeJS.ProcessEnv = process.env): boolean {
  const update = env.GODWIT_UPDATE_GOLDEN;
  if (update === undefined || update === '') return false;
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0')
    throw new Error(
      `GODWIT_UPDATE_GOLDEN=${update} is set in CI (CI=${ci}): golden files would be rewritten instead of checked. ` +
        'Unset GODWIT_UPDATE_GOLDEN; only `npm run golden`, run by hand, sets it.',
    );
  return update === '1';
}

/** Checks (or, updating, writes) `text` as the golden file at absolute `path`. */
export function checkGolden(path: string, text: string, env: NodeJS.ProcessEnv = process.env): void {
  if (updatingGolden(env)) writeFileSync(path, text);
  const name = relative(ROOT, path);
  assert.ok(existsSync(path), `${name} does not exist; run npm run golden and review the new file`);
  assert.equal(text, readFileSync(path, 'utf8'), `${name} is out of date; run npm run golden and review the diff`);
}

/** A golden file that must not exist (the case now has the other outcome); removed when updating. */
export function checkAbsent(path: string, env: NodeJS.ProcessEnv = process.env): void {
  if (updatingGolden(env)) rmSync(path, { force: true });
  assert.ok(!existsSync(path), `${relative(ROOT, path)} is stale; run npm run golden`);
}
