import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddAssociationCommand,
  CreateActionCommand,
  CreateArtifactCommand,
  CreateContextCommand,
  DeleteActionCommand,
  DeleteArtifactCommand,
  DeleteAssociationCommand,
  DeleteContextCommand,
  DescribeActionCommand,
  DescribeArtifactCommand,
  DescribeContextCommand,
  ListActionsCommand,
  ListAssociationsCommand,
  ListContextsCommand,
  paginateListArtifacts,
  paginateListAssociations,
  paginateQueryLineage,
  QueryLineageCommand,
  type QueryLineageCommandInput,
  ResourceNotFound,
  SageMakerClient,
  type SageMakerServiceException,
  UpdateActionCommand,
  UpdateArtifactCommand,
  UpdateContextCommand,
} from '@aws-sdk/client-sagemaker';
// scripts/test.mjs starts PostgreSQL for files that import its helper.
import '../helpers/postgres.js';
import { DATABASES, lineageServer, type RecordedRun } from './sagemaker-lineage-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const ARN = 'arn:aws:sagemaker:us-east-1:000000000000';

/** The error the SDK threw: its name (the `__type`) and message. */
async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; notFound: boolean }> {
  try {
    await p;
  } catch (err) {
    const e = err as SageMakerServiceException;
    return { name: e.name, message: e.message, notFound: err instanceof ResourceNotFound };
  }
  assert.fail('the call succeeded');
}

for (const db of DATABASES) {
  // The official client, unmodified, doing the SageMaker lineage notebook's flow against a real server.
  describe(`SageMaker lineage API through @aws-sdk/client-sagemaker (${db.name})`, { skip: db.skip }, () => {
    let server: Awaited<ReturnType<typeof lineageServer>>;
    let sm: SageMakerClient;
    let run: RecordedRun;
    const id = '1733480000';
    const made = { context: '', action: '', images: '', labels: '', model: '' };
    before(async () => {
      server = await lineageServer(await db.url());
      run = server.run;
      sm = new SageMakerClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' },
      });
    });
    after(async () => {
      sm?.destroy();
      await server?.stop();
    });

    test('contexts and actions: create, list newest first, describe, with the source and properties given', async () => {
      const ctx = await sm.send(
        new CreateContextCommand({
          ContextName: `machine-learning-workflow-${id}`,
          ContextType: 'MLWorkflow',
          Source: { SourceUri: id, SourceType: 'Notebook', SourceId: 'nb-1' },
          Description: 'the notebook workflow',
          Properties: { example: 'true' },
        }),
      );
      made.context = ctx.ContextArn ?? '';
      assert.equal(made.context, `${ARN}:context/machine-learning-workflow-${id}`);
      const listed = await sm.send(new ListContextsCommand({ SortBy: 'CreationTime', SortOrder: 'Descending' }));
      const names = (listed.ContextSummaries ?? []).map((c) => c.ContextName);
      assert.equal(names[0], `machine-learning-workflow-${id}`);
      assert.ok(names.includes(run.run.split('/')[1]), 'the recorded run is a context too');
      assert.deepEqual(
        (await sm.send(new ListContextsCommand({ ContextType: 'PipelineExecution' }))).ContextSummaries?.map((c) => c.ContextArn),
        [run.run],
      );

      const action = await sm.send(
        new CreateActionCommand({
          ActionName: `model-build-step-${id}`,
          ActionType: 'ModelBuild',
          Source: { SourceUri: id },
          Properties: { Example: 'Metadata' },
          MetadataProperties: { CommitId: 'abc123', Repository: 'git@example.com:ml.git' },
        }),
      );
      made.action = action.ActionArn ?? '';
      const described = await sm.send(new DescribeActionCommand({ ActionName: `model-build-step-${id}` }));
      assert.equal(described.ActionArn, made.action);
      assert.equal(described.ActionType, 'ModelBuild');
      assert.equal(described.Status, 'Unknown');
      assert.deepEqual(described.Properties, { Example: 'Metadata' });
      assert.deepEqual(described.Source, { SourceUri: id });
      assert.deepEqual(described.MetadataProperties, { CommitId: 'abc123', Repository: 'git@example.com:ml.git' });
      assert.equal(described.CreatedBy?.UserProfileName, 'sagemaker-api');
      assert.ok(described.CreationTime instanceof Date && Math.abs(described.CreationTime.getTime() - Date.now()) < 600_000);

      const byArn = await sm.send(new DescribeContextCommand({ ContextName: made.context }));
      assert.deepEqual(byArn.Source, { SourceUri: id, SourceType: 'Notebook', SourceId: 'nb-1' });
      assert.equal(byArn.Description, 'the notebook workflow');
      // Lineage is regionless locally: an ARN built with another region names the same context.
      const elsewhere = made.context.replace('us-east-1', 'eu-west-1');
      assert.equal((await sm.send(new DescribeContextCommand({ ContextName: elsewhere }))).ContextArn, made.context);
      assert.deepEqual(byArn.Properties, { example: 'true' });
      const auto = await sm.send(new DescribeActionCommand({ ActionName: run.train }));
      assert.deepEqual([auto.ActionType, auto.Status, auto.CreatedBy?.UserProfileName], ['training', 'Completed', 'godwit']);
    });

    test('associations: add, traverse incoming and outgoing with the ends named', async () => {
      await sm.send(
        new AddAssociationCommand({ SourceArn: made.context, DestinationArn: made.action, AssociationType: 'AssociatedWith' }),
      );
      const incoming = await sm.send(new ListAssociationsCommand({ DestinationArn: made.action }));
      assert.deepEqual(
        incoming.AssociationSummaries?.map((a) => [a.SourceName, a.SourceType, a.AssociationType, a.DestinationName]),
        [[`machine-learning-workflow-${id}`, 'MLWorkflow', 'AssociatedWith', `model-build-step-${id}`]],
      );
      assert.ok(incoming.AssociationSummaries?.[0]?.CreationTime instanceof Date);
      const outgoing = await sm.send(new ListAssociationsCommand({ SourceArn: made.context }));
      assert.deepEqual(
        outgoing.AssociationSummaries?.map((a) => a.DestinationArn),
        [made.action],
      );
    });

    test('artifacts: create with a Custom source type, describe, link inputs -> action -> output', async () => {
      const create = async (name: string, type: string, file: string) =>
        (
          await sm.send(
            new CreateArtifactCommand({
              ArtifactName: name,
              ArtifactType: type,
              Source: {
                SourceUri: `https://example-files.s3.amazonaws.com/datasets/image/MNIST/${file}`,
                SourceTypes: [{ SourceIdType: 'Custom', Value: id }],
              },
              Properties: { origin: 'mnist' },
            }),
          )
        ).ArtifactArn ?? '';
      made.images = await create('mnist-test-images', 'TestData', 't10k-images-idx3-ubyte.gz');
      made.labels = await create('mnist-test-labels', 'TestLabels', 't10k-labels-idx1-ubyte.gz');
      made.model = await create('mnist-model', 'Model', 'model/model.tar.gz');
      assert.match(made.images, /^arn:aws:sagemaker:us-east-1:000000000000:artifact\/[0-9a-f]{32}$/);
      assert.notEqual(made.images, made.labels);

      const d = await sm.send(new DescribeArtifactCommand({ ArtifactArn: made.images }));
      assert.equal(d.ArtifactName, 'mnist-test-images');
      assert.equal(d.ArtifactType, 'TestData');
      assert.deepEqual(d.Source?.SourceTypes, [{ SourceIdType: 'Custom', Value: id }]);
      assert.deepEqual(d.Properties, { origin: 'mnist' });
      assert.equal(d.CreatedBy?.UserProfileName, 'sagemaker-api');
      assert.ok(d.LastModifiedTime instanceof Date);

      // The notebook leaves AssociationType out for inputs: ContributedTo.
      await sm.send(new AddAssociationCommand({ SourceArn: made.images, DestinationArn: made.action }));
      await sm.send(new AddAssociationCommand({ SourceArn: made.labels, DestinationArn: made.action }));
      await sm.send(
        new AddAssociationCommand({ SourceArn: made.action, DestinationArn: made.model, AssociationType: 'Produced' }),
      );
      const into = await sm.send(
        new ListAssociationsCommand({ DestinationArn: made.action, SortBy: 'SourceType', SortOrder: 'Ascending' }),
      );
      assert.deepEqual(
        into.AssociationSummaries?.map((a) => [a.SourceType, a.SourceName, a.AssociationType]),
        [
          ['MLWorkflow', `machine-learning-workflow-${id}`, 'AssociatedWith'],
          ['TestData', 'mnist-test-images', 'ContributedTo'],
          ['TestLabels', 'mnist-test-labels', 'ContributedTo'],
        ],
      );
    });

    test('the automatic artifact of a run: its digest as a Custom sha256 source type, CreatedBy godwit', async () => {
      const d = await sm.send(new DescribeArtifactCommand({ ArtifactArn: run.model }));
      assert.deepEqual(d.Source, { SourceUri: run.modelUri, SourceTypes: [{ SourceIdType: 'Custom', Value: run.modelDigest }] });
      assert.equal(d.ArtifactType, 'Model');
      assert.equal(d.CreatedBy?.UserProfileName, 'godwit');
    });

    test('QueryLineage: up from the model, down from an input, filters, depth, edges', async () => {
      const up = await sm.send(new QueryLineageCommand({ StartArns: [made.model], Direction: 'Ascendants', IncludeEdges: true }));
      assert.deepEqual(
        (up.Vertices ?? []).map((v) => [v.Arn, v.LineageType, v.Type]).sort(),
        [
          [made.action, 'Action', 'ModelBuild'],
          [made.context, 'Context', 'MLWorkflow'],
          [made.images, 'Artifact', 'TestData'],
          [made.labels, 'Artifact', 'TestLabels'],
        ].sort(),
      );
      assert.deepEqual(
        (up.Edges ?? []).map((e) => [e.SourceArn, e.DestinationArn, e.AssociationType]).sort(),
        [
          [made.action, made.model, 'Produced'],
          [made.context, made.action, 'AssociatedWith'],
          [made.images, made.action, 'ContributedTo'],
          [made.labels, made.action, 'ContributedTo'],
        ].sort(),
      );
      const artifactsOnly = await sm.send(
        new QueryLineageCommand({
          StartArns: [made.model],
          Direction: 'Ascendants',
          IncludeEdges: false,
          Filters: { LineageTypes: ['Artifact'], Properties: { origin: 'mnist' } },
        }),
      );
      assert.deepEqual((artifactsOnly.Vertices ?? []).map((v) => v.Arn).sort(), [made.images, made.labels].sort());
      assert.deepEqual(artifactsOnly.Edges ?? [], []);
      const typed = await sm.send(
        new QueryLineageCommand({ StartArns: [made.model], Direction: 'Ascendants', Filters: { Types: ['TestData'] } }),
      );
      assert.deepEqual(
        typed.Vertices?.map((v) => v.Arn),
        [made.images],
      );
      const emptyFilters = await sm.send(
        new QueryLineageCommand({ StartArns: [made.model], Direction: 'Ascendants', Filters: { Types: [], LineageTypes: [] } }),
      );
      assert.equal(emptyFilters.Vertices?.length, 4, 'empty filter lists filter nothing');
      const shallow = await sm.send(new QueryLineageCommand({ StartArns: [made.model], Direction: 'Ascendants', MaxDepth: 1 }));
      assert.deepEqual(
        shallow.Vertices?.map((v) => v.Arn),
        [made.action],
      );

      const down = await sm.send(new QueryLineageCommand({ StartArns: [made.images], Direction: 'Descendants' }));
      assert.deepEqual((down.Vertices ?? []).map((v) => v.Arn).sort(), [made.action, made.model].sort());
      const both = await sm.send(new QueryLineageCommand({ StartArns: [made.action], Direction: 'Both' }));
      assert.equal(both.Vertices?.length, 4);

      const future = new Date(Date.now() + 3_600_000);
      const none = await sm.send(
        new QueryLineageCommand({ StartArns: [made.model], Direction: 'Ascendants', Filters: { CreatedAfter: future } }),
      );
      assert.deepEqual(none.Vertices, []);
      const before = await sm.send(
        new QueryLineageCommand({ StartArns: [made.model], Direction: 'Ascendants', Filters: { ModifiedBefore: future } }),
      );
      assert.equal(before.Vertices?.length, 4);
    });

    test('paginators: QueryLineage one vertex a page, ListArtifacts and ListAssociations two a page', async () => {
      const input: QueryLineageCommandInput = { StartArns: [run.raw], Direction: 'Descendants', IncludeEdges: true };
      const whole = await sm.send(new QueryLineageCommand(input));
      assert.deepEqual(
        (whole.Vertices ?? []).map((v) => v.Arn).sort(),
        [run.prep, run.prepared, run.train, run.model, run.run, run.pipeline].sort(),
      );
      const paged: string[] = [];
      let pages = 0;
      for await (const page of paginateQueryLineage({ client: sm, pageSize: 1 }, input)) {
        pages++;
        assert.ok((page.Vertices ?? []).length <= 1);
        paged.push(...(page.Vertices ?? []).map((v) => v.Arn ?? ''));
      }
      assert.equal(pages, 6);
      assert.deepEqual(
        paged,
        (whole.Vertices ?? []).map((v) => v.Arn),
      );

      const artifacts: string[] = [];
      for await (const page of paginateListArtifacts({ client: sm, pageSize: 2 }, { SortOrder: 'Ascending' })) {
        assert.ok((page.ArtifactSummaries ?? []).length <= 2);
        artifacts.push(...(page.ArtifactSummaries ?? []).map((a) => a.ArtifactArn ?? ''));
      }
      assert.equal(artifacts.length, 7);
      assert.deepEqual(
        new Set(artifacts),
        new Set([run.raw, run.prepared, run.image, run.model, made.images, made.labels, made.model]),
      );
      const bySource: string[] = [];
      for await (const page of paginateListArtifacts({ client: sm, pageSize: 2 }, { SourceUri: run.rawUri })) {
        bySource.push(...(page.ArtifactSummaries ?? []).map((a) => a.ArtifactArn ?? ''));
      }
      assert.deepEqual(bySource, [run.raw]);

      const edges: string[] = [];
      for await (const page of paginateListAssociations({ client: sm, pageSize: 2 }, { AssociationType: 'ContributedTo' })) {
        edges.push(...(page.AssociationSummaries ?? []).map((a) => `${a.SourceArn}>${a.DestinationArn}`));
      }
      assert.equal(edges.length, 5);
      assert.equal(new Set(edges).size, 5);
    });

    test('updates: status, description and properties, added and removed', async () => {
      await sm.send(
        new UpdateActionCommand({
          ActionName: `model-build-step-${id}`,
          Status: 'Completed',
          Description: 'built',
          Properties: { accuracy: '0.97' },
          PropertiesToRemove: ['Example'],
        }),
      );
      const a = await sm.send(new DescribeActionCommand({ ActionName: made.action }));
      assert.deepEqual([a.Status, a.Description, a.Properties], ['Completed', 'built', { accuracy: '0.97' }]);
      assert.ok((a.LastModifiedTime as Date) >= (a.CreationTime as Date));
      await sm.send(new UpdateContextCommand({ ContextName: `machine-learning-workflow-${id}`, Properties: { stage: 'dev' } }));
      const c = await sm.send(new DescribeContextCommand({ ContextName: `machine-learning-workflow-${id}` }));
      assert.deepEqual(c.Properties, { example: 'true', stage: 'dev' });
      assert.equal(c.Source?.SourceType, 'Notebook', 'the source type outlives updates');
      await sm.send(new UpdateArtifactCommand({ ArtifactArn: made.model, Properties: { framework: 'tensorflow' } }));
      const m = await sm.send(new DescribeArtifactCommand({ ArtifactArn: made.model }));
      assert.deepEqual(m.Properties, { origin: 'mnist', framework: 'tensorflow' });
      const filtered = await sm.send(
        new QueryLineageCommand({
          StartArns: [made.images],
          Direction: 'Descendants',
          Filters: { Properties: { framework: 'tensorflow' } },
        }),
      );
      assert.deepEqual(
        filtered.Vertices?.map((v) => v.Arn),
        [made.model],
      );
    });

    test('bad input: unknown and malformed ARNs, bad MaxResults, duplicates, deleting what has associations', async () => {
      const ghost = `${ARN}:artifact/${'0'.repeat(32)}`;
      const unknown = await failure(sm.send(new DescribeArtifactCommand({ ArtifactArn: ghost })));
      assert.ok(unknown.notFound, unknown.name);
      assert.match(unknown.message, new RegExp(`Artifact ${ghost} does not exist`));
      const unknownStart = await failure(sm.send(new QueryLineageCommand({ StartArns: [ghost] })));
      assert.ok(unknownStart.notFound);
      assert.match(unknownStart.message, new RegExp(ghost));
      assert.ok((await failure(sm.send(new DescribeContextCommand({ ContextName: 'no-such-context' })))).notFound);
      assert.ok((await failure(sm.send(new ListAssociationsCommand({ SourceArn: `${ARN}:action/no-such-action` })))).notFound);

      const malformed = await failure(sm.send(new DescribeArtifactCommand({ ArtifactArn: 'artifact-123' })));
      assert.equal(malformed.name, 'ValidationException');
      assert.match(malformed.message, /ArtifactArn "artifact-123" is not a lineage ARN/);
      const wrongKind = await failure(sm.send(new DescribeArtifactCommand({ ArtifactArn: made.action })));
      assert.equal(wrongKind.name, 'ValidationException');
      const badName = await failure(sm.send(new DescribeActionCommand({ ActionName: 'spaces are not allowed' })));
      assert.equal(badName.name, 'ValidationException');

      for (const max of [0, 101]) {
        const bad = await failure(sm.send(new ListActionsCommand({ MaxResults: max })));
        assert.equal(bad.name, 'ValidationException');
        assert.match(bad.message, /maxResults.*from 1 to 100/);
      }
      const badDepth = await failure(sm.send(new QueryLineageCommand({ StartArns: [made.model], MaxDepth: 11 })));
      assert.match(badDepth.message, /maxDepth/);
      const badToken = await failure(sm.send(new ListActionsCommand({ NextToken: 'not-a-token' })));
      assert.equal(badToken.name, 'ValidationException');

      const dupEdge = await failure(sm.send(new AddAssociationCommand({ SourceArn: made.images, DestinationArn: made.action })));
      assert.equal(dupEdge.name, 'ValidationException');
      assert.match(dupEdge.message, /already exists \(ContributedTo\)/);
      const dupContext = await failure(
        sm.send(
          new CreateContextCommand({
            ContextName: `machine-learning-workflow-${id}`,
            ContextType: 'MLWorkflow',
            Source: { SourceUri: id },
          }),
        ),
      );
      assert.equal(dupContext.name, 'ValidationException');
      assert.match(dupContext.message, /already exists/);
      // One artifact per SourceUri and source type: the automatic one is found, not duplicated.
      const dupArtifact = await failure(
        sm.send(
          new CreateArtifactCommand({
            ArtifactType: 'Model',
            Source: { SourceUri: run.modelUri, SourceTypes: [{ SourceIdType: 'Custom', Value: run.modelDigest }] },
          }),
        ),
      );
      assert.equal(dupArtifact.name, 'ValidationException');
      assert.match(dupArtifact.message, new RegExp(`Artifact ${run.model} already exists with SourceUri`));
      const missingEnd = await failure(sm.send(new AddAssociationCommand({ SourceArn: made.images, DestinationArn: ghost })));
      assert.ok(missingEnd.notFound);
      const tagged = await failure(
        sm.send(
          new CreateActionCommand({
            ActionName: 'tagged',
            ActionType: 'x',
            Source: { SourceUri: 'u' },
            Tags: [{ Key: 'k', Value: 'v' }],
          }),
        ),
      );
      assert.match(tagged.message, /keep no tags/);
      const hidden = await failure(
        sm.send(
          new CreateActionCommand({
            ActionName: 'hidden',
            ActionType: 'x',
            Source: { SourceUri: 'u' },
            Properties: { 'sagemaker:SourceType': 'x' },
          }),
        ),
      );
      assert.match(hidden.message, /Godwit's own/);

      const inUse = await failure(sm.send(new DeleteContextCommand({ ContextName: `machine-learning-workflow-${id}` })));
      assert.equal(inUse.name, 'ValidationException');
      assert.match(inUse.message, /has associations; delete them first/);
    });

    test("cleanup as the notebook does it: associations first, then the entities; they're gone", async () => {
      for (const arn of [made.context, made.action, made.images, made.labels, made.model]) {
        for (const key of ['DestinationArn', 'SourceArn'] as const) {
          const listed = await sm.send(new ListAssociationsCommand({ [key]: arn }));
          for (const a of listed.AssociationSummaries ?? []) {
            const out = await sm.send(new DeleteAssociationCommand({ SourceArn: a.SourceArn, DestinationArn: a.DestinationArn }));
            assert.deepEqual([out.SourceArn, out.DestinationArn], [a.SourceArn, a.DestinationArn]);
          }
        }
      }
      assert.equal(
        (await sm.send(new DeleteContextCommand({ ContextName: `machine-learning-workflow-${id}` }))).ContextArn,
        made.context,
      );
      assert.equal((await sm.send(new DeleteActionCommand({ ActionName: made.action }))).ActionArn, made.action);
      for (const arn of [made.images, made.labels]) {
        assert.equal((await sm.send(new DeleteArtifactCommand({ ArtifactArn: arn }))).ArtifactArn, arn);
      }
      // By its source, as DeleteArtifact also allows.
      const bySource = await sm.send(
        new DeleteArtifactCommand({
          Source: { SourceUri: 'https://example-files.s3.amazonaws.com/datasets/image/MNIST/model/model.tar.gz' },
        }),
      );
      assert.equal(bySource.ArtifactArn, made.model);
      assert.ok((await failure(sm.send(new DescribeArtifactCommand({ ArtifactArn: made.model })))).notFound);
      assert.ok((await failure(sm.send(new DescribeActionCommand({ ActionName: made.action })))).notFound);
      const again = await failure(sm.send(new DeleteAssociationCommand({ SourceArn: made.images, DestinationArn: made.action })));
      assert.ok(again.notFound);
      // The run's automatic lineage is untouched.
      const up = await sm.send(new QueryLineageCommand({ StartArns: [run.model], Direction: 'Ascendants' }));
      assert.deepEqual(
        (up.Vertices ?? []).map((v) => v.Arn).sort(),
        [run.train, run.prepared, run.image, run.prep, run.raw].sort(),
      );
    });
  });
}
