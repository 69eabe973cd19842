import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Target } from '../../../src/events/bus/eventbridge-records.js';
import { inputProblem, targetInput } from '../../../src/events/bus/target-input.js';
import type { EventEnvelope } from '../../../src/events/event-envelope.js';

// The example event and input paths of eb-transform-target-input.md (EventBridge User Guide at 896fdda).
const event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
} as EventEnvelope;
const inputPathsMap = {
  timestamp: '$.time',
  instance: '$.detail.instance-id',
  state: '$.detail.state',
  resource: '$.resources[0]',
};
const context = {
  ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
  ruleName: 'example',
  ingestedAt: new Date('2015-11-11T21:29:55Z'),
};
const transformed = (inputTemplate: string) =>
  targetInput({ id: 't', arn: 'a', inputTransformer: { inputPathsMap, inputTemplate } }, event, context);

describe('input transformers: eb-transform-target-input.md', () => {
  test('simple string', () =>
    assert.equal(transformed('"instance <instance> is in <state>"'), '"instance i-0123456789 is in RUNNING"'));
  test('string with escaped quotes', () =>
    assert.equal(transformed('"instance \\"<instance>\\" is in <state>"'), '"instance \\"i-0123456789\\" is in RUNNING"'));
  test('simple JSON', () =>
    assert.deepEqual(JSON.parse(transformed('{\n  "instance" : <instance>,\n  "state": <state>\n}')), {
      instance: 'i-0123456789',
      state: 'RUNNING',
    }));
  test('JSON with strings and variables', () =>
    assert.deepEqual(
      JSON.parse(
        transformed('{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}'),
      ),
      {
        instance: 'i-0123456789',
        state: 'RUNNING',
        instanceStatus: 'instance "i-0123456789" is in RUNNING',
      },
    ));
  test('JSON with a mix of variables and static information', () =>
    assert.deepEqual(JSON.parse(transformed('{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}')), {
      instance: 'i-0123456789',
      state: [9, 'RUNNING', true],
      Transformed: 'Yes',
    }));
  test('reserved variables in JSON', () => {
    const out = JSON.parse(
      transformed(
        '{"instance": <instance>, "ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>, "originalEvent": <aws.events.event.json>, "head": <aws.events.event>, "at": <aws.events.event.ingestion-time>}',
      ),
    );
    assert.deepEqual(out.originalEvent, event);
    assert.equal(out.head.detail, undefined);
    assert.equal(out.head.id, event.id);
    assert.deepEqual([out.ruleArn, out.ruleName, out.at], [context.ruleArn, 'example', '2015-11-11T21:29:55.000Z']);
  });
  test('reserved variables in a string', () =>
    assert.equal(transformed('"<aws.events.rule-name> triggered"'), '"example triggered"'));
  test('a text template (botocore’s example) gets raw values', () =>
    assert.equal(
      transformed('<instance> is in state "<state>" at <resource>'),
      'i-0123456789 is in state "RUNNING" at arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111',
    ));
  test('a path that leads nowhere: null as a value, empty in a string', () =>
    assert.deepEqual(
      JSON.parse(
        targetInput(
          {
            id: 't',
            arn: 'a',
            inputTransformer: { inputPathsMap: { x: '$.detail.nope' }, inputTemplate: '{"a": <x>, "b": "[<x>]"}' },
          },
          event,
          context,
        ),
      ),
      { a: null, b: '[]' },
    ));
  test('a value with quotes is escaped inside a JSON string', () =>
    assert.deepEqual(
      JSON.parse(
        targetInput(
          { id: 't', arn: 'a', inputTransformer: { inputPathsMap: { d: '$.detail' }, inputTemplate: '{"s": "d=<d>"}' } },
          event,
          context,
        ),
      ),
      { s: 'd={"instance-id":"i-0123456789","state":"RUNNING"}' },
    ));
});

describe('target input without a transformer', () => {
  const t = (extra: Partial<Target>): Target => ({ id: 't', arn: 'a', ...extra });
  test('Input is passed verbatim', () => assert.equal(targetInput(t({ input: '{"k": 1}' }), event, context), '{"k": 1}'));
  test('InputPath selects part of the event', () =>
    assert.equal(targetInput(t({ inputPath: '$.detail.state' }), event, context), '"RUNNING"'));
  test('none: the whole event', () => assert.deepEqual(JSON.parse(targetInput(t({}), event, context)), event));
  test('PutTargets refuses what EventBridge refuses', () => {
    assert.match(inputProblem(t({ input: '{}', inputPath: '$' })) ?? '', /only one of Input, InputPath and InputTransformer/);
    assert.match(inputProblem(t({ input: '{' })) ?? '', /Input is not valid JSON/);
    assert.match(inputProblem(t({ inputPath: 'detail' })) ?? '', /not a valid JSON path/);
    assert.match(
      inputProblem(t({ inputTransformer: { inputTemplate: '{<x>: 1}', inputPathsMap: { x: '$.a' } } })) ?? '',
      /must be valid JSON/,
    );
    assert.match(
      inputProblem(t({ inputTransformer: { inputTemplate: '"<aws.events.event.json>"' } })) ?? '',
      /only be used as the value of a JSON field/,
    );
    assert.match(
      inputProblem(t({ inputTransformer: { inputTemplate: '<aws>', inputPathsMap: { aws: '$' } } })) ?? '',
      /reserved/,
    );
    assert.equal(
      inputProblem(t({ inputTransformer: { inputTemplate: '{"a": <x>}', inputPathsMap: { x: '$.detail' } } })),
      undefined,
    );
  });
});
