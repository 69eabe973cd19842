/** The golden helper: rewrites only when asked, and never in CI, where a rewrite would hide a regression. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { checkAbsent, checkGolden, updatingGolden } from './golden-file.js';

describe('golden files', () => {
  test('GODWIT_UPDATE_GOLDEN set in CI is an error, whatever its value', () => {
    for (const update of ['1', 'true', '0'])
      assert.throws(
        () => updatingGolden({ CI: 'true', GODWIT_UPDATE_GOLDEN: update }),
        /GODWIT_UPDATE_GOLDEN=.* is set in CI \(CI=true\): golden files would be rewritten instead of checked\. Unset GODWIT_UPDATE_GOLDEN/,
      );
    const file = join(scratchDir('godwit-golden-'), 'x.json');
    writeFileSync(file, 'old\n');
    assert.throws(() => checkGolden(file, 'new\n', { CI: '1', GODWIT_UPDATE_GOLDEN: '1' }), /is set in CI/);
    assert.equal(readFileSync(file, 'utf8'), 'old\n');
  });

  test('outside CI, GODWIT_UPDATE_GOLDEN=1 rewrites; unset, a difference fails', () => {
    assert.equal(updatingGolden({}), false);
    assert.equal(updatingGolden({ CI: 'false', GODWIT_UPDATE_GOLDEN: '1' }), true);
    const dir = scratchDir('godwit-golden-');
    const file = join(dir, 'x.json');
    writeFileSync(file, 'old\n');
    assert.throws(() => checkGolden(file, 'new\n', {}), /x\.json is out of date; run npm run golden/);
    checkGolden(file, 'new\n', { GODWIT_UPDATE_GOLDEN: '1' });
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
    assert.throws(() => checkGolden(join(dir, 'missing.json'), 'x', {}), /missing\.json does not exist/);
  });

  test('a stale file of the other outcome fails, and is removed when updating', () => {
    const file = join(scratchDir('godwit-golden-'), 'x.sagemaker.refused.txt');
    writeFileSync(file, 'E_COMPILE_UNSUPPORTED: …\n');
    assert.throws(() => checkAbsent(file, {}), /is stale; run npm run golden/);
    checkAbsent(file, { GODWIT_UPDATE_GOLDEN: '1' });
    assert.equal(existsSync(file), false);
  });
});
