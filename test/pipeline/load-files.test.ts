import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main.js';
import { ValidationError } from '../../src/core/errors.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';
import { scratchDir } from '../helpers/scratch.js';

const pipelineYaml = (extra: string) => `apiVersion: godwit/v1
kind: Pipeline
name: files
parameters:
  - { name: data, type: string, default: nowhere.csv }
steps:
  - name: prep
    type: processing
    process: { command: [node], code: prep.mjs }
    inputs:
      - { name: raw, source: data/raw.csv }
      - { name: remote, source: s3://bucket/raw.csv }
      - { name: google, source: gs://bucket/raw.csv }
      - { name: param, source: { kind: Parameter, name: data } }
    outputs: [{ name: train, type: dataset }]
  - name: train
    type: training
    process: { command: [node], code: src, entryPoint: train.mjs }
    inputs:
      - { name: train, source: { kind: StepOutput, step: prep, output: train } }
      - { name: extra, source: "${extra}" }
    outputs: [{ name: model, type: model }]
  - name: score
    type: transform
    model: models/m
    input: batch.csv
    outputs: [{ name: predictions, type: dataset }]
`;

function project(withFiles: boolean): string {
  const dir = scratchDir('godwit-load-files-');
  writeFileSync(join(dir, 'pipeline.yaml'), pipelineYaml(pathToFileURL(join(dir, 'extra.csv')).href));
  mkdirSync(join(dir, 'src'));
  if (withFiles) {
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'models/m'), { recursive: true });
    for (const f of ['prep.mjs', 'data/raw.csv', 'src/train.mjs', 'batch.csv', 'extra.csv']) writeFileSync(join(dir, f), '');
  }
  return dir;
}

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('missing local files are validation problems', () => {
  test('code, code-folder entry points and literal local inputs, each with step and field', async () => {
    const dir = project(false);
    const e = await loadPipelineFile(join(dir, 'pipeline.yaml')).then(
      () => assert.fail('expected validation problems'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ValidationError, String(e));
    assert.deepEqual(
      e.problems.map((p) => `${p.step} ${p.field}`),
      [
        'prep process.code',
        'prep inputs.raw.source',
        'train process.entryPoint',
        'train inputs.extra.source',
        'score model',
        'score input',
      ],
    );
    const [code, raw] = e.problems;
    assert.equal(
      code.message,
      `the code file "prep.mjs" does not exist (looked at ${join(dir, 'prep.mjs')}); it is relative to the pipeline file.`,
    );
    assert.match(raw.message, /^"data\/raw\.csv" does not exist \(looked at .*\/data\/raw\.csv\); local paths are relative/);
  });

  test('no problem once the files exist; bucket URIs and references are never checked', async () => {
    const loaded = await loadPipelineFile(join(project(true), 'pipeline.yaml'));
    assert.equal(loaded.ir.steps.length, 3);
  });

  test('godwit validate reports them, and godwit run stops before running anything', async () => {
    const dir = project(false);
    const home = join(dir, 'home');
    const file = join(dir, 'pipeline.yaml');
    for (const command of ['validate', 'run']) {
      const out = sink();
      const err = sink();
      const code = await main([command, file], { stdout: out.stream, stderr: err.stream, cwd: dir, env: { GODWIT_HOME: home } });
      assert.equal(code, 2, `${command}: ${err.text()}`);
      assert.match(err.text(), /step "prep", process\.code: the code file "prep\.mjs" does not exist/);
    }
    assert.ok(!existsSync(join(home, 'runs')), 'no run was started');
  });
});
