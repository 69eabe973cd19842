import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEndpoint, createEndpointConfig, createModel, updateEndpoint } from '../../src/endpoints/endpoints.js';
import { modelPackageArnOf } from '../../src/events/event-envelope.js';
import { artifactArn, lineageNames, sha256Digest } from '../../src/lineage/lineage-names.js';
import type { LineageDirection, LineageStore } from '../../src/lineage/lineage-records.js';
import type { ArtifactRecord } from '../../src/meta/metadata-store.js';
import { fn, pipeline, registerModel } from '../../src/pipeline/dsl/index.js';
import { registerFromUri } from '../../src/registry/register-from-uri.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { graphOf, lineageHome } from './catalogs-fixture.js';

const GROUP = 'Churn';
const S3_MODEL = 's3://jobs/out/train-1/output/model.tar.gz';

/**
 * The catalogs' automatic lineage on one home: a run trains and registers a model, an endpoint
 * serves it, a training and a transform job, a monitoring schedule on the endpoint; then the
 * same records with the lineage tables emptied and the lineage backfill migration run again give
 * the same graph.
 */
function catalogsSuite(backend: string, url: () => Promise<string | undefined>, skip?: string) {
  describe(`catalogs' lineage on ${backend}`, { skip }, () => {
    let h: Awaited<ReturnType<typeof lineageHome>>;
    let lineage: LineageStore;
    let runId: string;
    let model: ArtifactRecord;
    let modelNode: string;
    const walk = async (start: string, direction: LineageDirection) =>
      (await lineage.query({ startArns: [start], direction, maxDepth: 10 })).vertices.map((v) => v.arn);

    before(async () => {
      h = await lineageHome(await url());
      lineage = h.metadata.lineage;
      await writeFile(join(h.root, 'customers.csv'), 'tenure,churned\n1,1\n24,0\n');
      const train = fn('train', {
        inputs: { data: 'customers.csv' },
        outputs: { model: 'model' },
        run: async (ctx) => writeFile(join(ctx.outputs.model, 'model.json'), '{"w":[0.5,-0.1]}'),
      });
      const register = registerModel('register', {
        model: train.output('model'),
        modelPackageGroup: GROUP,
        image: 'example.com/churn-serve:1',
      });
      const outcome = await h.run(pipeline('churn', { steps: [train, register] }));
      assert.equal(outcome.status, 'succeeded');
      runId = outcome.runId;
      model = (await h.metadata.store.listArtifacts(runId)).find((a) => a.name === 'model') as ArtifactRecord;
      modelNode = artifactArn(model.uri, sha256Digest(model.sha256));
    });
    after(() => h?.close());

    test("a version registered by a run: its model node is the run's, and upstream from the package reaches the run", async () => {
      const v = await h.metadata.registry.getVersion(GROUP, 1);
      assert.ok(v, 'version 1');
      assert.deepEqual([v.modelUri, v.modelSha256], [model.uri, model.sha256]);
      const pkg = lineageNames.modelPackage(v.arn);
      const entity = await lineage.get(pkg);
      assert.equal(entity?.type, 'ModelPackage');
      assert.equal(entity?.properties?.runId, runId);
      const up = await walk(pkg, 'Ascendants');
      assert.ok(up.includes(modelNode), 'the model data node, keyed by the run artifact’s URI and digest');
      assert.ok(up.includes(lineageNames.step(runId, 'train')), 'the step that produced it');
      assert.ok(up.includes(lineageNames.step(runId, 'register')), 'the step that registered it');
      const vertices = (await lineage.query({ startArns: [pkg], direction: 'Ascendants' })).vertices;
      assert.ok(
        vertices.some((x) => x.type === 'DataSet' && x.depth === 3),
        'the data the run trained on: data → train → model → package',
      );
      assert.ok(up.includes(artifactArn('example.com/churn-serve:1')), 'its serving image');
      const down = await walk(pkg, 'Descendants');
      assert.ok(down.includes(lineageNames.modelGroup(GROUP)), 'its group');
      assert.ok(down.includes(lineageNames.approval(GROUP, 1)), 'its approval');
      assert.equal((await lineage.get(lineageNames.approval(GROUP, 1)))?.status, 'PendingManualApproval');
    });

    test('an approval change moves the Approval action: status, who, when, why', async () => {
      await h.metadata.registry.setApprovalStatus(GROUP, 1, 'Approved', 'alice', 'AUC 0.91 on holdout');
      const approval = await lineage.get(lineageNames.approval(GROUP, 1));
      assert.equal(approval?.status, 'Approved');
      assert.equal(approval?.properties?.changedBy, 'alice');
      assert.equal(approval?.properties?.comment, 'AUC 0.91 on holdout');
    });

    test("a model imported from files (godwit models register --model PATH) is the run's node when it is the run's folder", async () => {
      const folder = fileURLToPath(model.uri);
      const v = await registerFromUri(
        h.metadata.registry,
        { group: 'Imported', modelUri: folder, actor: 'bob' },
        { home: h.home },
      );
      assert.deepEqual([v.modelUri, v.modelSha256], [model.uri, model.sha256]);
      const up = await walk(lineageNames.modelPackage(v.arn), 'Ascendants');
      assert.ok(up.includes(modelNode), 'the run’s model node');
      assert.ok((await walk(modelNode, 'Descendants')).includes(lineageNames.modelGroup('Imported')));
    });

    test('endpoints: each config put on an endpoint is a deployment downstream of the model it serves', async () => {
      const deps = { endpoints: h.metadata.endpoints, registry: h.metadata.registry };
      await createModel(deps, { name: 'churn-v1', containers: [{ modelPackageName: `${GROUP}/1` }] });
      // A second SageMaker model naming the run's folder directly: the same model node (its digest is known).
      await createModel(deps, { name: 'churn-folder', containers: [{ modelDataUrl: model.uri, image: 'example.com/other:2' }] });
      const variant = (modelName: string) => ({
        variantName: 'AllTraffic',
        modelName,
        initialInstanceCount: 1,
        initialVariantWeight: 1,
      });
      await createEndpointConfig(deps, { name: 'churn-c1', productionVariants: [variant('churn-v1')] });
      await createEndpointConfig(deps, { name: 'churn-c2', productionVariants: [variant('churn-folder')] });
      await createEndpoint(deps, 'churn', 'churn-c1');
      await h.metadata.endpoints.reportEndpoint('churn', { status: 'InService' });
      await updateEndpoint(deps, 'churn', 'churn-c2');
      await h.metadata.endpoints.reportEndpoint('churn', { status: 'InService', configName: 'churn-c2' });

      const down = await walk(modelNode, 'Descendants');
      for (const arn of [
        lineageNames.deployment('churn', 'churn-c1'),
        lineageNames.deployment('churn', 'churn-c2'),
        lineageNames.endpoint('churn'),
      ])
        assert.ok(down.includes(arn), arn);
      const upC1 = await walk(lineageNames.deployment('churn', 'churn-c1'), 'Ascendants');
      assert.ok(upC1.includes(lineageNames.modelPackage(modelPackageArnOf(GROUP, 1))), 'the package it was deployed from');
      assert.ok(upC1.includes(lineageNames.step(runId, 'train')));
      const { associations } = await lineage.listAssociations({ destinationArn: lineageNames.deployment('churn', 'churn-c2') });
      assert.deepEqual(
        associations.map((a) => [a.sourceArn, a.type]).sort(),
        [
          [artifactArn('example.com/other:2'), 'ContributedTo'],
          [modelNode, 'ContributedTo'],
        ].sort(),
      );
    });

    test('SageMaker jobs: a trial component per job, its channels, image and outputs', async () => {
      await h.metadata.jobs.create({
        kind: 'training',
        name: 'train-1',
        request: {
          TrainingJobName: 'train-1',
          AlgorithmSpecification: { TrainingImage: 'example.com/xgb:1', TrainingInputMode: 'File' },
          InputDataConfig: [
            { ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: 's3://data/train/', S3DataType: 'S3Prefix' } } },
            {
              ChannelName: 'validation',
              DataSource: { S3DataSource: { S3Uri: 's3://data/validation/', S3DataType: 'S3Prefix' } },
            },
          ],
          OutputDataConfig: { S3OutputPath: 's3://jobs/out/' },
        },
        tags: [],
      });
      const tc = lineageNames.job('training', 'train-1');
      assert.equal((await lineage.get(tc))?.status, 'InProgress');
      await h.metadata.jobs.update('training', 'train-1', {
        status: 'Completed',
        result: { ModelArtifacts: { S3ModelArtifacts: S3_MODEL } },
      });
      const entity = await lineage.get(tc);
      assert.deepEqual([entity?.kind, entity?.type, entity?.status], ['TrialComponent', 'TrainingJob', 'Completed']);
      const up = await walk(artifactArn(S3_MODEL), 'Ascendants');
      for (const arn of [
        tc,
        artifactArn('s3://data/train/'),
        artifactArn('s3://data/validation/'),
        artifactArn('example.com/xgb:1'),
      ])
        assert.ok(up.includes(arn), arn);

      await h.metadata.jobs.create({
        kind: 'transform',
        name: 'score-1',
        request: {
          TransformJobName: 'score-1',
          ModelName: 'churn-folder',
          TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/score/' } } },
          TransformOutput: { S3OutputPath: 's3://jobs/scored/' },
        },
        tags: [],
      });
      await h.metadata.jobs.update('transform', 'score-1', { status: 'Completed' });
      const down = await walk(modelNode, 'Descendants');
      assert.ok(down.includes(lineageNames.job('transform', 'score-1')), 'the transform job used the run’s model');
      assert.ok(down.includes(artifactArn('s3://jobs/scored/')), 'and produced its output');
    });

    test('monitoring schedules: the endpoint and the baselines contribute to the schedule', async () => {
      await h.metadata.monitoring.createSchedule({
        name: 'churn-quality',
        type: 'DataQuality',
        endpointName: 'churn',
        config: {
          MonitoringType: 'DataQuality',
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringJobDefinition: {
            BaselineConfig: {
              StatisticsResource: { S3Uri: 's3://monitor/baseline/statistics.json' },
              ConstraintsResource: { S3Uri: 's3://monitor/baseline/constraints.json' },
            },
            MonitoringInputs: [{ EndpointInput: { EndpointName: 'churn', LocalPath: '/opt/ml/processing/input' } }],
            MonitoringOutputConfig: {
              MonitoringOutputs: [{ S3Output: { S3Uri: 's3://monitor/reports', LocalPath: '/opt/ml/processing/output' } }],
            },
            MonitoringResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
            MonitoringAppSpecification: { ImageUri: 'example.com/model-monitor:1' },
            RoleArn: 'arn:aws:iam::000000000000:role/monitor',
          },
        },
        tags: [],
      });
      const schedule = lineageNames.monitoringSchedule('churn-quality');
      assert.ok((await walk(lineageNames.endpoint('churn'), 'Descendants')).includes(schedule));
      const up = await walk(schedule, 'Ascendants');
      assert.ok(up.includes(artifactArn('s3://monitor/baseline/statistics.json')), 'baseline statistics');
      assert.ok(up.includes(artifactArn('s3://monitor/baseline/constraints.json')), 'baseline constraints');
      assert.ok(up.includes(modelNode), 'through the endpoint’s deployments, the model it watches');
      await h.metadata.monitoring.changeSchedule('churn-quality', { status: 'Scheduled' });
      assert.equal((await lineage.get(schedule))?.properties?.scheduleStatus, 'Scheduled');
    });

    test('backfill: the same records without lineage, migrated, give the same graph', async () => {
      const raw = await h.raw();
      let live: Awaited<ReturnType<typeof graphOf>>;
      try {
        live = await graphOf(raw);
        assert.ok(live.entities.length >= 20, `${live.entities.length} entities`);
        // As a Godwit from before lineage left it: no lineage rows, the lineage capability at its first migration.
        await raw.exec('DELETE FROM lineage_associations; DELETE FROM lineage_entities;');
        await raw.run("UPDATE schema_versions SET version = 1 WHERE capability = 'lineage'");
      } finally {
        await raw.close();
      }
      const reopened = await h.reopen();
      await reopened.close();
      const again = await h.raw();
      try {
        const backfilled = await graphOf(again);
        assert.deepEqual(backfilled.associations, live.associations);
        assert.deepEqual(backfilled.entities, live.entities);
      } finally {
        await again.close();
      }
    });
  });
}

catalogsSuite('SQLite', async () => undefined);
catalogsSuite('PostgreSQL', testDatabase, POSTGRES_SKIP);
