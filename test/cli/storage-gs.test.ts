import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';
import { demoStoresUnder } from './demo-on-store.js';

test('godwit storage on offline gs:// uses the folders in the configured home', async () => {
  const dir = scratchDir('godwit-storage-gs-');
  // The home comes from the project file, not GODWIT_HOME: the store must get it from the config.
  await writeFile(join(dir, 'godwit.config.yaml'), 'home: ./my-home\n');
  const env = { HOME: dir, XDG_CONFIG_HOME: dir };
  await writeFile(join(dir, 'a.csv'), 'x,y\n1,2\n');

  const up = await cli(['storage', 'cp', join(dir, 'a.csv'), 'gs://team-bucket/data/'], env, dir);
  assert.equal(up.code, 0, up.stderr);
  assert.equal(await readFile(join(dir, 'my-home', 'gcs', 'team-bucket', 'data', 'a.csv'), 'utf8'), 'x,y\n1,2\n');

  const ls = await cli(['storage', 'ls', 'gs://team-bucket/data/', '--json'], env, dir);
  assert.equal(ls.code, 0, ls.stderr);
  assert.deepEqual(
    JSON.parse(ls.stdout).objects.map((o: { uri: string; size: number }) => [o.uri, o.size]),
    [['gs://team-bucket/data/a.csv', 8]],
  );
});

test('the demo runs unchanged with its artifacts on offline gs://; runs show lists the gs:// URIs, a second run hits the cache', async () => {
  const dir = scratchDir('godwit-gs-run-');
  const env = { GODWIT_HOME: join(dir, 'home'), GODWIT_ARTIFACTS: 'gs://arts/godwit', HOME: dir, XDG_CONFIG_HOME: dir };
  await demoStoresUnder('gs://arts/godwit', env, dir);

  const again = await cli(['demo', '--json'], env, dir);
  assert.equal(again.code, 0, again.stderr);
  const train = JSON.parse(again.stdout).steps.find((s: { name: string }) => s.name === 'train');
  assert.equal(train.status, 'cached');
});
