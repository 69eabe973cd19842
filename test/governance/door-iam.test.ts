import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EVENTS_IAM } from '../../src/server/aws/events/events-iam.js';
import { LOGS_IAM } from '../../src/server/aws/logs/logs-iam.js';
import { copySourceArn, s3Check } from '../../src/server/aws/s3/s3-iam.js';
import { s3Operation } from '../../src/server/aws/s3/s3-operation.js';
import { SAGEMAKER_IAM } from '../../src/server/aws/sagemaker/sagemaker-iam.js';
import { STEPFUNCTIONS_IAM } from '../../src/server/aws/stepfunctions/stepfunctions-iam.js';

const R = 'eu-west-1';
const sm = (action: string, input: Record<string, unknown>) => SAGEMAKER_IAM.resource(action, input, R);
const SM = `arn:aws:sagemaker:${R}:000000000000`;

describe("each door's IAM resource, as AWS names it", () => {
  test('SageMaker: the noun names the field and the resource type; names lower-cased', () => {
    assert.equal(sm('CreateEndpoint', { EndpointName: 'Prod-Churn', EndpointConfigName: 'c' }), `${SM}:endpoint/prod-churn`);
    assert.equal(sm('DescribeEndpointConfig', { EndpointConfigName: 'C1' }), `${SM}:endpoint-config/c1`);
    assert.equal(sm('UpdateEndpointWeightsAndCapacities', { EndpointName: 'e' }), `${SM}:endpoint/e`);
    assert.equal(sm('StartPipelineExecution', { PipelineName: 'Train' }), `${SM}:pipeline/train`);
    assert.equal(
      sm('DescribePipelineExecution', { PipelineExecutionArn: `${SM}:pipeline/train/execution/x` }),
      `${SM}:pipeline/train/execution/x`,
    );
    assert.equal(sm('CreateTrainingJob', { TrainingJobName: 'J' }), `${SM}:training-job/j`);
    assert.equal(sm('CreateModelPackageGroup', { ModelPackageGroupName: 'Churn' }), `${SM}:model-package-group/churn`);
    assert.equal(sm('CreateModelPackage', { ModelPackageGroupName: 'Churn' }), `${SM}:model-package-group/churn`);
    assert.equal(sm('CreateDataQualityJobDefinition', { JobDefinitionName: 'Dq' }), `${SM}:data-quality-job-definition/dq`);
    assert.equal(sm('StartInferenceExperiment', { Name: 'Shadow' }), `${SM}:inference-experiment/shadow`);
    assert.equal(sm('ListEndpoints', {}), '*');
    assert.equal(sm('DescribeModelPackage', { ModelPackageName: `${SM}:model-package/churn/3` }), `${SM}:model-package/churn/3`);
  });

  test('Step Functions, EventBridge, Logs', () => {
    const machine = `arn:aws:states:${R}:000000000000:stateMachine:M`;
    assert.equal(STEPFUNCTIONS_IAM.resource('StartExecution', { stateMachineArn: machine }, R), machine);
    assert.equal(STEPFUNCTIONS_IAM.resource('CreateStateMachine', { name: 'M' }, R), machine);
    assert.equal(STEPFUNCTIONS_IAM.resource('ListStateMachines', {}, R), '*');
    const bus = (n: string) => `arn:aws:events:${R}:000000000000:event-bus/${n}`;
    assert.deepEqual(EVENTS_IAM.resource('PutEvents', { Entries: [{ EventBusName: 'orders' }, {}] }, R), [
      bus('orders'),
      bus('default'),
    ]);
    assert.equal(
      EVENTS_IAM.resource('PutRule', { Name: 'r', EventBusName: 'orders' }, R),
      `arn:aws:events:${R}:000000000000:rule/orders/r`,
    );
    assert.equal(EVENTS_IAM.resource('PutTargets', { Rule: 'r' }, R), `arn:aws:events:${R}:000000000000:rule/r`);
    assert.equal(EVENTS_IAM.resource('CreateEventBus', { Name: 'orders' }, R), bus('orders'));
    assert.equal(
      LOGS_IAM.resource('GetLogEvents', { logGroupName: '/g', logStreamName: 's' }, R),
      `arn:aws:logs:${R}:000000000000:log-group:/g:log-stream:s`,
    );
  });

  test('S3: object and bucket operations, subresources, CopyObject source', () => {
    const check = (method: string, path: string, query = '', headers: Record<string, string> = {}) => {
      const req = { method, path, query: new URLSearchParams(query), headers };
      return s3Check(s3Operation(req), req);
    };
    assert.deepEqual(check('GET', '/data/a/b%20c.csv'), { action: 's3:GetObject', resources: ['arn:aws:s3:::data/a/b c.csv'] });
    assert.deepEqual(check('HEAD', '/data/k'), { action: 's3:GetObject', resources: ['arn:aws:s3:::data/k'] });
    assert.deepEqual(check('PUT', '/data/k', 'partNumber=1&uploadId=u'), {
      action: 's3:PutObject',
      resources: ['arn:aws:s3:::data/k'],
    });
    assert.deepEqual(check('GET', '/data', 'list-type=2'), { action: 's3:ListBucket', resources: ['arn:aws:s3:::data'] });
    assert.deepEqual(check('HEAD', '/data'), { action: 's3:ListBucket', resources: ['arn:aws:s3:::data'] });
    assert.deepEqual(check('PUT', '/data'), { action: 's3:CreateBucket', resources: ['arn:aws:s3:::data'] });
    assert.deepEqual(check('GET', '/'), { action: 's3:ListAllMyBuckets', resources: ['*'] });
    assert.deepEqual(check('POST', '/data', 'delete='), { action: 's3:DeleteObject', resources: ['arn:aws:s3:::data/*'] });
    assert.deepEqual(check('GET', '/data', 'versioning='), {
      action: 's3:GetBucketVersioning',
      resources: ['arn:aws:s3:::data'],
    });
    assert.deepEqual(check('PUT', '/data/k', '', { 'x-amz-copy-source': '/src/a%2Bb' }).action, 's3:PutObject');
    assert.equal(copySourceArn('/src/a%2Bb?versionId=1'), 'arn:aws:s3:::src/a+b');
  });
});
