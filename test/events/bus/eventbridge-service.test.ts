import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import { godwitHome } from '../../../src/core/home.js';
import { code } from '../../../src/db/contract-kit.js';
import { CatalogEventBridgeService } from '../../../src/events/bus/catalog-eventbridge-service.js';
import { pipelineTarget } from '../../../src/events/bus/targets/pipeline-target.js';
import type { EventEnvelope } from '../../../src/events/event-envelope.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';

const clock = new FakeClock(Date.parse('2026-12-06T12:00:00Z'));
let metadata: Metadata;
let service: CatalogEventBridgeService;

before(async () => {
  metadata = await openMetadata(godwitHome(join(scratchDir('godwit-eb-service-'), 'home')), clock, {});
  service = new CatalogEventBridgeService(metadata.eventbridge, clock, {
    checkSchedule: (e) => {
      if (!/^(rate|cron)\(.+\)$/.test(e))
        throw new GodwitError('E_EVENTBRIDGE_INVALID', `Parameter ScheduleExpression is not valid: ${e}`);
    },
  });
});
after(() => metadata?.close());

describe('EventBridgeService: EventBridge’s validation', () => {
  test('PutRule refuses a bad pattern, a rule with neither pattern nor schedule, a schedule off the default bus, a bad name', async () => {
    await assert.rejects(service.putRule({ name: 'r', eventPattern: '{"source": "x"}' }), code('E_EVENT_PATTERN_INVALID'));
    await assert.rejects(service.putRule({ name: 'r' }), code('E_EVENTBRIDGE_INVALID'));
    await service.createEventBus('other');
    await assert.rejects(
      service.putRule({ name: 'r', eventBusName: 'other', scheduleExpression: 'rate(1 hour)' }),
      code('E_EVENTBRIDGE_INVALID'),
    );
    await assert.rejects(service.putRule({ name: 'r', scheduleExpression: 'every hour' }), code('E_EVENTBRIDGE_INVALID'));
    await assert.rejects(
      service.putRule({ name: 'has space', eventPattern: '{"source": ["x"]}' }),
      code('E_EVENTBRIDGE_INVALID'),
    );
    await assert.rejects(service.createEventBus('aws.partner'), code('E_EVENTBRIDGE_INVALID'));
    const rule = await service.putRule({
      name: 'ok',
      eventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/other',
      eventPattern: '{"source": ["x"]}',
    });
    assert.equal(rule.arn, 'arn:aws:events:us-east-1:000000000000:rule/other/ok');
  });

  test('PutTargets stores the valid targets and reports the others as failed entries', async () => {
    await service.putRule({ name: 'targets', eventPattern: '{"source": ["x"]}' });
    const result = await service.putTargets('targets', undefined, [
      { id: 'good', arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Deploy' },
      { id: 'bad arn', arn: 'arn:aws:sqs:us-east-1:000000000000:q' },
      { id: 'sqs', arn: 'arn:aws:sqs:us-east-1:000000000000:q' },
      {
        id: 'retry',
        arn: 'arn:aws:events:us-east-1:000000000000:event-bus/other',
        retryPolicy: { maximumRetryAttempts: 186, maximumEventAgeInSeconds: 60 },
      },
      { id: 'both', arn: 'arn:aws:events:us-east-1:000000000000:event-bus/other', input: '{}', inputPath: '$' },
    ]);
    assert.deepEqual(
      result.failedEntries.map((f) => f.targetId),
      ['bad arn', 'sqs', 'retry', 'both'],
    );
    assert.match(result.failedEntries[1]?.errorMessage ?? '', /not an ARN Godwit delivers to/);
    assert.deepEqual(
      (await service.listTargetsByRule('targets')).items.map((t) => t.id),
      ['good'],
    );
    await assert.rejects(
      service.putTargets('missing', undefined, [{ id: 'x', arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:X' }]),
      code('E_EVENTBRIDGE_NOT_FOUND'),
    );
  });

  test('PutEvents reports bad entries per entry and stores the good ones', async () => {
    const result = await service.putEvents([
      { source: 'shop', detailType: 'Order', detail: '{"n": 1}' },
      { source: 'shop', detailType: 'Order', detail: '{not json' },
      { source: 'shop', detail: '{}' },
      { source: 'shop', detailType: 'Order', detail: '{}', eventBusName: 'no-such-bus' },
    ]);
    assert.equal(result.failedEntryCount, 3);
    assert.ok('eventId' in (result.entries[0] ?? {}));
    assert.deepEqual(
      result.entries.slice(1).map((e) => ('errorCode' in e ? e.errorCode : '')),
      ['MalformedDetail', 'InvalidArgument', 'InvalidArgument'],
    );
    await assert.rejects(service.putEvents([]), code('E_EVENTBRIDGE_INVALID'));
  });

  test('TestEventPattern matches a whole envelope, and refuses an event that is not one', () => {
    const event = JSON.stringify({
      id: '1',
      account: '0',
      source: 'aws.sagemaker',
      time: 't',
      region: 'r',
      'detail-type': 'x',
      resources: [],
      detail: { ModelApprovalStatus: 'Approved' },
    });
    assert.equal(service.testEventPattern('{"detail": {"ModelApprovalStatus": ["Approved"]}}', event), true);
    assert.equal(service.testEventPattern('{"detail": {"ModelApprovalStatus": ["Rejected"]}}', event), false);
    assert.throws(() => service.testEventPattern('{"source": ["x"]}', '{"source": "x"}'), code('E_EVENTBRIDGE_INVALID'));
  });

  test('StartReplay checks the archive, the range and the destination', async () => {
    await service.createArchive({ archiveName: 'a1', eventSourceArn: 'default' });
    const base = {
      replayName: 'r1',
      eventSourceArn: 'arn:aws:events:us-east-1:000000000000:archive/a1',
      eventStartTime: new Date('2026-12-06T10:00:00Z'),
      eventEndTime: new Date('2026-12-06T11:00:00Z'),
      destination: { arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' },
    };
    await assert.rejects(
      service.startReplay({ ...base, eventSourceArn: 'arn:aws:events:us-east-1:000000000000:archive/none' }),
      code('E_EVENTBRIDGE_NOT_FOUND'),
    );
    await assert.rejects(service.startReplay({ ...base, eventEndTime: base.eventStartTime }), code('E_EVENTBRIDGE_INVALID'));
    await assert.rejects(
      service.startReplay({ ...base, eventEndTime: new Date('2026-12-07T00:00:00Z') }),
      code('E_EVENTBRIDGE_INVALID'),
    );
    await assert.rejects(
      service.startReplay({ ...base, destination: { arn: 'arn:aws:events:us-east-1:000000000000:event-bus/other' } }),
      code('E_EVENTBRIDGE_INVALID'),
    );
    assert.equal((await service.startReplay(base)).state, 'STARTING');
    await assert.rejects(service.createArchive({ archiveName: 'a2', eventSourceArn: 'no-bus' }), code('E_EVENTBRIDGE_NOT_FOUND'));
  });
});

// The mapping only (the pipeline service itself is wired by the server; see the report): which
// name, which parameters, which token the target hands to PipelineService.start.
test('a pipeline target reads SageMakerPipelineParameters from the event, with the delivery key as token', async () => {
  const calls: unknown[] = [];
  const target = pipelineTarget({ start: async (name, request) => calls.push({ name, ...request }) });
  const event = {
    id: 'e1',
    detail: { ModelPackageArn: 'arn:mp/1', InferenceSpecification: { n: 2 } },
  } as unknown as EventEnvelope;
  await target.invoke(
    {
      id: 't',
      arn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/Deploy',
      sageMakerPipelineParameters: [
        { name: 'ModelPackageArn', value: '$.detail.ModelPackageArn' },
        { name: 'Spec', value: '$.detail.InferenceSpecification' },
        { name: 'Stage', value: 'prod' },
      ],
    },
    '{}',
    event,
    { ruleArn: 'arn:rule', ruleName: 'approved', deliveryKey: 'k1' },
  );
  assert.deepEqual(calls, [
    {
      name: 'Deploy',
      parameters: [
        { name: 'ModelPackageArn', value: 'arn:mp/1' },
        { name: 'Spec', value: '{"n":2}' },
        { name: 'Stage', value: 'prod' },
      ],
      clientRequestToken: 'k1',
      description: 'Started by EventBridge rule approved',
    },
  ]);
  await assert.rejects(
    target.invoke(
      {
        id: 't',
        arn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/Deploy',
        sageMakerPipelineParameters: [{ name: 'X', value: '$.detail.nope' }],
      },
      '{}',
      event,
      {
        ruleArn: 'a',
        ruleName: 'r',
        deliveryKey: 'k',
      },
    ),
    (err: { errorCode?: string; retriable?: boolean }) => err.errorCode === 'INVALID_PARAMETER' && err.retriable === false,
  );
});
