import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { godwitHome } from '../../src/core/home.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir } from '../serving/model-fixtures.js';
import { cli } from './capture.js';

const root = scratchDir('godwit-endpoint-serverless-cli-');
const env = { GODWIT_HOME: godwitHome(join(root, 'home')).root };
const folder = linearModelDir(root, [1, 2], 0.5);
const run = (...args: string[]) => cli(['endpoint', ...args], env, root);

describe('godwit endpoint create --serverless', () => {
  test('records a serverless variant (ServerlessConfig) and describe shows its limits', async () => {
    const r = await run('create', 'sl', '--model', folder, '--serverless', 'memory=2048,max=8,provisioned=1', '--json');
    assert.equal(r.code, 0, r.stderr);
    const d = await run('describe', 'sl');
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /AllTraffic +sl-AllTraffic-\S+ +1 +100% +serverless 2048 MB, max 8, 1 warm\n/);
  });

  test("bad limits are the library's ValidationException; flags that do not fit are usage errors", async () => {
    const bad = await run('create', 'bad', '--model', folder, '--serverless', 'memory=1500,max=8');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Value '1500' at 'productionVariants\.1\.member\.serverlessConfig\.memorySizeInMB'/);
    const over = await run('create', 'over', '--model', folder, '--serverless', 'memory=1024,max=2,provisioned=3');
    assert.match(over.stderr, /ProvisionedConcurrency \(3\) must be less than or equal to MaxConcurrency \(2\)/);
    const both = await run('create', 'both', '--model', folder, '--serverless', 'memory=1024,max=2', '--instance-count', '2');
    assert.match(both.stderr, /--serverless replaces --instance-count and --instance-type/);
    const half = await run('create', 'half', '--model', folder, '--serverless', 'max=2');
    assert.match(half.stderr, /give memory=MB,max=N and optionally provisioned=N/);
    assert.equal((await run('describe', 'bad')).code === 0, false, 'nothing was recorded for a refused config');
  });
});
