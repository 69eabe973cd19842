/**
 * Misspelled builder options are refused (E_DSL_OPTION, with a suggestion) instead of dropped: a
 * dropped `outptus` or `timeoutSecs` gave a pipeline that validated and silently lacked them.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import {
  condition,
  fail,
  fn,
  lte,
  type ProcessingOptions,
  pipeline,
  processing,
  registerModel,
  training,
  transform,
} from '../../src/pipeline/dsl/index.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';
import { scratchDir } from '../helpers/scratch.js';

function optionError(build: () => unknown): GodwitError {
  try {
    build();
  } catch (err) {
    assert.ok(err instanceof GodwitError, String(err));
    assert.equal(err.code, 'E_DSL_OPTION', err.message);
    return err;
  }
  assert.fail('expected E_DSL_OPTION');
}

describe('DSL option names', () => {
  test('"outptus" on a processing step is refused with "did you mean outputs"', () => {
    const options = { command: ['node'], code: 'prep.mjs', outptus: { train: 'dataset' } } as ProcessingOptions;
    const err = optionError(() => processing('prep', options));
    assert.equal(err.message, 'Step "prep": processing() has no option "outptus". Did you mean "outputs"?');
    assert.match(err.hint ?? '', /^Options of processing\(\): .*outputs/);
  });

  test('"timeoutSecs" is refused on every step builder', () => {
    const typo = { timeoutSecs: 60 } as object;
    const model = 's3://bucket/model.tar.gz';
    const builders: [string, () => unknown][] = [
      ['processing()', () => processing('s', { command: ['node'], ...typo })],
      ['training()', () => training('s', { algorithm: 'linear-learner', ...typo })],
      ['transform()', () => transform('s', { model, input: 'in/', ...typo })],
      ['condition()', () => condition('s', { if: lte(1, 2), ...typo })],
      ['fail()', () => fail('s', { message: 'stop', ...typo })],
      ['registerModel()', () => registerModel('s', { model, modelPackageGroup: 'g', ...typo })],
      ['fn()', () => fn('s', { run: () => {}, ...typo })],
    ];
    for (const [builder, build] of builders) {
      const err = optionError(build);
      assert.equal(err.message, `Step "s": ${builder} has no option "timeoutSecs". Did you mean "timeoutSeconds"?`);
    }
  });

  test('nested names are checked too: process fields, input and output objects, pipeline options', () => {
    const proc = { command: ['python3'], entrypoint: 'train.py' } as object as { command: string[] };
    assertMessage(() => training('t', { process: proc }), `training()'s process has no option "entrypoint"`, '"entryPoint"');
    const input = { source: 'data/', destinaton: '/opt/ml/x' } as object as { source: string };
    assertMessage(() => processing('p', { command: ['node'], inputs: { raw: input } }), 'input "raw"', '"destination"');
    const output = { type: 'dataset', sorce: '/opt/ml/out' } as object as { type: 'dataset' };
    assertMessage(() => processing('p', { command: ['node'], outputs: { out: output } }), 'output "out"', '"source"');
    const options = { steps: [], parameter: [] } as object as { steps: [] };
    assertMessage(() => pipeline('demo', options), 'Pipeline "demo": pipeline() has no option "parameter"', '"parameters"');
  });

  test('several unknown names are listed together, each with its suggestion where one is close', () => {
    const options = { command: ['node'], outptus: {}, zzz: 1 } as ProcessingOptions;
    const err = optionError(() => processing('prep', options));
    assert.equal(err.message, 'Step "prep": processing() has no options "outptus" (did you mean "outputs"?), "zzz".');
  });

  test('a pipeline file with a misspelled option fails to load instead of validating', async () => {
    const dir = scratchDir('godwit-dsl-options-');
    const file = join(dir, 'pipeline.mts'); // an ES module: 'godwit' resolves to this package
    writeFileSync(
      file,
      "import { pipeline, processing } from 'godwit';\n" +
        "const prep = processing('prep', { command: ['node'], code: 'prep.mjs', outptus: { train: 'dataset' } } as never);\n" +
        "export default pipeline('typo', { steps: [prep] });\n",
    );
    await assert.rejects(loadPipelineFile(file), (err: GodwitError) => {
      // tsx loads the file's 'godwit' as its own module instance; the loader keeps the builder's
      // code and sentence and adds the file and line.
      assert.equal(err.code, 'E_DSL_OPTION');
      assert.match(
        err.message,
        /pipeline\.mts \(at line 2, column \d+\): Step "prep": processing\(\) has no option "outptus"\. Did you mean "outputs"\?/,
      );
      return true;
    });
  });
});

function assertMessage(build: () => unknown, ...fragments: string[]): void {
  const err = optionError(build);
  for (const f of fragments) assert.ok(err.message.includes(f), `${JSON.stringify(err.message)} should mention ${f}`);
}
