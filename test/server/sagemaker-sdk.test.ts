import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DescribeModelPackageCommand,
  DescribePipelineExecutionCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineExecutionsCommand,
  paginateListPipelineExecutions,
  ResourceNotFound,
  SageMakerClient,
  type SageMakerServiceException,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { registerFromUri } from '../../src/registry/register-from-uri.js';
import { serverFixture } from './server-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

// The official client, unmodified: an endpoint URL, a region and dummy credentials.
describe('SageMaker front door, through @aws-sdk/client-sagemaker', () => {
  let f: Awaited<ReturnType<typeof serverFixture>>;
  let sm: SageMakerClient;
  const region = 'eu-west-1';
  const execArn = (id: string) => `arn:aws:sagemaker:${region}:000000000000:pipeline/greeter/execution/${id}`;
  before(async () => {
    f = await serverFixture();
    const { url } = await f.start();
    sm = new SageMakerClient({
      endpoint: url,
      region,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' },
    });
  });
  after(async () => {
    sm?.destroy();
    await f?.close();
  });

  test('ListPipelineExecutions: newest first, ARNs in the request region, epoch timestamps as dates', async () => {
    const out = await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'greeter' }));
    const rows = out.PipelineExecutionSummaries ?? [];
    assert.deepEqual(
      rows.map((r) => [r.PipelineExecutionArn, r.PipelineExecutionStatus, r.PipelineExecutionDisplayName]),
      [
        [execArn(f.failed), 'Failed', f.failed],
        [execArn(f.passed), 'Succeeded', f.passed],
      ],
    );
    assert.ok(rows[0].StartTime instanceof Date && Math.abs(rows[0].StartTime.getTime() - Date.now()) < 600_000);
    assert.ok((rows[1].StartTime as Date) <= (rows[0].StartTime as Date));
    assert.match(rows[0].PipelineExecutionFailureReason ?? '', /threshold above 5/);
    assert.equal(out.NextToken, undefined);
  });

  test('ListPipelineExecutions pages with MaxResults and NextToken (the SDK paginator), sorts and filters', async () => {
    const pages = [];
    for await (const p of paginateListPipelineExecutions(
      { client: sm, pageSize: 1 },
      { PipelineName: 'greeter', SortOrder: 'Ascending' },
    )) {
      pages.push((p.PipelineExecutionSummaries ?? []).map((r) => r.PipelineExecutionDisplayName));
    }
    assert.deepEqual(pages, [[f.passed], [f.failed]]);
    const byArn = `arn:aws:sagemaker:${region}:000000000000:pipeline/greeter`;
    const future = await sm.send(
      new ListPipelineExecutionsCommand({ PipelineName: byArn, CreatedAfter: new Date(Date.now() + 60_000) }),
    );
    assert.deepEqual(future.PipelineExecutionSummaries, []);
    await assert.rejects(sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'nope' })), ResourceNotFound);
  });

  test('DescribePipelineExecution answers the ARN it was given; an unknown one is ResourceNotFound', async () => {
    const out = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: execArn(f.passed) }));
    assert.equal(out.PipelineArn, `arn:aws:sagemaker:${region}:000000000000:pipeline/greeter`);
    assert.equal(out.PipelineExecutionArn, execArn(f.passed));
    assert.equal(out.PipelineExecutionStatus, 'Succeeded');
    assert.ok(out.CreationTime instanceof Date && out.LastModifiedTime instanceof Date);
    assert.ok(out.LastModifiedTime >= out.CreationTime);
    const missing = sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: execArn('run-nope') }));
    await assert.rejects(missing, (err: SageMakerServiceException) => {
      assert.ok(err instanceof ResourceNotFound);
      assert.match(err.message, /does not exist/);
      assert.match(err.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
      return true;
    });
    // The same run id under another pipeline's name is not that execution.
    const other = `arn:aws:sagemaker:${region}:000000000000:pipeline/other/execution/${f.passed}`;
    await assert.rejects(sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: other })), ResourceNotFound);
  });

  test('ListPipelineExecutionSteps: started steps only, with condition, register and fail metadata', async () => {
    const ok = await sm.send(
      new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: execArn(f.passed), SortOrder: 'Ascending' }),
    );
    const steps = ok.PipelineExecutionSteps ?? [];
    assert.deepEqual(
      steps.map((s) => [s.StepName, s.StepStatus]),
      [
        ['make', 'Succeeded'],
        ['check', 'Succeeded'],
        ['register', 'Succeeded'],
      ],
    );
    assert.deepEqual(steps[1].Metadata, { Condition: { Outcome: 'True' } });
    assert.deepEqual(steps[2].Metadata, {
      RegisterModel: { Arn: `arn:aws:sagemaker:${region}:000000000000:model-package/Greeter/1` },
    });
    assert.equal(steps[0].AttemptCount, 1);
    assert.ok(steps[0].StartTime instanceof Date && steps[0].EndTime instanceof Date);

    const bad = await sm.send(
      new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: execArn(f.failed), SortOrder: 'Ascending' }),
    );
    const names = (bad.PipelineExecutionSteps ?? []).map((s) => s.StepName);
    assert.deepEqual(names, ['make', 'check', 'too-high'], 'the branch not taken (register) is absent');
    const failStep = bad.PipelineExecutionSteps?.[2];
    assert.equal(failStep?.StepStatus, 'Failed');
    assert.deepEqual(failStep?.Metadata, { Fail: { ErrorMessage: failStep?.FailureReason } });
    assert.match(failStep?.FailureReason ?? '', /threshold above 5/);
  });

  test('ListModelPackageGroups and ListModelPackages, with filters and pages', async () => {
    const model = 'file:///tmp/model/';
    await registerFromUri(
      f.h.services.metadata.registry,
      {
        group: 'Greeter',
        modelUri: model,
        approvalStatus: 'Approved',
        actor: 'test',
      },
      { home: f.h.services.home },
    );
    await registerFromUri(
      f.h.services.metadata.registry,
      { group: 'Other', modelUri: model, actor: 'test' },
      { home: f.h.services.home },
    );
    const groups = await sm.send(new ListModelPackageGroupsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    assert.deepEqual(
      groups.ModelPackageGroupSummaryList?.map((g) => [
        g.ModelPackageGroupName,
        g.ModelPackageGroupArn,
        g.ModelPackageGroupStatus,
      ]),
      [
        ['Greeter', `arn:aws:sagemaker:${region}:000000000000:model-package-group/Greeter`, 'Completed'],
        ['Other', `arn:aws:sagemaker:${region}:000000000000:model-package-group/Other`, 'Completed'],
      ],
    );
    const named = await sm.send(new ListModelPackageGroupsCommand({ NameContains: 'Gree' }));
    assert.deepEqual(
      named.ModelPackageGroupSummaryList?.map((g) => g.ModelPackageGroupName),
      ['Greeter'],
    );

    const first = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'Greeter', MaxResults: 1 }));
    assert.deepEqual(
      first.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion),
      [2],
      'newest first',
    );
    const rest = await sm.send(
      new ListModelPackagesCommand({ ModelPackageGroupName: 'Greeter', MaxResults: 1, NextToken: first.NextToken }),
    );
    assert.deepEqual(
      rest.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion),
      [1],
    );
    assert.equal(rest.NextToken, undefined);
    const approved = await sm.send(new ListModelPackagesCommand({ ModelApprovalStatus: 'Approved' }));
    assert.deepEqual(
      approved.ModelPackageSummaryList?.map((p) => p.ModelPackageArn),
      [`arn:aws:sagemaker:${region}:000000000000:model-package/Greeter/2`],
    );
  });

  test('DescribeModelPackage: inference specification, metrics, the execution that made it', async () => {
    const arn = `arn:aws:sagemaker:${region}:000000000000:model-package/Greeter/1`;
    const out = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    assert.equal(out.ModelPackageArn, arn);
    assert.equal(out.ModelPackageGroupName, 'Greeter');
    assert.equal(out.ModelPackageVersion, 1);
    assert.equal(out.ModelApprovalStatus, 'PendingManualApproval');
    assert.equal(out.ModelPackageStatus, 'Completed');
    assert.deepEqual(out.InferenceSpecification?.SupportedContentTypes, ['text/csv']);
    assert.match(out.InferenceSpecification?.Containers?.[0].ModelDataUrl ?? '', /^file:\/\/.*\/make\/model\/$/);
    assert.match(out.ModelMetrics?.ModelQuality?.Statistics?.S3Uri ?? '', /metrics/);
    assert.equal(out.MetadataProperties?.GeneratedBy, execArn(f.passed));
    const missing = sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn.replace(/1$/, '9') }));
    await assert.rejects(
      missing,
      (err: SageMakerServiceException) => err.name === 'ValidationException' && /does not exist/.test(err.message),
    );
  });

  test('UpdateModelPackage approves through the registry, with its audit log; unsupported fields are refused', async () => {
    const arn = `arn:aws:sagemaker:us-east-1:000000000000:model-package/Greeter/1`;
    const out = await sm.send(
      new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved', ApprovalDescription: 'looks good' }),
    );
    assert.equal(out.ModelPackageArn, `arn:aws:sagemaker:${region}:000000000000:model-package/Greeter/1`);
    const version = await f.h.services.metadata.registry.getVersion('Greeter', 1);
    assert.equal(version?.approvalStatus, 'Approved');
    const last = (await f.h.services.metadata.registry.auditLog('Greeter', 1)).at(-1);
    assert.deepEqual(
      [last?.from, last?.to, last?.actor, last?.note],
      ['PendingManualApproval', 'Approved', 'AKIDLOCAL', 'looks good'],
    );
    const described = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    assert.equal(described.ApprovalDescription, 'looks good');

    const refused = sm.send(
      new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Rejected', SourceUri: 's3://x/y' }),
    );
    await assert.rejects(refused, (err: Error) => err.name === 'ValidationException' && /SourceUri/.test(err.message));
    assert.equal((await f.h.services.metadata.registry.getVersion('Greeter', 1))?.approvalStatus, 'Approved');
    const badArn = sm.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/Greeter/1',
        ModelApprovalStatus: 'Rejected',
      }),
    );
    await assert.rejects(badArn, (err: Error) => err.name === 'ValidationException' && /000000000000/.test(err.message));
  });

  test('an action Godwit does not serve is UnknownOperationException, naming the ones it does', async () => {
    // Compilation jobs (SageMaker Neo) compile for devices Godwit does not target.
    const { ListCompilationJobsCommand } = await import('@aws-sdk/client-sagemaker');
    const call = sm.send(new ListCompilationJobsCommand({}));
    await assert.rejects(
      call,
      (err: Error) =>
        err.name === 'UnknownOperationException' &&
        /ListPipelineExecutions/.test(err.message) &&
        /CreateEndpoint/.test(err.message),
    );
  });
});
