import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreatePipelineCommand, ListPipelineExecutionsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { systemClock } from '../../../src/core/clock.js';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import { openMetadata } from '../../../src/meta/index.js';
import { CREDENTIALS, echoDefinition, uploadScript, waitForStatus } from '../sagemaker-pipelines-fixture.js';
import { eventsServer } from './events-fixture.js';

const ROLE = 'arn:aws:iam::000000000000:role/SageMakerRole';
const BUS = (name: string) => `arn:aws:events:us-east-1:000000000000:event-bus/${name}`;

/** Polls `read` until `done` holds of its answer (30 s of real time at most). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The server on a clock 600× real time: a minute of schedule is 100 ms of the test.
describe('a server routes events and fires schedules to real targets', () => {
  let f: Awaited<ReturnType<typeof eventsServer>>;
  let sm: SageMakerClient;
  before(async () => {
    f = await eventsServer({ clock: scaledClock(600) });
    sm = new SageMakerClient({ endpoint: f.server.url, region: 'us-east-1', credentials: CREDENTIALS });
    await uploadScript(f.server.url);
    await sm.send(new CreatePipelineCommand({ PipelineName: 'echo', PipelineDefinition: await echoDefinition(), RoleArn: ROLE }));
  });
  after(async () => {
    sm?.destroy();
    await f?.close();
  });

  test('a put event matching a rule starts the pipeline target with a parameter read from the event', async () => {
    await f.client.send(
      new PutRuleCommand({
        Name: 'on-order',
        EventPattern: JSON.stringify({ source: ['my.app'], 'detail-type': ['Order Placed'] }),
      }),
    );
    await f.client.send(
      new PutTargetsCommand({
        Rule: 'on-order',
        Targets: [
          {
            Id: 'echo',
            Arn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/echo',
            SageMakerPipelineParameters: { PipelineParameterList: [{ Name: 'InputValue', Value: '$.detail.sku' }] },
          },
        ],
      }),
    );
    await f.client.send(
      new PutEventsCommand({ Entries: [{ Source: 'my.app', DetailType: 'Order Placed', Detail: '{"sku": "abc-1"}' }] }),
    );
    const listed = await until(
      () => sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'echo' })),
      (out) => (out.PipelineExecutionSummaries ?? []).length === 1,
      'the pipeline execution the event starts',
    );
    const arn = listed.PipelineExecutionSummaries?.[0]?.PipelineExecutionArn as string;
    const done = await waitForStatus(sm, arn, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
    assert.equal(done.PipelineExecutionDescription, 'Started by EventBridge rule on-order');
    const runId = arn.slice(arn.lastIndexOf('/') + 1);
    const parameters = JSON.parse(await readFile(join(f.home.runsDir, runId, 'parameters.json'), 'utf8'));
    assert.equal(parameters.InputValue, 'abc-1');
  });

  test("a schedule rule fires EventBridge's Scheduled Event to its target on the server's clock", async () => {
    await f.client.send(new CreateEventBusCommand({ Name: 'ticks' }));
    await f.client.send(new CreateArchiveCommand({ ArchiveName: 'ticks', EventSourceArn: BUS('ticks') }));
    const { RuleArn } = await f.client.send(new PutRuleCommand({ Name: 'every-minute', ScheduleExpression: 'rate(1 minute)' }));
    await f.client.send(new PutTargetsCommand({ Rule: 'every-minute', Targets: [{ Id: 'ticks', Arn: BUS('ticks') }] }));
    // Three simulated minutes: three Scheduled Events reach the bus and its archive.
    const archive = await until(
      () => f.client.send(new DescribeArchiveCommand({ ArchiveName: 'ticks' })),
      (a) => (a.EventCount ?? 0) >= 3,
      'three scheduled events in the archive',
    );
    assert.ok((archive.EventCount ?? 0) >= 3);
    const metadata = await openMetadata(f.home, systemClock, {});
    try {
      const kept = await metadata.eventbridge.listArchivedEvents('ticks', { from: new Date(0), to: new Date(8.64e15) });
      const [first, second] = kept.map((k) => k.event);
      assert.deepEqual(
        { source: first?.source, type: first?.['detail-type'], resources: first?.resources, detail: first?.detail },
        { source: 'aws.events', type: 'Scheduled Event', resources: [RuleArn], detail: {} },
      );
      // One period apart on the server's clock, whatever the real time between them.
      assert.equal(Date.parse(second?.time as string) - Date.parse(first?.time as string), 60_000);
    } finally {
      await metadata.close();
    }
  });
});
