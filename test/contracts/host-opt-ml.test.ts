/**
 * Without the sandbox, `/opt/ml` on the host is nobody's to write: contract steps must find their
 * container paths in the attempt folder. `godwit run` is started where `/opt` is an empty,
 * read-only file system, so any write to the host's `/opt/ml` (by Godwit, or by a script Godwit
 * failed to point elsewhere) fails the run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';
import { bwrapSkip, hasPython, PYTHON } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/godwit.js', import.meta.url));

// Scripts as SageMaker users write them: container paths from arguments and SM_* variables.
const MAKE = `import os, sys
out = sys.argv[sys.argv.index('--out') + 1]
open(os.path.join(out, 'train.csv'), 'w').write('1,2\\n')
`;
const TRAIN = `import argparse, os
p = argparse.ArgumentParser()
p.add_argument('--checkpoint-dir')
args, _ = p.parse_known_args()
os.makedirs(args.checkpoint_dir, exist_ok=True)
open(os.path.join(args.checkpoint_dir, 'epoch-1'), 'w').write('1')
open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write(open(os.environ['SM_CHANNEL_TRAIN'] + '/train.csv').read())
open(os.path.join(os.environ['SM_OUTPUT_DATA_DIR'], 'notes.txt'), 'w').write('ok')
`;

describe('contract steps without the sandbox', { skip: bwrapSkip || (!hasPython && `no ${PYTHON}`) }, () => {
  test("write nothing to the host's /opt/ml", () => {
    const dir = scratchDir('godwit-opt-ml-');
    writeFileSync(join(dir, 'make.py'), MAKE);
    writeFileSync(join(dir, 'train.py'), TRAIN);
    const ir = {
      apiVersion: 'godwit/v1',
      kind: 'Pipeline',
      name: 'host-opt-ml',
      parameters: [],
      steps: [
        {
          name: 'make',
          type: 'processing',
          process: { command: ['python3'], code: 'make.py', contract: 'sagemaker', args: ['--out', '/opt/ml/processing/train'] },
          inputs: [],
          outputs: [{ name: 'train', type: 'dataset', source: '/opt/ml/processing/train' }],
        },
        {
          name: 'train',
          type: 'training',
          process: { command: ['python3'], code: 'train.py', contract: 'sagemaker' },
          hyperparameters: { 'checkpoint-dir': '/opt/ml/checkpoints' },
          checkpoint: { uri: 'ckpt' },
          inputs: [{ name: 'train', source: { kind: 'StepOutput', step: 'make', output: 'train' } }],
          outputs: [
            { name: 'model', type: 'model' },
            { name: 'output', type: 'fileset' },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(ir));
    const r = spawnSync(
      'bwrap',
      ['--bind', '/', '/', '--tmpfs', '/opt', '--remount-ro', '/opt', '--dev', '/dev', '--proc', '/proc', '--'].concat(
        process.execPath,
        BIN,
        'run',
        join(dir, 'pipeline.json'),
      ),
      {
        encoding: 'utf8',
        env: { ...process.env, CI: '1', GODWIT_HOME: join(dir, 'home'), GODWIT_SANDBOX: 'none', GODWIT_PYTHON: PYTHON },
      },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /Read-only file system|EROFS/);
    assert.deepEqual(readdirSync(join(dir, 'ckpt')), ['epoch-1'], 'checkpoints went to the checkpoint URI');
  });
});
