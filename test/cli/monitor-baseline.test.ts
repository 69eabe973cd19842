import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

function envFor(dir: string): NodeJS.ProcessEnv {
  return { GODWIT_HOME: join(dir, 'home'), HOME: dir, XDG_CONFIG_HOME: dir };
}

describe('godwit monitor baseline', () => {
  test('writes statistics.json and suggested constraints.json, prints a table, warns of malformed lines', async () => {
    const dir = scratchDir('godwit-baseline-');
    writeFileSync(join(dir, 'train.csv'), 'rings,length,sex\n15,0.455,M\n7,0.35,F\nbad\n9,0.53,M\n');
    const run = await cli(['monitor', 'baseline', '--dataset', 'train.csv', '--header', '--output', 'out'], envFor(dir), dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /rings\s+Integral\s+3\s+0/);
    assert.match(run.stdout, /sex\s+String/);
    assert.match(run.stderr, /skipped 1 malformed line\(s\): train\.csv:4/);
    const statistics = JSON.parse(readFileSync(join(dir, 'out', 'statistics.json'), 'utf8'));
    assert.deepEqual(statistics.dataset, { item_count: 3 });
    assert.equal(statistics.features[1].numerical_statistics.max, 0.53);
    const constraints = JSON.parse(readFileSync(join(dir, 'out', 'constraints.json'), 'utf8'));
    assert.deepEqual(
      constraints.features.map((f: { name: string; inferred_type: string }) => [f.name, f.inferred_type]),
      [
        ['rings', 'Integral'],
        ['length', 'Fractional'],
        ['sex', 'String'],
      ],
    );
  });

  test('--json reports files and rows; an empty data set exits with its coded error', async () => {
    const dir = scratchDir('godwit-baseline-');
    writeFileSync(join(dir, 'a.csv'), '1,2\n3,4\n');
    const run = await cli(
      ['monitor', 'baseline', '--dataset', join(dir, 'a.csv'), '--output', join(dir, 'o'), '--json'],
      envFor(dir),
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.rows, 2);
    assert.equal(out.files.length, 2);
    writeFileSync(join(dir, 'empty.csv'), '');
    const empty = await cli(['monitor', 'baseline', '--dataset', join(dir, 'empty.csv')], envFor(dir), dir);
    assert.notEqual(empty.code, 0);
    assert.match(empty.stderr, /has no rows to profile/);
  });
});
