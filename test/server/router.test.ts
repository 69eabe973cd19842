import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FRONT_DOORS } from '../../src/server/front-doors.js';
import { route } from '../../src/server/router.js';

const doors = FRONT_DOORS;

function signed(service: string, region = 'us-east-1'): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261205/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00ff`,
  };
}

function doorFor(method: string, path: string, headers: Record<string, string> = {}, query = '') {
  const r = route({ method, path, headers, query: new URLSearchParams(query) }, doors);
  return 'door' in r ? r.door.name : `none${r.aws ? ' (aws)' : ''}`;
}

describe('routing: SigV4 scope first, then X-Amz-Target, then path', () => {
  test('each front door gets its own requests', () => {
    assert.equal(doorFor('GET', '/api/v1/runs'), 'api');
    assert.equal(
      doorFor('POST', '/', { ...signed('sagemaker'), 'x-amz-target': 'SageMaker.ListPipelineExecutions' }),
      'sagemaker',
    );
    assert.equal(doorFor('POST', '/endpoints/my-ep/invocations', signed('sagemaker')), 'sagemaker-runtime');
    assert.equal(doorFor('POST', '/endpoints/my-ep/async-invocations', signed('sagemaker')), 'sagemaker-runtime');
    assert.equal(doorFor('GET', '/my-bucket/key.csv', signed('s3')), 's3');
  });

  test('a bucket named "api" or "endpoints" belongs to S3, never to the REST API or SageMaker Runtime', () => {
    assert.equal(doorFor('GET', '/api/v1/runs', signed('s3')), 's3');
    assert.equal(doorFor('PUT', '/api/v1/health', signed('s3')), 's3');
    assert.equal(doorFor('POST', '/endpoints/x/invocations', signed('s3')), 's3');
  });

  test('presigned URLs are routed by the credential in their query', () => {
    const q =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDLOCAL%2F20261205%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab';
    assert.equal(doorFor('GET', '/api/v1/health', {}, q), 's3');
  });

  test('the target beats the path; a SageMaker-signed request never reaches the REST API', () => {
    const target = { ...signed('sagemaker'), 'x-amz-target': 'SageMaker.ListModelPackages' };
    assert.equal(doorFor('POST', '/endpoints/x/invocations', target), 'sagemaker');
    assert.equal(doorFor('GET', '/api/v1/runs', signed('sagemaker')), 'none (aws)');
    assert.equal(doorFor('POST', '/', signed('sagemaker')), 'none (aws)', 'no target and no runtime path');
  });

  test('an unsigned request is the REST API unless it names a target; it never reaches an AWS REST service', () => {
    assert.equal(doorFor('POST', '/endpoints/x/invocations'), 'none');
    assert.equal(doorFor('GET', '/my-bucket/key.csv'), 'none');
    assert.equal(doorFor('POST', '/', { 'x-amz-target': 'SageMaker.ListModelPackages' }), 'sagemaker');
  });

  test('a service Godwit does not serve, or a target no door has, is an AWS error', () => {
    assert.equal(doorFor('POST', '/', { ...signed('kinesis'), 'x-amz-target': 'Kinesis_20131202.ListStreams' }), 'none (aws)');
    assert.equal(doorFor('POST', '/', { ...signed('sagemaker'), 'x-amz-target': 'AWSEvents.PutEvents' }), 'none (aws)');
    const r = route({ method: 'POST', path: '/', headers: signed('kinesis'), query: new URLSearchParams() }, doors);
    assert.ok(!('door' in r) && /signed as "kinesis".*sagemaker/.test(r.missing));
  });
});
