/**
 * The abalone example compiled for Step Functions: a valid state machine, and
 * the same flow as the SageMaker pipeline (jobs in order, the MSE test as a Choice, registration
 * and batch transform in parallel when it passes, a Fail state with the threshold when it does not).
 *
 * The golden file, examples/abalone/abalone.asl.json, is checked by test/golden/compile-golden.test.ts.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import abalone from '../../examples/abalone/pipeline.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { compileStepFunctions } from '../../src/compile/stepfunctions/stepfunctions-compiler.js';

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = any;
const validate = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText(sep?: string): string;
};

const result = compileStepFunctions(abalone.ir, BUILTIN_PROFILES.aws);
const doc: Json = result.document;

describe('Step Functions: abalone', () => {
  test('passes asl-validator', () => {
    // asl-validator adds QueryLanguage to every state it checks: give it a copy.
    const v = validate(structuredClone(doc));
    assert.ok(v.isValid, v.errorsText('\n'));
  });

  test('merges execution input over the parameter defaults first', () => {
    const first = doc.States[doc.StartAt];
    assert.equal(first.Result.mse_threshold, 6);
    assert.equal(first.Result.input_data, result.uploads[0].uri);
    assert.deepEqual(doc.States[first.Next].Parameters, {
      'parameters.$': 'States.JsonMerge($.defaults, $$.Execution.Input, false)',
      steps: {},
    });
  });

  test('runs the jobs in order through the SageMaker .sync integrations', () => {
    const order: string[] = [];
    for (
      let name: string | undefined = doc.States.Parameters.Next;
      name && doc.States[name].Type === 'Task';
      name = doc.States[name].Next
    ) {
      order.push(`${name} ${doc.States[name].Resource}`);
    }
    assert.deepEqual(order, [
      'preprocess arn:aws:states:::sagemaker:createProcessingJob.sync',
      'train arn:aws:states:::sagemaker:createTrainingJob.sync',
      'evaluate arn:aws:states:::sagemaker:createProcessingJob.sync',
      'evaluate (read EvaluationReport) arn:aws:states:::aws-sdk:s3:getObject',
    ]);
    assert.equal(doc.States.preprocess.Parameters['ProcessingJobName.$'], "States.Format('preprocess-{}', $$.Execution.Name)");
    assert.equal(doc.States.evaluate.Parameters.ProcessingInputs[0].S3Input['S3Uri.$'], '$.steps.train.ModelArtifacts');
  });

  test('tests the MSE from the evaluation report against the threshold parameter', () => {
    const read = doc.States['evaluate (read EvaluationReport)'];
    assert.deepEqual(read.ResultSelector, { 'Content.$': 'States.StringToJson($.Body)' });
    assert.equal(
      read.Parameters['Key.$'],
      "States.Format('godwit/abalone/{}/evaluate/output/evaluation/evaluation.json', $$.Execution.Name)",
    );
    const choice = doc.States['check-mse'];
    assert.deepEqual(choice.Choices, [
      {
        Variable: '$.steps.evaluate.PropertyFiles.EvaluationReport.Content.regression_metrics.mse.value',
        NumericLessThanEqualsPath: '$.parameters.mse_threshold',
        Next: 'Parallel: register, batch-transform',
      },
    ]);
    assert.deepEqual(doc.States[choice.Default], {
      Type: 'Fail',
      Error: 'mse-too-high',
      CausePath: "States.Format('Execution failed due to MSE > {}', $.parameters.mse_threshold)",
    });
  });

  test('registers and batch-transforms in parallel when the MSE passes', () => {
    const parallel = doc.States['Parallel: register, batch-transform'];
    assert.deepEqual(
      parallel.Branches.map((b: Json) => Object.entries(b.States).map(([n, s]: [string, Json]) => `${n} ${s.Resource}`)),
      [
        ['register arn:aws:states:::aws-sdk:sagemaker:createModelPackage'],
        [
          'batch-transform (create model) arn:aws:states:::sagemaker:createModel',
          'batch-transform arn:aws:states:::sagemaker:createTransformJob.sync',
        ],
      ],
    );
    const [create, job] = Object.values(parallel.Branches[1].States) as Json[];
    assert.equal(create.Parameters['ModelName.$'], job.Parameters['ModelName.$'], 'the transform uses the model it created');
    assert.deepEqual(parallel.ResultSelector, {
      'parameters.$': '$[0].parameters',
      'steps.$': 'States.JsonMerge($[0].steps, $[1].steps, false)',
    });
  });

  test('says on the cached training step that Step Functions runs it every time', () => {
    assert.match(doc.States.train.Comment, /Cache \(expires after P30D\) not applied/);
  });
});
