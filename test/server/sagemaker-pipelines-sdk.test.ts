import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  DescribePipelineCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ResourceInUse,
  ResourceNotFound,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-sagemaker';
import { BUCKET, CREDENTIALS, echoDefinition, uploadScript, waitForStatus } from './sagemaker-pipelines-fixture.js';
import { serverFixture } from './server-fixture.js';

const ROLE = 'arn:aws:iam::000000000000:role/SageMakerRole';

describe('SageMaker pipelines API, through @aws-sdk/client-sagemaker', () => {
  let f: Awaited<ReturnType<typeof serverFixture>>;
  let sm: SageMakerClient;
  let definition: string;
  const region = 'eu-west-1';
  const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
  const create = async (name: string, extra: Record<string, unknown> = {}) =>
    sm.send(new CreatePipelineCommand({ PipelineName: name, PipelineDefinition: definition, RoleArn: ROLE, ...extra }));
  const start = (name: string, parameters: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
    sm.send(
      new StartPipelineExecutionCommand({
        PipelineName: name,
        PipelineParameters: Object.entries(parameters).map(([Name, Value]) => ({ Name, Value })),
        ...extra,
      }),
    );
  const steps = async (arn: string) =>
    (await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending' })))
      .PipelineExecutionSteps ?? [];

  before(async () => {
    f = await serverFixture();
    const { url } = await f.start();
    sm = new SageMakerClient({ endpoint: url, region, credentials: CREDENTIALS });
    definition = await echoDefinition();
    await uploadScript(url);
  });
  after(async () => {
    sm?.destroy();
    await f?.close();
  });

  test('CreatePipeline → DescribePipeline echoes the definition; a second create is ResourceInUse', async () => {
    const name = unique('echo');
    const created = await create(name, {
      PipelineDisplayName: 'Echo',
      PipelineDescription: 'prints a value',
      ParallelismConfiguration: { MaxParallelExecutionSteps: 2 },
      Tags: [{ Key: 'team', Value: 'ml' }],
    });
    assert.equal(created.PipelineArn, `arn:aws:sagemaker:${region}:000000000000:pipeline/${name}`);
    const described = await sm.send(new DescribePipelineCommand({ PipelineName: name }));
    assert.equal(described.PipelineDefinition, definition);
    assert.equal(described.PipelineDisplayName, 'Echo');
    assert.equal(described.PipelineDescription, 'prints a value');
    assert.equal(described.PipelineStatus, 'Active');
    assert.equal(described.RoleArn, ROLE);
    assert.deepEqual(described.ParallelismConfiguration, { MaxParallelExecutionSteps: 2 });
    assert.ok(described.CreationTime instanceof Date && described.LastModifiedTime instanceof Date);
    await assert.rejects(create(name), (err) => err instanceof ResourceInUse);
    await assert.rejects(
      sm.send(new DescribePipelineCommand({ PipelineName: unique('missing') })),
      (err) => err instanceof ResourceNotFound,
    );
  });

  test('UpdatePipeline replaces the definition; ListPipelines filters by prefix, sorts and pages; DeletePipeline', async () => {
    const prefix = unique('lst');
    for (const n of ['a', 'b', 'c']) await create(`${prefix}-${n}`);
    const changed = definition.replace('"hello"', '"bonjour"');
    await sm.send(
      new UpdatePipelineCommand({ PipelineName: `${prefix}-b`, PipelineDefinition: changed, PipelineDescription: 'v2' }),
    );
    const b = await sm.send(new DescribePipelineCommand({ PipelineName: `${prefix}-b` }));
    assert.equal(b.PipelineDefinition, changed);
    assert.equal(b.PipelineDescription, 'v2');
    const first = await sm.send(
      new ListPipelinesCommand({ PipelineNamePrefix: prefix, SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 2 }),
    );
    assert.deepEqual(
      first.PipelineSummaries?.map((p) => p.PipelineName),
      [`${prefix}-a`, `${prefix}-b`],
    );
    const rest = await sm.send(
      new ListPipelinesCommand({
        PipelineNamePrefix: prefix,
        SortBy: 'Name',
        SortOrder: 'Ascending',
        NextToken: first.NextToken,
      }),
    );
    assert.deepEqual(
      rest.PipelineSummaries?.map((p) => p.PipelineName),
      [`${prefix}-c`],
    );
    assert.equal(rest.NextToken, undefined);
    await sm.send(new DeletePipelineCommand({ PipelineName: `${prefix}-a` }));
    const left = await sm.send(new ListPipelinesCommand({ PipelineNamePrefix: prefix }));
    assert.deepEqual(left.PipelineSummaries?.map((p) => p.PipelineName).sort(), [`${prefix}-b`, `${prefix}-c`]);
    await assert.rejects(
      sm.send(new DeletePipelineCommand({ PipelineName: `${prefix}-a` })),
      (err) => err instanceof ResourceNotFound,
    );
  });

  test('StartPipelineExecution runs the definition: steps with SageMaker metadata; the same token is the same execution', async () => {
    const name = unique('run');
    await create(name);
    const token = `tok-${randomBytes(4).toString('hex')}`;
    const started = await start(
      name,
      { InputValue: 'salut' },
      { ClientRequestToken: token, PipelineExecutionDisplayName: 'first' },
    );
    const again = await start(name, { InputValue: 'other' }, { ClientRequestToken: token });
    assert.equal(again.PipelineExecutionArn, started.PipelineExecutionArn);
    const arn = started.PipelineExecutionArn as string;
    assert.match(arn, new RegExp(`:pipeline/${name}/execution/`));
    const done = await waitForStatus(sm, arn, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
    assert.equal(done.PipelineExecutionDisplayName, 'first');
    const listed = await steps(arn);
    assert.deepEqual(
      listed.map((s) => [s.StepName, s.StepStatus]),
      [
        ['Prep', 'Succeeded'],
        ['CheckCount', 'Succeeded'],
      ],
    );
    const [prep, check] = listed;
    assert.match(
      prep.Metadata?.ProcessingJob?.Arn ?? '',
      new RegExp(`^arn:aws:sagemaker:${region}:000000000000:processing-job/pipelines-`),
    );
    assert.equal(prep.AttemptCount, 1);
    assert.ok(prep.StartTime instanceof Date && prep.EndTime instanceof Date);
    assert.deepEqual(check.Metadata?.Condition, { Outcome: 'True' });
    const executions = await sm.send(new ListPipelineExecutionsCommand({ PipelineName: name }));
    assert.deepEqual(
      executions.PipelineExecutionSummaries?.map((e) => [e.PipelineExecutionArn, e.PipelineExecutionDisplayName]),
      [[arn, 'first']],
    );
  });

  test("a parameter that sends the run into the fail step: Failed, with the Fail step's ErrorMessage", async () => {
    const name = unique('fail');
    await create(name);
    const { PipelineExecutionArn: arn } = await start(name, { Count: '1' });
    const done = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Failed');
    assert.match(done.FailureReason ?? '', /Count is below 2/);
    const fail = (await steps(arn as string)).find((s) => s.StepName === 'TooFew');
    assert.deepEqual(fail?.Metadata?.Fail, { ErrorMessage: 'Count is below 2' });
    assert.equal(fail?.StepStatus, 'Failed');
    await assert.rejects(start(name, { Count: 'many' }), /Count/);
    await assert.rejects(start(name, { Nope: '1' }), /Nope/);
  });

  test('StopPipelineExecution: Stopping, then Stopped; RetryPipelineExecution resumes a failed execution', async () => {
    const name = unique('stop');
    await create(name);
    const { PipelineExecutionArn: slow } = await start(name, { Sleep: '30' });
    await waitForStatus(sm, slow as string, ['Executing']);
    await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: slow }));
    const stopped = await waitForStatus(sm, slow as string, ['Stopped', 'Failed', 'Succeeded']);
    assert.equal(stopped.PipelineExecutionStatus, 'Stopped');
    await assert.rejects(sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: slow })), /Stopped/);

    const marker = `s3://${BUCKET}/marks/${unique('failed-once')}`;
    const { PipelineExecutionArn: flaky } = await start(name, { FailOnce: marker });
    const failed = await waitForStatus(sm, flaky as string, ['Succeeded', 'Failed']);
    assert.equal(failed.PipelineExecutionStatus, 'Failed');
    assert.match(failed.FailureReason ?? '', /failing once/);
    await sm.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: flaky }));
    const retried = await waitForStatus(sm, flaky as string, ['Succeeded', 'Failed']);
    assert.equal(retried.PipelineExecutionStatus, 'Succeeded', retried.FailureReason);
    const prep = (await steps(flaky as string)).find((s) => s.StepName === 'Prep');
    assert.equal(prep?.AttemptCount, 2);
    await assert.rejects(sm.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: flaky })), /Succeeded/);
  });

  test('executions of runs made by godwit run are still listed and described', async () => {
    const out = await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'greeter' }));
    assert.equal(out.PipelineExecutionSummaries?.length, 2);
  });
});
