import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const yaml = require('yaml') as typeof import('yaml');

test('the one-file yaml bundle of npm run build parses, reports errors and writes as the package does', () => {
  const dist = scratchDir('godwit-yaml-bundle-');
  execFileSync(process.execPath, [join(root, 'scripts/bundle-yaml.mjs'), dist]);
  assert.deepEqual(readdirSync(join(dist, 'vendor')), ['yaml.cjs']);
  const bundled = require(join(dist, 'vendor/yaml.cjs')) as typeof yaml;
  assert.deepEqual(Object.keys(bundled).sort(), Object.keys(yaml).sort());

  const text = readFileSync(join(root, 'examples/yaml-hello/pipeline.yaml'), 'utf8');
  assert.deepEqual(bundled.parseDocument(text).toJS(), yaml.parseDocument(text).toJS());
  const bad = 'steps:\n  - name: a\n   type: fail\n';
  const errors = (y: typeof yaml) => y.parseDocument(bad).errors.map((e) => [e.code, e.message, e.linePos]);
  assert.deepEqual(errors(bundled), errors(yaml));
  const value = { name: 'x', list: [1, 'two', { three: true }], text: 'a: b' };
  assert.equal(bundled.stringify(value), yaml.stringify(value));
});
