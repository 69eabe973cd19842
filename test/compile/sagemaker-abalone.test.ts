/**
 * The abalone example compiled for SageMaker: the shape of the official
 * SageMaker abalone notebook's definition (aws/amazon-sagemaker-examples, ml_ops/
 * sm-pipelines_preprocess_train_evaluate_batch_transform): the same step kinds in the same
 * places, the same property-reference paths, the same condition and fail message structure.
 *
 * The golden file, examples/abalone/abalone.sagemaker.json, is checked by test/golden/compile-golden.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import abalone from '../../examples/abalone/pipeline.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { compileSageMaker } from '../../src/compile/sagemaker/sagemaker-compiler.js';

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = any;

const result = compileSageMaker(abalone.ir, BUILTIN_PROFILES.aws);
const doc: Json = result.document;
const byName = (steps: Json[], name: string): Json => steps.find((s) => s.Name === name);
const condition = byName(doc.Steps, 'check-mse');

/** Every `{"Get": ...}` path in a JSON value. */
function gets(value: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) gets(v, out);
  else if (value && typeof value === 'object') {
    if (typeof value.Get === 'string') out.add(value.Get);
    for (const v of Object.values(value)) gets(v, out);
  }
  return out;
}

describe('SageMaker: abalone', () => {
  test('has the top-level fields the SDK writes', () => {
    assert.equal(doc.Version, '2020-12-01');
    assert.deepEqual(doc.Metadata, {});
    assert.deepEqual(doc.PipelineExperimentConfig, {
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' },
    });
    assert.deepEqual(
      doc.Parameters.map((p: Json) => [p.Name, p.Type]),
      [
        ['input_data', 'String'],
        ['processing_instance_type', 'String'],
        ['training_instance_type', 'String'],
        ['model_approval_status', 'String'],
        ['mse_threshold', 'Float'],
      ],
    );
  });

  test("has the notebook's step kinds: Processing, Training, Processing, Condition(RegisterModel + Model + Transform | Fail)", () => {
    assert.deepEqual(
      doc.Steps.map((s: Json) => s.Type),
      ['Processing', 'Training', 'Processing', 'Condition'],
    );
    assert.deepEqual(
      condition.Arguments.IfSteps.map((s: Json) => s.Type),
      ['RegisterModel', 'Model', 'Transform'],
    );
    assert.deepEqual(
      condition.Arguments.ElseSteps.map((s: Json) => s.Type),
      ['Fail'],
    );
  });

  test("refers to other steps with the notebook's property paths", () => {
    // The notebook's step names, renamed to the port's: AbaloneProcess → preprocess, AbaloneTrain → train,
    // AbaloneEval → evaluate, AbaloneCreateModel-CreateModel → batch-transform-create-model.
    const notebook = [
      "Steps.preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri",
      "Steps.preprocess.ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri",
      "Steps.preprocess.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri",
      'Steps.train.ModelArtifacts.S3ModelArtifacts',
      'Steps.evaluate.PropertyFiles.EvaluationReport',
      'Steps.batch-transform-create-model.ModelName',
    ];
    const ours = gets(doc);
    for (const path of notebook) assert.ok(ours.has(path), `missing ${path}`);
    const train = byName(doc.Steps, 'train');
    assert.deepEqual(
      train.Arguments.InputDataConfig.map((c: Json) => [c.ChannelName, c.ContentType, c.DataSource.S3DataSource.S3Uri]),
      [
        ['train', 'text/csv', { Get: "Steps.preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" }],
        ['validation', 'text/csv', { Get: "Steps.preprocess.ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri" }],
      ],
    );
    const [register, model, transform] = condition.Arguments.IfSteps;
    assert.deepEqual(register.Arguments.InferenceSpecification.Containers[0].ModelDataUrl, {
      Get: 'Steps.train.ModelArtifacts.S3ModelArtifacts',
    });
    assert.deepEqual(model.Arguments.PrimaryContainer.ModelDataUrl, { Get: 'Steps.train.ModelArtifacts.S3ModelArtifacts' });
    assert.deepEqual(transform.Arguments.ModelName, { Get: `Steps.${model.Name}.ModelName` });
  });

  test("has the notebook's property file, condition and fail message structure", () => {
    assert.deepEqual(byName(doc.Steps, 'evaluate').PropertyFiles, [
      { PropertyFileName: 'EvaluationReport', OutputName: 'evaluation', FilePath: 'evaluation.json' },
    ]);
    assert.deepEqual(condition.Arguments.Conditions, [
      {
        Type: 'LessThanOrEqualTo',
        LeftValue: {
          'Std:JsonGet': {
            PropertyFile: { Get: 'Steps.evaluate.PropertyFiles.EvaluationReport' },
            Path: 'regression_metrics.mse.value',
          },
        },
        RightValue: { Get: 'Parameters.mse_threshold' },
      },
    ]);
    assert.deepEqual(condition.Arguments.ElseSteps[0].Arguments, {
      ErrorMessage: { 'Std:Join': { On: ' ', Values: ['Execution failed due to MSE >', { Get: 'Parameters.mse_threshold' }] } },
    });
  });

  test('registers the model with the evaluation report as model-quality statistics', () => {
    const register = condition.Arguments.IfSteps[0];
    assert.equal(register.Arguments.ModelPackageGroupName, 'AbaloneModelPackageGroup');
    assert.deepEqual(register.Arguments.ModelApprovalStatus, { Get: 'Parameters.model_approval_status' });
    assert.deepEqual(register.Arguments.ModelMetrics.ModelQuality.Statistics, {
      ContentType: 'application/json',
      S3Uri: {
        'Std:Join': {
          On: '/',
          Values: [{ Get: "Steps.evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri" }, 'evaluation.json'],
        },
      },
    });
  });

  test('lists the dataset default and both scripts as uploads', () => {
    assert.deepEqual(
      result.uploads.map((u) => [u.local, u.uri]),
      [
        ['data/abalone.csv', 's3://sagemaker-us-east-1-123456789012/godwit/abalone/parameters/input_data/abalone.csv'],
        ['steps/preprocess.mjs', 's3://sagemaker-us-east-1-123456789012/godwit/abalone/code/preprocess/preprocess.mjs'],
        ['steps/evaluate.mjs', 's3://sagemaker-us-east-1-123456789012/godwit/abalone/code/evaluate/evaluate.mjs'],
      ],
    );
    assert.equal(doc.Parameters[0].DefaultValue, result.uploads[0].uri);
  });
});
