import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DeleteArchiveCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeArchiveCommand,
  DescribeEventBusCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListArchivesCommand,
  ListEventBusesCommand,
  ListReplaysCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  StartReplayCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { eventsServer } from './events-fixture.js';

const PIPELINE = 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/retrain';
const PATTERN = JSON.stringify({
  source: ['aws.sagemaker'],
  'detail-type': ['SageMaker Model Package State Change'],
  detail: { ModelApprovalStatus: ['Approved'] },
});

/** The SDK's exception name and message for a call expected to fail. */
async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('EventBridge front door, through @aws-sdk/client-eventbridge', () => {
  let f: Awaited<ReturnType<typeof eventsServer>>;
  before(async () => {
    f = await eventsServer();
  });
  after(async () => f?.close());

  test('event buses: create, describe, list, delete, with EventBridge’s exceptions', async () => {
    const created = await f.client.send(new CreateEventBusCommand({ Name: 'orders' }));
    assert.equal(created.EventBusArn, 'arn:aws:events:us-east-1:000000000000:event-bus/orders');
    const bus = await f.client.send(new DescribeEventBusCommand({ Name: 'orders' }));
    assert.equal(bus.Arn, created.EventBusArn);
    assert.equal((await f.client.send(new DescribeEventBusCommand({}))).Name, 'default');
    const names = (await f.client.send(new ListEventBusesCommand({}))).EventBuses?.map((b) => b.Name);
    assert.deepEqual(names, ['default', 'orders']);
    const again = await refusal(f.client.send(new CreateEventBusCommand({ Name: 'orders' })));
    assert.equal(again.name, 'ResourceAlreadyExistsException');
    await f.client.send(new DeleteEventBusCommand({ Name: 'orders' }));
    const gone = await refusal(f.client.send(new DescribeEventBusCommand({ Name: 'orders' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  test('rules and targets round-trip every field Godwit keeps', async () => {
    const { RuleArn } = await f.client.send(
      new PutRuleCommand({ Name: 'on-approval', EventPattern: PATTERN, Description: 'deploy' }),
    );
    assert.equal(RuleArn, 'arn:aws:events:us-east-1:000000000000:rule/on-approval');
    const put = await f.client.send(
      new PutTargetsCommand({
        Rule: 'on-approval',
        Targets: [
          {
            Id: 'retrain',
            Arn: PIPELINE,
            SageMakerPipelineParameters: { PipelineParameterList: [{ Name: 'ModelArn', Value: '$.detail.ModelPackageArn' }] },
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
          },
          {
            Id: 'note',
            Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
            InputTransformer: { InputPathsMap: { s: '$.detail.ModelApprovalStatus' }, InputTemplate: '"status <s>"' },
          },
        ],
      }),
    );
    assert.equal(put.FailedEntryCount, 0);
    const rule = await f.client.send(new DescribeRuleCommand({ Name: 'on-approval' }));
    assert.deepEqual(
      {
        Name: rule.Name,
        EventPattern: rule.EventPattern,
        State: rule.State,
        Description: rule.Description,
        EventBusName: rule.EventBusName,
      },
      { Name: 'on-approval', EventPattern: PATTERN, State: 'ENABLED', Description: 'deploy', EventBusName: 'default' },
    );
    const targets = (await f.client.send(new ListTargetsByRuleCommand({ Rule: 'on-approval' }))).Targets ?? [];
    assert.deepEqual(targets.map((t) => t.Id).sort(), ['note', 'retrain']);
    const retrain = targets.find((t) => t.Id === 'retrain');
    assert.deepEqual(retrain?.SageMakerPipelineParameters?.PipelineParameterList, [
      { Name: 'ModelArn', Value: '$.detail.ModelPackageArn' },
    ]);
    assert.deepEqual(retrain?.RetryPolicy, { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 });
    const byTarget = await f.client.send(new ListRuleNamesByTargetCommand({ TargetArn: PIPELINE }));
    assert.deepEqual(byTarget.RuleNames, ['on-approval']);

    await f.client.send(new DisableRuleCommand({ Name: 'on-approval' }));
    assert.equal((await f.client.send(new DescribeRuleCommand({ Name: 'on-approval' }))).State, 'DISABLED');
    await f.client.send(new EnableRuleCommand({ Name: 'on-approval' }));
    const listed = (await f.client.send(new ListRulesCommand({ NamePrefix: 'on-' }))).Rules ?? [];
    assert.deepEqual(
      listed.map((r) => [r.Name, r.State]),
      [['on-approval', 'ENABLED']],
    );

    const busy = await refusal(f.client.send(new DeleteRuleCommand({ Name: 'on-approval' })));
    assert.equal(busy.name, 'ValidationException');
    await f.client.send(new RemoveTargetsCommand({ Rule: 'on-approval', Ids: ['retrain', 'note'] }));
    await f.client.send(new DeleteRuleCommand({ Name: 'on-approval' }));
    const gone = await refusal(f.client.send(new DescribeRuleCommand({ Name: 'on-approval' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  test('schedule expressions are checked as EventBridge checks them', async () => {
    const { RuleArn } = await f.client.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 2 * * ? *)' }));
    assert.ok(RuleArn?.endsWith(':rule/nightly'));
    assert.equal((await f.client.send(new DescribeRuleCommand({ Name: 'nightly' }))).ScheduleExpression, 'cron(0 2 * * ? *)');
    for (const [expression, message] of [
      ['rate(5 hour)', /value of 5 takes the unit "hours"/],
      ['cron(0 0 30 2 ? *)', /never fires/],
      ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week/],
      ['at(2030-01-01T00:00:00)', /at\(…\) is EventBridge Scheduler's/],
    ] as const) {
      const e = await refusal(f.client.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: expression })));
      assert.equal(e.name, 'ValidationException', expression);
      assert.match(e.message, message);
    }
    const pattern = await refusal(f.client.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": "aws.s3"}' })));
    assert.equal(pattern.name, 'InvalidEventPatternException');
  });

  test('PutEvents reports each entry; TestEventPattern answers as EventBridge does', async () => {
    const out = await f.client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'my.app', DetailType: 'Order Placed', Detail: '{"amount": 42}' },
          { Source: 'my.app', DetailType: 'Order Placed', Detail: 'not json' },
        ],
      }),
    );
    assert.equal(out.FailedEntryCount, 1);
    assert.match(out.Entries?.[0]?.EventId ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(out.Entries?.[1]?.ErrorCode);
    const event = JSON.stringify({
      id: '1',
      'detail-type': 'Order Placed',
      source: 'my.app',
      account: '000000000000',
      time: '2026-12-06T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { amount: 42 },
    });
    const yes = await f.client.send(
      new TestEventPatternCommand({ EventPattern: '{"detail": {"amount": [{"numeric": [">", 40]}]}}', Event: event }),
    );
    const no = await f.client.send(new TestEventPatternCommand({ EventPattern: '{"source": ["other"]}', Event: event }));
    assert.deepEqual([yes.Result, no.Result], [true, false]);
  });

  test('archives and replays', async () => {
    const busArn = 'arn:aws:events:us-east-1:000000000000:event-bus/default';
    const archive = await f.client.send(
      new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: busArn, RetentionDays: 7 }),
    );
    assert.equal(archive.ArchiveArn, 'arn:aws:events:us-east-1:000000000000:archive/all');
    const described = await f.client.send(new DescribeArchiveCommand({ ArchiveName: 'all' }));
    assert.deepEqual([described.EventSourceArn, described.RetentionDays], [busArn, 7]);
    assert.ok(described.CreationTime instanceof Date);
    assert.deepEqual(
      (await f.client.send(new ListArchivesCommand({}))).Archives?.map((a) => a.ArchiveName),
      ['all'],
    );
    const start = new Date(Date.now() - 3_600_000);
    const replay = await f.client.send(
      new StartReplayCommand({
        ReplayName: 'again',
        EventSourceArn: archive.ArchiveArn,
        EventStartTime: start,
        EventEndTime: new Date(),
        Destination: { Arn: busArn },
      }),
    );
    assert.equal(replay.ReplayArn, 'arn:aws:events:us-east-1:000000000000:replay/again');
    const r = await f.client.send(new DescribeReplayCommand({ ReplayName: 'again' }));
    assert.equal(r.Destination?.Arn, busArn);
    assert.equal(Math.round((r.EventStartTime as Date).getTime() / 1000), Math.round(start.getTime() / 1000));
    assert.deepEqual(
      (await f.client.send(new ListReplaysCommand({}))).Replays?.map((x) => x.ReplayName),
      ['again'],
    );
    const missing = await refusal(f.client.send(new DescribeArchiveCommand({ ArchiveName: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    await f.client.send(new DeleteArchiveCommand({ ArchiveName: 'all' }));
  });
});
