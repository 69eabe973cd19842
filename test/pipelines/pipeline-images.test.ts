import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkImages } from '../../src/config/config-images.js';
import { IR_API_VERSION, type PipelineIR } from '../../src/pipeline/ir.js';
import { applyImageMap } from '../../src/pipelines/pipeline-images.js';

const ir = (steps: PipelineIR['steps']): PipelineIR => ({
  apiVersion: IR_API_VERSION,
  kind: 'Pipeline',
  name: 'p',
  parameters: [],
  steps,
});

describe("images: entries applied to a pipeline execution's steps", () => {
  const entries = checkImages(
    {
      'registry.local/proc:*': { command: ['python3'], files: { '/opt/program/': './program' } },
      'registry.local/train:*': { command: ['./train.sh', '--local'] },
    },
    '/project/godwit.config.yaml',
  );

  test('files: a processing entrypoint running a script inside the image runs the local script as the step code', () => {
    const {
      ir: out,
      mapped,
      folders,
    } = applyImageMap(
      ir([
        {
          name: 'prep',
          type: 'processing',
          process: {
            image: 'registry.local/proc:1',
            command: ['python3', '/opt/program/sub/prep.py', '--conf', '/opt/program/conf.yaml'],
            args: ['--n', 3],
            contract: 'sagemaker',
          },
          inputs: [],
          outputs: [],
        },
      ]),
      entries,
    );
    const [step] = out.steps;
    assert.ok(step.type === 'processing');
    assert.deepEqual(step.process, {
      image: 'registry.local/proc:1',
      command: ['python3'],
      code: 'image-files/0/opt/program',
      entryPoint: 'sub/prep.py',
      args: ['--conf', '/project/program/conf.yaml', '--n', 3],
      contract: 'sagemaker',
    });
    assert.deepEqual([...folders], [['image-files/0/opt/program', '/project/program']]);
    assert.deepEqual([...mapped], [['prep', 'registry.local/proc:*']]);
  });

  test("a training image's entry replaces its ContainerEntrypoint, keeping its ContainerArguments; unmatched images stay", () => {
    const { ir: out } = applyImageMap(
      ir([
        {
          name: 'fit',
          type: 'training',
          process: {
            image: 'registry.local/train:2',
            command: ['/bin/bash', 'driver.sh'],
            args: ['--region', 'x'],
            contract: 'sagemaker',
          },
          inputs: [],
          outputs: [{ name: 'model', type: 'model' }],
        },
        {
          name: 'other',
          type: 'training',
          process: { image: 'elsewhere/train:1', command: ['train'], contract: 'sagemaker' },
          inputs: [],
          outputs: [{ name: 'model', type: 'model' }],
        },
      ]),
      entries,
    );
    const [fit, other] = out.steps;
    assert.ok(fit.type === 'training' && other.type === 'training');
    assert.deepEqual(fit.process?.command, ['/project/train.sh']);
    assert.deepEqual(fit.process?.args, ['--local', '--region', 'x']);
    assert.deepEqual(other.process?.command, ['train']);
  });

  test('a malformed files: entry is E_CONFIG naming it', () => {
    assert.throws(
      () => checkImages({ x: { command: ['a'], files: { 'opt/program': './p' } } }, '/p/godwit.config.yaml'),
      (err: Error & { code?: string }) =>
        err.code === 'E_CONFIG' &&
        /images\."x"\.files\."opt\/program" must be an absolute path inside the image/.test(err.message),
    );
    assert.throws(
      () => checkImages({ x: { command: ['a'], files: ['./p'] } }, '/p/godwit.config.yaml'),
      /files must be a mapping of paths inside the image to local folders/,
    );
  });
});
