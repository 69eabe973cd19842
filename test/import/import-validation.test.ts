import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GodwitError, ValidationError } from '../../src/core/errors.js';
import { assertImported } from '../../src/import/pipeline-import.js';
import { IR_API_VERSION, type PipelineIR } from '../../src/pipeline/ir.js';

// Both importers (SageMaker and KFP) end with this check, so an imported IR the validator refuses
// is E_IMPORT from either, with the validator's problems kept on the cause.
test('an imported IR the validator refuses is E_IMPORT, its problems listed and kept on an E_VALIDATION cause', () => {
  const ir: PipelineIR = {
    apiVersion: IR_API_VERSION,
    kind: 'Pipeline',
    name: 'p',
    parameters: [],
    steps: [{ name: '9lives', type: 'fail', message: 'no' }],
  };
  assert.throws(
    () => assertImported(ir, 'KFP pipeline "p"'),
    (err: unknown) => {
      assert.ok(err instanceof GodwitError);
      assert.equal(err.code, 'E_IMPORT');
      assert.match(err.message, /^The pipeline imported from KFP pipeline "p" is not valid \(1\):\n {2}- .*9lives/);
      assert.ok(err.hint);
      assert.ok(err.cause instanceof ValidationError);
      assert.equal(err.cause.problems[0].step, '9lives');
      return true;
    },
  );
  assert.doesNotThrow(() => assertImported({ ...ir, steps: [{ name: 'ok', type: 'fail', message: 'no' }] }, 'x'));
});
