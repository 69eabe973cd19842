/**
 * Golden files of the AWS compilers: the compiled document must equal, byte for byte, the checked-in
 * file, which is exactly what `godwit compile -o` writes. With GODWIT_UPDATE_GOLDEN=1 (`npm run
 * golden`) the file is rewritten instead, so a change shows up as a reviewable diff.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const text = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/** Writes `document` to `path` (relative to the repository) as the CLI does. */
export function writeGolden(path: string, document: unknown): void {
  writeFileSync(ROOT + path, text(document));
}

export function checkGolden(path: string, document: unknown): void {
  if (process.env.GODWIT_UPDATE_GOLDEN === '1') writeGolden(path, document);
  assert.equal(
    text(document),
    readFileSync(ROOT + path, 'utf8'),
    `${path} is out of date; run npm run golden and review the diff`,
  );
}
