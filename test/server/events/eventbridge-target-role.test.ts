import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreatePipelineCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { localS3Credentials } from '../../../src/server/aws/s3/s3-endpoint.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { echoDefinition } from '../sagemaker-pipelines-fixture.js';

const ETL = 'arn:aws:iam::000000000000:role/etl';
const NO_RIGHT = 'arn:aws:iam::000000000000:role/reader';
const UNKNOWN = 'arn:aws:iam::000000000000:role/nobody-made-this';
const SAGEMAKER = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] } as const;
const S3_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } as const;
const region = 'us-east-1';

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an EventBridge target acts as its RoleArn, as in AWS', () => {
  let metadata: Metadata;
  let server: RunningServer;
  let events: EventBridgeClient;

  before(async () => {
    const home = godwitHome(join(scratchDir('godwit-events-role-'), 'home'));
    metadata = await openMetadata(home, systemClock, {});
    await metadata.principals.create({ name: 'etl', kind: 'role', policies: [SAGEMAKER] });
    await metadata.principals.create({ name: 'reader', kind: 'role', policies: [S3_ONLY] });
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 50 });
    // The local user (the home's own key from loopback) sets everything up.
    const credentials = await localS3Credentials(home.root);
    const sm = new SageMakerClient({ endpoint: server.url, region, credentials });
    for (const name of ['as-etl', 'as-reader', 'as-unknown'])
      await sm.send(new CreatePipelineCommand({ PipelineName: name, PipelineDefinition: await echoDefinition(), RoleArn: ETL }));
    sm.destroy();
    events = new EventBridgeClient({ endpoint: server.url, region, credentials });
  });
  after(async () => {
    events?.destroy();
    await server?.stop();
    await metadata?.close();
  });

  /** A rule on `source` whose one target starts pipeline `name` as `roleArn`; then one matching event. */
  async function fire(name: string, roleArn: string): Promise<string> {
    const { RuleArn } = await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify({ source: [name] }) }));
    await events.send(
      new PutTargetsCommand({
        Rule: name,
        Targets: [
          {
            Id: 'start',
            Arn: `arn:aws:sagemaker:${region}:000000000000:pipeline/${name}`,
            RoleArn: roleArn,
            SageMakerPipelineParameters: { PipelineParameterList: [{ Name: 'InputValue', Value: '$.detail.value' }] },
          },
        ],
      }),
    );
    await events.send(new PutEventsCommand({ Entries: [{ Source: name, DetailType: 'go', Detail: '{"value": "x"}' }] }));
    return RuleArn as string;
  }

  const runOf = (pipeline: string) =>
    until(
      () => metadata.store.listRuns({ pipeline }),
      (runs) => runs.length > 0,
    ).then((runs) => runs[0]);

  test("a pipeline target whose RoleArn names a role principal starts a run whose startedBy is the role's ARN", async () => {
    await fire('as-etl', ETL);
    const run = await runOf('as-etl');
    assert.ok(run, 'the target started a run');
    assert.equal((await metadata.store.getRun(run.id))?.startedBy, ETL);
  });

  test('a role without sagemaker:StartPipelineExecution starts nothing: the event is dead-lettered NO_PERMISSIONS', async () => {
    const ruleArn = await fire('as-reader', NO_RIGHT);
    const letters = await until(
      () => metadata.eventbridge.listDeadLetters({ ruleArn }),
      (page) => page.items.length > 0,
    );
    assert.equal(letters.items[0]?.errorCode, 'NO_PERMISSIONS');
    assert.match(String(letters.items[0]?.errorMessage), /sagemaker:StartPipelineExecution/);
    assert.deepEqual(await metadata.store.listRuns({ pipeline: 'as-reader' }), []);
  });

  test("a RoleArn Godwit does not know has the local user's rights: the run is the local user's", async () => {
    await fire('as-unknown', UNKNOWN);
    const run = await runOf('as-unknown');
    assert.ok(run, 'the target started a run');
    assert.doesNotMatch(String((await metadata.store.getRun(run.id))?.startedBy), /^arn:/);
  });
});
