/**
 * The quality-check step on every target. SageMaker: the `QualityCheck` step as the SageMaker
 * Python SDK's `QualityCheckStep` writes it for a `DataQualityCheckConfig` (the expected shape of
 * its unit test, tests/unit/sagemaker/workflow/test_quality_check_step.py,
 * github.com/aws/sagemaker-python-sdk), and the public definition schema accepts it. Step
 * Functions and KFP have no such step and refuse it, naming the way out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile } from '../../src/compile/index.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { GodwitError } from '../../src/core/errors.js';
import { param, pipeline, processing, qualityCheck } from '../../src/pipeline/dsl/index.js';
import { sageMakerSchemaErrors } from './sagemaker-schema/sagemaker-schema.js';

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = any;

const dataset = param.string('BaselineDataset', 's3://bucket/abalone/train.csv');
const check = qualityCheck('DataQualityCheckStep', {
  dataset,
  format: 'csv',
  header: true,
  baseline: { statistics: 's3://bucket/baseline/statistics.json', constraints: 's3://bucket/baseline/constraints.json' },
  modelPackageGroup: 'AbaloneModels',
});
const reader = processing('use', {
  command: ['python3'],
  code: 'steps/use.py',
  inputs: { stats: check.output('statistics'), constraints: check.output('constraints') },
});
const ir = pipeline('dq', { parameters: [dataset], steps: [check, reader] }).ir;

describe('the quality-check step compiled', () => {
  test("for SageMaker is a QualityCheck step shaped as the SDK's, which the definition schema accepts", () => {
    const doc = compile(ir, 'sagemaker', BUILTIN_PROFILES.aws).document as { Steps: Record<string, unknown>[] };
    assert.deepEqual(sageMakerSchemaErrors(doc), []);
    const step = doc.Steps.find((s) => s.Name === 'DataQualityCheckStep') as Json;
    const args = step.Arguments;
    assert.equal(step.Type, 'QualityCheck');
    assert.deepEqual(
      [step.CheckType, step.ModelPackageGroupName, step.SkipCheck, step.FailOnViolation, step.RegisterNewBaseline],
      ['DATA_QUALITY', 'AbaloneModels', false, true, false],
    );
    assert.equal(step.SuppliedBaselineStatistics, 's3://bucket/baseline/statistics.json');
    assert.equal(step.SuppliedBaselineConstraints, 's3://bucket/baseline/constraints.json');
    assert.equal(args.AppSpecification.ImageUri, '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer');
    assert.deepEqual(args.ProcessingInputs, [
      {
        InputName: 'baseline_dataset_input',
        AppManaged: false,
        S3Input: {
          S3Uri: { Get: 'Parameters.BaselineDataset' },
          LocalPath: '/opt/ml/processing/input/baseline_dataset_input',
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
          S3DataDistributionType: 'FullyReplicated',
          S3CompressionType: 'None',
        },
      },
    ]);
    const [output] = args.ProcessingOutputConfig.Outputs;
    assert.equal(output.OutputName, 'quality_check_output');
    assert.equal(output.S3Output.LocalPath, '/opt/ml/processing/output');
    assert.deepEqual(args.Environment, {
      output_path: '/opt/ml/processing/output',
      publish_cloudwatch_metrics: 'Disabled',
      dataset_format: '{"csv": {"header": true, "output_columns_position": "START"}}',
      dataset_source: '/opt/ml/processing/input/baseline_dataset_input',
    });
    // A later step reads the calculated baseline through the step's own properties.
    const use = doc.Steps.find((s) => s.Name === 'use') as Json;
    const sources = use.Arguments.ProcessingInputs.map((i: Json) => i.S3Input.S3Uri);
    assert.deepEqual(sources.slice(0, 2), [
      { Get: 'Steps.DataQualityCheckStep.CalculatedBaselineStatistics' },
      { Get: 'Steps.DataQualityCheckStep.CalculatedBaselineConstraints' },
    ]);
  });

  test('without a Model Monitor image in the profile, SageMaker refuses it naming the profile key', () => {
    const profile = { ...BUILTIN_PROFILES.aws, images: { godwit: 'x' } };
    assert.throws(
      () => compile(ir, 'sagemaker', profile),
      (err: GodwitError) => /images\.model-monitor/.test(err.hint ?? ''),
    );
  });

  for (const [target, profile] of [
    ['stepfunctions', BUILTIN_PROFILES.aws],
    ['kfp', BUILTIN_PROFILES.gcp],
  ] as const) {
    test(`for ${target} is refused, naming the step and the way out`, () => {
      assert.throws(
        () => compile(ir, target, profile!),
        (err: GodwitError) =>
          err.code === 'E_COMPILE_UNSUPPORTED' &&
          err.message.includes('Step "DataQualityCheckStep" uses a quality-check step') &&
          /godwit monitor baseline/.test(err.hint ?? ''),
      );
    });
  }
});
