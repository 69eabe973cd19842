import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { logsServer } from './logs-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

// The official client, unmodified: an endpoint URL, a region and dummy credentials.
describe('CloudWatch Logs front door, through @aws-sdk/client-cloudwatch-logs', () => {
  let f: Awaited<ReturnType<typeof logsServer>>;
  let logs: CloudWatchLogsClient;
  const TRAINING = '/aws/sagemaker/TrainingJobs';
  before(async () => {
    f = await logsServer();
    const server = await f.start();
    logs = new CloudWatchLogsClient({
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' },
    });
  });
  after(async () => {
    logs?.destroy();
    await f?.close();
  });

  test('DescribeLogGroups lists the groups that have logs, by prefix and a page at a time', async () => {
    const all = await logs.send(new DescribeLogGroupsCommand({}));
    assert.deepEqual(
      all.logGroups?.map((g) => g.logGroupName),
      ['/aws/sagemaker/Endpoints/churn', '/aws/sagemaker/ProcessingJobs', TRAINING],
    );
    const training = all.logGroups?.find((g) => g.logGroupName === TRAINING);
    assert.equal(training?.arn, `arn:aws:logs:eu-west-1:000000000000:log-group:${TRAINING}:*`);
    assert.ok((training?.storedBytes ?? 0) > 0 && (training?.creationTime ?? 0) > 0);
    const jobs = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/sagemaker/T' }));
    assert.deepEqual(
      jobs.logGroups?.map((g) => g.logGroupName),
      [TRAINING],
    );
    const first = await logs.send(new DescribeLogGroupsCommand({ limit: 2 }));
    assert.equal(first.logGroups?.length, 2);
    const second = await logs.send(new DescribeLogGroupsCommand({ limit: 2, nextToken: first.nextToken }));
    assert.deepEqual(
      second.logGroups?.map((g) => g.logGroupName),
      [TRAINING],
    );
    assert.equal(second.nextToken, undefined);
  });

  test("DescribeLogStreams gives SageMaker's stream names with their event times", async () => {
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING }));
    assert.equal(logStreams?.length, 1, 'the job that never started has no stream');
    const [stream] = logStreams ?? [];
    assert.match(stream.logStreamName ?? '', /^abalone-train\/algo-1-\d{10}$/);
    assert.equal(stream.logStreamName, f.trainStream);
    assert.ok((stream.firstEventTimestamp ?? 0) <= (stream.lastEventTimestamp ?? 0));
    assert.ok((stream.lastEventTimestamp ?? 0) - (stream.firstEventTimestamp ?? 0) >= 300, 'the script slept 0.6 s');
    const endpoint = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: '/aws/sagemaker/Endpoints/churn',
        orderBy: 'LastEventTime',
        descending: true,
      }),
    );
    assert.match(endpoint.logStreams?.[0].logStreamName ?? '', /^AllTraffic\/i-0123456789abcdef0$/);
    const none = await logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING, logStreamNamePrefix: 'other' }));
    assert.deepEqual(none.logStreams, []);
  });

  test('GetLogEvents reads from the head or the tail, with tokens forward and back', async () => {
    const head = await logs.send(
      new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: f.trainStream, startFromHead: true, limit: 3 }),
    );
    assert.deepEqual(
      head.events?.map((e) => e.message),
      [f.commandLine, 'Starting training', 'epoch 1 loss=0.52 ERROR: NaN in batch 3, retrying'],
    );
    const [, a, b] = head.events ?? [];
    assert.ok((b.timestamp ?? 0) > (a.timestamp ?? 0), `lines 0.3 s apart have their own times (${a.timestamp}, ${b.timestamp})`);
    const next = await logs.send(
      new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: f.trainStream, nextToken: head.nextForwardToken }),
    );
    assert.deepEqual(
      next.events?.map((e) => e.message),
      ['epoch 2 loss=0.31', 'Connection refused by the tracker', 'Training complete'],
    );
    // At the end, the same forward token comes back.
    const end = await logs.send(
      new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: f.trainStream, nextToken: next.nextForwardToken }),
    );
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, next.nextForwardToken);
    // Without a token, the newest events; backward from them, the ones before.
    const tail = await logs.send(new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: f.trainStream, limit: 1 }));
    assert.deepEqual(
      tail.events?.map((e) => e.message),
      ['Training complete'],
    );
    const back = await logs.send(
      new GetLogEventsCommand({
        logGroupName: TRAINING,
        logStreamName: f.trainStream,
        nextToken: tail.nextBackwardToken,
        limit: 1,
      }),
    );
    assert.deepEqual(
      back.events?.map((e) => e.message),
      ['Connection refused by the tracker'],
    );
    const since = await logs.send(
      new GetLogEventsCommand({
        logGroupName: TRAINING,
        logStreamName: f.trainStream,
        startTime: b.timestamp,
        startFromHead: true,
      }),
    );
    assert.equal(since.events?.[0].message, b.message);
  });

  test('FilterLogEvents matches terms, phrases and exclusions across streams, a page at a time', async () => {
    const errors = await logs.send(new FilterLogEventsCommand({ logGroupName: TRAINING, filterPattern: 'ERROR' }));
    assert.deepEqual(
      errors.events?.map((e) => e.message),
      ['epoch 1 loss=0.52 ERROR: NaN in batch 3, retrying'],
    );
    const [event] = errors.events ?? [];
    assert.equal(event.logStreamName, f.trainStream);
    assert.match(event.eventId ?? '', /^\d+$/);
    assert.ok((event.ingestionTime ?? 0) >= (event.timestamp ?? 0));
    const phrase = await logs.send(new FilterLogEventsCommand({ logGroupName: TRAINING, filterPattern: '"Connection refused"' }));
    assert.deepEqual(
      phrase.events?.map((e) => e.message),
      ['Connection refused by the tracker'],
    );
    const epochs = await logs.send(new FilterLogEventsCommand({ logGroupName: TRAINING, filterPattern: 'epoch -ERROR' }));
    assert.deepEqual(
      epochs.events?.map((e) => e.message),
      ['epoch 2 loss=0.31'],
    );
    const pages: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: TRAINING, limit: 2, nextToken }));
      pages.push((page.events ?? []).map((e) => e.message).join(' | '));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.join(' | ').split(' | '), [
      f.commandLine,
      'Starting training',
      'epoch 1 loss=0.52 ERROR: NaN in batch 3, retrying',
      'epoch 2 loss=0.31',
      'Connection refused by the tracker',
      'Training complete',
    ]);
    const named = await logs.send(
      new FilterLogEventsCommand({ logGroupName: TRAINING, logStreamNames: [f.trainStream], endTime: 1 }),
    );
    assert.deepEqual(named.events, []);
  });

  test('endpoint instances have their output as streams', async () => {
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/sagemaker/Endpoints/churn' }));
    assert.deepEqual(
      events.events?.map((e) => e.message),
      ['serving on 8080', 'GET /ping 200'],
    );
  });

  test('unknown groups and streams are ResourceNotFoundException; bad fields InvalidParameterException', async () => {
    const missing = async (p: Promise<unknown>, message: RegExp) => {
      const err = await p.then(
        () => assert.fail('expected an error'),
        (e) => e,
      );
      assert.ok(err instanceof ResourceNotFoundException, `${err.name}: ${err.message}`);
      assert.match(err.message, message);
    };
    await missing(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/Nope' })),
      /log group \/aws\/sagemaker\/Nope does not exist/,
    );
    await missing(
      logs.send(new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: 'abalone-train/algo-1-1' })),
      /log stream abalone-train\/algo-1-1 does not exist/,
    );
    await missing(logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/sagemaker/Endpoints/gone' })), /does not exist/);
    const invalid = async (p: Promise<unknown>, message: RegExp) => {
      const err = await p.then(
        () => assert.fail('expected an error'),
        (e) => e,
      );
      assert.ok(err instanceof InvalidParameterException, `${err.name}: ${err.message}`);
      assert.match(err.message, message);
    };
    await invalid(
      logs.send(new FilterLogEventsCommand({ logGroupName: TRAINING, filterPattern: '{ $.level = "error" }' })),
      /filter pattern/,
    );
    await invalid(
      logs.send(new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: f.trainStream, nextToken: 'garbage' })),
      /next token/,
    );
    await invalid(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING, orderBy: 'LastEventTime', logStreamNamePrefix: 'a' })),
      /LastEventTime/,
    );
  });
});
