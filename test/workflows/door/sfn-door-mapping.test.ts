/**
 * The Step Functions door's own mapping, without an engine: where history details go, which
 * names and ARNs it refuses before asking the service, how the capability's errors read, and
 * that StartSyncExecution reaches the door whatever host the SDK sent it to.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import type { AwsError } from '../../../src/server/aws/aws-error.js';
import { detailsMember, historyEventOut } from '../../../src/server/aws/stepfunctions/history-actions.js';
import { inSfnTerms, ON_EXECUTION, ON_START } from '../../../src/server/aws/stepfunctions/sfn-errors.js';
import { checkName, executionArnOf, machineArnOf } from '../../../src/server/aws/stepfunctions/sfn-input.js';
import { FRONT_DOORS } from '../../../src/server/front-doors.js';
import { route } from '../../../src/server/router.js';

const typeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as AwsError).type;
  }
  return 'no error';
};

describe('Step Functions door: mapping', () => {
  test("history details sit under the member Step Functions' model names for the type", () => {
    assert.equal(detailsMember('TaskScheduled'), 'taskScheduledEventDetails');
    assert.equal(detailsMember('MapIterationStarted'), 'mapIterationStartedEventDetails');
    assert.equal(detailsMember('ExecutionSucceeded'), 'executionSucceededEventDetails');
    assert.equal(detailsMember('PassStateEntered'), 'stateEnteredEventDetails');
    assert.equal(detailsMember('ChoiceStateExited'), 'stateExitedEventDetails');
    const at = new Date('2026-12-06T13:00:00.250Z');
    const e = { id: 2, previousEventId: 1, timestamp: at, type: 'PassStateEntered', details: { name: 'A', input: '{"x":1}' } };
    assert.deepEqual(historyEventOut(e), {
      timestamp: at.getTime() / 1000,
      type: 'PassStateEntered',
      id: 2,
      previousEventId: 1,
      stateEnteredEventDetails: { name: 'A', input: '{"x":1}' },
    });
    assert.deepEqual(historyEventOut(e, false).stateEnteredEventDetails, { name: 'A' }, 'includeExecutionData: false');
    assert.equal(
      'executionStartedEventDetails' in historyEventOut({ ...e, type: 'ParallelStateStarted', details: undefined }),
      false,
    );
  });

  test('names and ARNs are refused as InvalidName / InvalidArn before the service is asked', () => {
    assert.equal(checkName('nightly-retrain_2', 'execution'), 'nightly-retrain_2');
    for (const bad of ['', 'a b', 'x'.repeat(81), 'a/b', 'a:b', 'a*', 'a\u0001', 'a{b}']) {
      assert.equal(
        typeOf(() => checkName(bad, 'execution')),
        'InvalidName',
        JSON.stringify(bad),
      );
    }
    const machine = 'arn:aws:states:us-east-1:000000000000:stateMachine:hello';
    assert.equal(machineArnOf({ stateMachineArn: machine }), machine);
    assert.equal(
      typeOf(() => machineArnOf({ stateMachineArn: 'hello' })),
      'InvalidArn',
    );
    assert.equal(
      typeOf(() => machineArnOf({ stateMachineArn: machine.replace('000000000000', '123456789012') })),
      'InvalidArn',
    );
    assert.equal(
      typeOf(() => machineArnOf({})),
      'ValidationException',
      'a required field absent',
    );
    const exec = 'arn:aws:states:eu-west-1:000000000000:execution:hello:run-1';
    assert.equal(executionArnOf({ executionArn: exec }), exec);
    assert.equal(
      executionArnOf({ executionArn: exec.replace(':execution:', ':express:') }),
      exec.replace(':execution:', ':express:'),
    );
    assert.equal(
      typeOf(() => executionArnOf({ executionArn: machine })),
      'InvalidArn',
    );
  });

  test("the capability's codes read as Step Functions' error names, by action", () => {
    const read = (code: 'E_WORKFLOW_NOT_FOUND' | 'E_WORKFLOW_EXISTS' | 'E_ASL_INVALID', terms = {}) =>
      (inSfnTerms(new GodwitError(code, 'm', { hint: 'h' }), terms) as AwsError).type;
    assert.equal(read('E_WORKFLOW_NOT_FOUND'), 'StateMachineDoesNotExist');
    assert.equal(read('E_WORKFLOW_NOT_FOUND', ON_EXECUTION), 'ExecutionDoesNotExist');
    assert.equal(read('E_WORKFLOW_EXISTS'), 'StateMachineAlreadyExists');
    assert.equal(read('E_WORKFLOW_EXISTS', ON_START), 'ExecutionAlreadyExists');
    assert.equal(read('E_ASL_INVALID'), 'InvalidDefinition');
    const e = inSfnTerms(new GodwitError('E_WORKFLOW_INPUT', 'Input is not JSON.', { hint: 'Send JSON.' })) as AwsError;
    assert.deepEqual([e.type, e.message], ['InvalidExecutionInput', 'Input is not JSON. Send JSON.']);
    const internal = new Error('boom');
    assert.equal(inSfnTerms(internal), internal, 'not a caller mistake: left for the 500 path');
  });

  test('requests signed "states" reach the door, StartSyncExecution on a sync- host included', () => {
    const signed = {
      authorization:
        'AWS4-HMAC-SHA256 Credential=godwit/20261206/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00ff',
    };
    for (const [host, action] of [
      ['127.0.0.1:4600', 'ListStateMachines'],
      ['sync-127.0.0.1:4600', 'StartSyncExecution'],
      ['sync-localhost:4600', 'StartSyncExecution'],
    ]) {
      const headers = { ...signed, host, 'x-amz-target': `AWSStepFunctions.${action}` };
      const r = route({ method: 'POST', path: '/', headers, query: new URLSearchParams() }, FRONT_DOORS);
      assert.ok('door' in r && r.door.name === 'states', `${host} ${action}`);
    }
  });
});
