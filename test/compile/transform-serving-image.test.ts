import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileKfp } from '../../src/compile/kfp/kfp-compiler.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { compileSageMaker } from '../../src/compile/sagemaker/sagemaker-compiler.js';
import { pipeline, transform } from '../../src/pipeline/dsl/index.js';
import type { PipelineIR, TransformStep } from '../../src/pipeline/ir.js';
import { assertValidPipeline } from '../../src/pipeline/validate.js';

// A transform job's step carries its model's serving image and environment (from CreateModel).
function withServing(): PipelineIR {
  const ir = pipeline('p', { steps: [transform('score', { model: 's3://b/m.tar.gz', input: 's3://b/in' })] }).ir;
  const step = { ...(ir.steps[0] as TransformStep), image: 'serve:1', environment: { SAGEMAKER_PROGRAM: 'inference.py' } };
  return { ...ir, steps: [step] };
}

test('a transform step with a serving image and environment is valid IR and compiles into the SageMaker model it creates', () => {
  const ir = withServing();
  assertValidPipeline(ir, 'the transform job pipeline');
  const steps = (
    compileSageMaker(ir, BUILTIN_PROFILES.aws).document as { Steps: { Type: string; Arguments: Record<string, unknown> }[] }
  ).Steps;
  const model = steps.find((s) => s.Type === 'Model');
  assert.ok(model, 'the transform creates its model first');
  assert.deepEqual((model.Arguments as { PrimaryContainer: unknown }).PrimaryContainer, {
    Image: 'serve:1',
    Environment: { SAGEMAKER_PROGRAM: 'inference.py' },
    ModelDataUrl: 's3://b/m.tar.gz',
  });
});

test("KFP refuses a transform's serving image rather than ignore it", () => {
  assert.throws(() => compileKfp(withServing(), BUILTIN_PROFILES.gcp), /a serving image or environment on a transform/);
});
