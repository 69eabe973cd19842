import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { godwitHome } from '../../../src/core/home.js';
import { CatalogEventBridgeService } from '../../../src/events/bus/catalog-eventbridge-service.js';
import { EventRouter } from '../../../src/events/bus/event-router.js';
import { arnTargetInvoker } from '../../../src/events/bus/targets/arn-target-invoker.js';
import { type PipelineStarter, pipelineTarget } from '../../../src/events/bus/targets/pipeline-target.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';
import { CREDENTIALS, echoDefinition, uploadScript } from '../../server/sagemaker-pipelines-fixture.js';
import { serverFixture } from '../../server/server-fixture.js';

// A pipeline target against the real pipeline service, reached through a running server's
// SageMaker door (the server's own wiring of the router is the schedules part's): an approval
// event starts the pipeline with parameters read from the event, once, even when delivered twice.
let f: Awaited<ReturnType<typeof serverFixture>>;
let sm: SageMakerClient;
let metadata: Metadata;
const clock = new FakeClock(Date.parse('2026-12-06T12:00:00Z'));

before(async () => {
  f = await serverFixture();
  const { url } = await f.start();
  sm = new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS });
  await uploadScript(url);
  metadata = await openMetadata(godwitHome(join(scratchDir('godwit-eb-pipeline-'), 'home')), clock, {});
});
after(async () => {
  sm?.destroy();
  await metadata?.close();
  await f?.close();
});

test('an event starts a SageMaker pipeline execution with SageMakerPipelineParameters, once per delivery', async () => {
  const definition = await echoDefinition();
  await sm.send(
    new CreatePipelineCommand({
      PipelineName: 'OnApproval',
      PipelineDefinition: definition,
      RoleArn: 'arn:aws:iam::000000000000:role/R',
    }),
  );
  const viaDoor: PipelineStarter = {
    start: (name, request) =>
      sm.send(
        new StartPipelineExecutionCommand({
          PipelineName: name,
          PipelineParameters: request.parameters.map((p) => ({ Name: p.name, Value: p.value })),
          ClientRequestToken: request.clientRequestToken,
          PipelineExecutionDescription: request.description,
        }),
      ),
  };
  const service = new CatalogEventBridgeService(metadata.eventbridge, clock);
  await service.putRule({
    name: 'approved',
    eventPattern: '{"source": ["registry"], "detail": {"ModelApprovalStatus": ["Approved"]}}',
  });
  await service.putTargets('approved', undefined, [
    {
      id: 'retrain',
      arn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/OnApproval',
      sageMakerPipelineParameters: [
        { name: 'InputValue', value: '$.detail.ModelPackageGroupName' },
        { name: 'Sleep', value: '0' },
      ],
    },
  ]);
  await service.putEvents([
    {
      source: 'registry',
      detailType: 'Model Package',
      detail: JSON.stringify({ ModelApprovalStatus: 'Approved', ModelPackageGroupName: 'Abalone' }),
    },
  ]);
  const invoker = arnTargetInvoker({ 'sagemaker-pipeline': pipelineTarget(viaDoor) });
  const router = new EventRouter({ catalog: metadata.eventbridge, outbox: metadata.outbox, invoker, clock });
  await router.route();
  // Deliver the same stored delivery twice (as after a crash between the start and its record).
  const [pending] = await metadata.eventbridge.dueDeliveries(clock.now(), 10);
  assert.ok(pending);
  await router.deliver();
  const context = { ruleArn: pending.ruleArn, ruleName: pending.ruleName };
  await invoker.invoke(pending.target, '{}', pending.event, {
    ...context,
    deliveryKey: await keyOf(pending.event.id, pending.ruleArn),
  });
  const executions =
    (await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'OnApproval' }))).PipelineExecutionSummaries ?? [];
  assert.equal(executions.length, 1, 'the delivery key is the ClientRequestToken: one execution');
  // The server's own record of the execution (its home's metadata): the parameters from the event, the token.
  const server = await openMetadata(f.h.home, clock);
  try {
    const record = await server.pipelines.executionByToken('OnApproval', await keyOf(pending.event.id, pending.ruleArn));
    assert.deepEqual(record?.parameters, [
      { name: 'InputValue', value: 'Abalone' },
      { name: 'Sleep', value: '0' },
    ]);
    assert.equal(record?.description, 'Started by EventBridge rule approved');
  } finally {
    await server.close();
  }
});

/** The router's delivery key for (event, rule, target `retrain`), as target-delivery.ts makes it. */
async function keyOf(eventId: string, ruleArn: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(`${eventId}\n${ruleArn}\nretrain\n`).digest('hex').slice(0, 32);
}
