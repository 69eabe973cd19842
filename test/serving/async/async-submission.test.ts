import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { acceptSubmission } from '../../../src/serving/async/async-submission.js';

const now = new Date('2026-12-06T08:00:00Z');
const spec = { s3OutputPath: 's3://out/results/', successTopic: 'arn:aws:sns:us-east-1:000000000000:ok' };

describe('acceptSubmission', () => {
  test("fills SageMaker's defaults: six hours in the queue, fifteen minutes in the model, failures beside results", () => {
    const r = acceptSubmission({ endpointName: 'e', inputLocation: 's3://in/x.csv', inferenceId: 'a1' }, spec, now);
    assert.equal(r.outputLocation, 's3://out/results/a1.out');
    assert.equal(r.failureLocation, 's3://out/results/a1-error.out');
    assert.equal(r.expiresAt.toISOString(), '2026-12-06T14:00:00.000Z');
    assert.equal(r.invocationTimeoutSeconds, 900);
    assert.equal(r.contentType, 'application/octet-stream');
    assert.deepEqual(r.notification, { successTopic: spec.successTopic });
    assert.notEqual(r.id, 'a1', "the queue's id is its own: inference ids need not be unique");
  });

  test('a path extension and a file name (newer SDKs) place the output; the failure path is its own', () => {
    const r = acceptSubmission(
      { endpointName: 'e', body: Buffer.from('1'), inferenceId: 'b2', s3OutputPathExtension: '/day/1/', filename: 'answer.json' },
      { ...spec, s3FailurePath: 'gs://failed' },
      now,
    );
    assert.equal(r.outputLocation, 's3://out/results/day/1/answer.json');
    assert.equal(r.failureLocation, 'gs://failed/day/1/b2-error.out');
  });

  test('refuses what SageMaker Runtime refuses, every problem in one message', () => {
    assert.throws(
      () =>
        acceptSubmission(
          {
            endpointName: 'e',
            inputLocation: 's3://in/x',
            body: Buffer.from('x'),
            inferenceId: ' padded',
            requestTtlSeconds: 1e6,
          },
          spec,
          now,
        ),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'E_ASYNC_VALIDATION');
        assert.match(err.message, /^3 validation errors detected: /);
        assert.match(err.message, /mutually exclusive/);
        assert.match(err.message, /Value ' padded' at 'inferenceId'/);
        assert.match(
          err.message,
          /Value '1000000' at 'requestTTLSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600/,
        );
        return true;
      },
    );
    for (const uri of ['s3:/x', 'http://h/x', 'bucket/key', '']) {
      assert.throws(() => acceptSubmission({ endpointName: 'e', inputLocation: uri }, spec, now), /at 'inputLocation'/);
    }
  });
});
