import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { digestDir } from '../../src/store/index.js';
import { cli } from '../cli/capture.js';
import { scratchDir } from '../helpers/scratch.js';

/** A one-step pipeline registering the model at `model` (a literal URI or path) into `group`. */
function registerPipeline(dir: string, model: string, group: string): string {
  const file = join(dir, `${group}.yaml`);
  writeFileSync(
    file,
    `apiVersion: godwit/v1
kind: Pipeline
name: register-${group.toLowerCase()}
parameters: []
steps:
  - name: register
    type: register-model
    model: ${model}
    modelPackageGroup: ${group}
    approvalStatus: Approved
`,
  );
  return file;
}

// SageMaker's RegisterModel takes model_data as a URI a step wrote to (BigQuery ML's EXPORT MODEL
// writes gs://…): the register step records that URI, and refuses one with nothing there.
describe('a register step registers a model named by URI or path', () => {
  const dir = scratchDir('godwit-register-uri-');
  const env = { GODWIT_HOME: join(dir, 'home') };
  const model = join(dir, 'model');
  mkdirSync(model);
  writeFileSync(join(model, 'weights.json'), '{"w":[1,2,3]}');

  const versions = async (group: string) =>
    JSON.parse((await cli(['models', 'list', group, '--json'], env, dir)).stdout) as { modelUri: string; modelSha256?: string }[];

  test('a gs:// prefix in the home’s store', async () => {
    const cp = await cli(['storage', 'cp', join(model, 'weights.json'), 'gs://models/penguins/weights.json'], env, dir);
    assert.equal(cp.code, 0, cp.stderr);
    const run = await cli(['run', registerPipeline(dir, 'gs://models/penguins/', 'ByUri'), '--json'], env, dir);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const [version] = await versions('ByUri');
    assert.equal(version.modelUri, 'gs://models/penguins/');
  });

  test('a path relative to the pipeline file, recorded as a file:// URI with its tree digest', async () => {
    const run = await cli(['run', registerPipeline(dir, 'model', 'ByPath'), '--json'], env, dir);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const [version] = await versions('ByPath');
    assert.equal(version.modelUri, `${pathToFileURL(model).href}/`);
    assert.equal(version.modelSha256, (await digestDir(model)).sha256);
  });

  test('nothing at the URI fails the step with E_INPUT_MISSING naming it, and registers nothing', async () => {
    const run = await cli(['run', registerPipeline(dir, 'gs://models/nothing-here/', 'Missing'), '--json'], env, dir);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout);
    const step = report.steps.find((s: { name: string }) => s.name === 'register');
    assert.equal(step.status, 'failed');
    assert.match(report.error ?? step.error, /model: nothing is at gs:\/\/models\/nothing-here\//);
    assert.deepEqual(await versions('Missing'), []);
  });
});
