import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/harness.js';
import { hasPython, PYTHON } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function godwit(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=godwit-source', '--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts'), ...args],
    {
      env: { ...process.env, ...env, CI: '1' },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('godwit run --interrupt', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = await tempDir();
    env = { GODWIT_HOME: join(dir, 'home'), GODWIT_PYTHON: PYTHON, GODWIT_SANDBOX: 'none' };
    await copyFile(new URL('./scripts/epochs.py', import.meta.url), join(dir, 'epochs.py'));
    const ir = {
      apiVersion: 'godwit/v1',
      kind: 'Pipeline',
      name: 'cli-spot',
      parameters: [],
      steps: [
        {
          name: 'train',
          type: 'training',
          process: { command: ['python3'], code: 'epochs.py', contract: 'sagemaker' },
          hyperparameters: { epochs: 4, 'epoch-seconds': 0.25, 'checkpoint-dir': '/opt/ml/checkpoints' },
          checkpoint: { uri: 'ckpt' },
          spot: { maxWaitSeconds: 60 },
          inputs: [],
          outputs: [{ name: 'model', type: 'model' }],
        },
      ],
    };
    await writeFile(join(dir, 'pipeline.json'), JSON.stringify(ir));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('interrupts the named step as a spot reclaim; it restarts from its checkpoints', async () => {
    const r = await godwit(['run', join(dir, 'pipeline.json'), '--interrupt', 'train@0.6', '--json'], env);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const report = JSON.parse(r.stdout);
    const metrics = Object.fromEntries(report.metrics.map((m: { name: string; value: number }) => [m.name, m.value]));
    assert.equal(metrics.SpotInterruptions, 1);
  });

  test('a step name the pipeline does not have is a usage error that lists the steps', async () => {
    const r = await godwit(['run', join(dir, 'pipeline.json'), '--interrupt', 'tain@1'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--interrupt names no step of the pipeline: tain\. Its steps: train\./);
    const bad = await godwit(['run', join(dir, 'pipeline.json'), '--interrupt', 'train'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--interrupt needs STEP@SECONDS/);
  });
});
