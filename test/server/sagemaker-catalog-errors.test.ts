import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { alreadyExists, inProgress, notFound } from '../../src/endpoints/endpoint-errors.js';
import { AwsError } from '../../src/server/aws/aws-error.js';
import { inSageMakerTerms } from '../../src/server/aws/sagemaker/catalog-errors.js';

const restated = async (err: unknown) => {
  try {
    await inSageMakerTerms('eu-west-1', async () => {
      throw err;
    });
  } catch (e) {
    return e as AwsError;
  }
  assert.fail('expected a rejection');
};

// The in-progress refusal cannot be caught through a live server (its host moves on within
// milliseconds), so SageMaker's wording of every catalog error is checked here, once.
test('catalog errors read as SageMaker writes them: ValidationException, the record named by ARN', async () => {
  const base = 'arn:aws:sagemaker:eu-west-1:000000000000';
  const cases: [unknown, string][] = [
    [notFound('model', 'm'), `Could not find model "${base}:model/m".`],
    [notFound('endpoint configuration', 'c'), `Could not find endpoint configuration "${base}:endpoint-config/c".`],
    [notFound('endpoint', 'e'), `Could not find endpoint "${base}:endpoint/e".`],
    [alreadyExists('model', 'm'), `Cannot create already existing model "${base}:model/m".`],
    [
      alreadyExists('endpoint configuration', 'c'),
      `Cannot create already existing endpoint configuration "${base}:endpoint-config/c".`,
    ],
    [alreadyExists('endpoint', 'e'), `Cannot create already existing endpoint "${base}:endpoint/e".`],
    [inProgress({ name: 'e', status: 'Creating' }), `Cannot update in-progress endpoint "${base}:endpoint/e".`],
  ];
  for (const [err, message] of cases) {
    const e = await restated(err);
    assert.ok(e instanceof AwsError);
    assert.deepEqual([e.type, e.status, e.message], ['ValidationException', 400, message]);
  }
  const other = await restated(new GodwitError('E_MODEL_NOT_APPROVED', 'Not approved.', { hint: 'Approve it.' }));
  assert.deepEqual([other.type, other.message], ['ValidationException', 'Not approved. Approve it.']);
  const unexpected = new Error('boom');
  assert.equal(await restated(unexpected), unexpected, 'anything else is left to the front door (InternalFailure)');
});
