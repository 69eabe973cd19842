/**
 * The contract the endpoint catalog passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh, empty database, on the clock it is given; the suite closes it. Each test
 * uses its own names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../core/clock.js';
import { code, HandClock, unique } from '../db/contract-kit.js';
import type { Metadata } from '../meta/index.js';
import type { DeploymentConfig } from './deployment-config.js';
import type { EndpointCatalog, EndpointConfigRecord, VariantSpec } from './endpoint-records.js';

const variant = (variantName: string, modelName: string, weight = 1, count = 1): VariantSpec => ({
  variantName,
  modelName,
  initialInstanceCount: count,
  initialVariantWeight: weight,
  instanceType: 'ml.m5.large',
});

export function endpointCatalogContract(
  name: string,
  open: (clock: Clock) => Promise<Metadata>,
  options: { skip?: string } = {},
) {
  describe(`EndpointCatalog contract: ${name}`, { skip: options.skip }, () => {
    const clock = new HandClock();
    let metadata: Metadata;
    let catalog: EndpointCatalog;
    before(async () => {
      metadata = await open(clock);
      catalog = metadata.endpoints;
    });
    after(() => metadata?.close());

    /** A model and a config of two variants over it; the config's name. */
    async function config(extra: Partial<EndpointConfigRecord> = {}): Promise<EndpointConfigRecord> {
      const model = unique('m');
      await catalog.createModel({ name: model, containers: [{ image: 'linear-learner' }], inferenceMode: 'Serial', tags: [] });
      return catalog.createEndpointConfig({
        name: unique('c'),
        productionVariants: [variant('A', model, 3, 1), variant('B', model, 1, 2)],
        shadowVariants: [],
        tags: [],
        ...extra,
      });
    }

    test('keeps models whole and immutable: create, get, list, delete, and refuses a name in use', async () => {
      const name = unique('model');
      const made = await catalog.createModel({
        name,
        containers: [
          { image: 'img-1', modelDataUrl: 's3://b/m.tar.gz', environment: { A: '1' }, hostname: 'pre' },
          { image: 'img-2', modelPackageName: 'arn:aws:sagemaker:us-east-1:000000000000:model-package/G/1' },
        ],
        executionRoleArn: 'arn:aws:iam::000000000000:role/r',
        inferenceMode: 'Serial',
        tags: [{ Key: 'team', Value: 'ml' }],
      });
      assert.equal(made.createdAt.toISOString(), '2026-12-05T10:00:00.000Z');
      assert.deepEqual(await catalog.getModel(name), made);
      assert.ok((await catalog.listModels()).some((m) => m.name === name));
      await assert.rejects(
        catalog.createModel({ name, containers: [{ image: 'other' }], inferenceMode: 'Direct', tags: [] }),
        code('E_MODEL_EXISTS'),
      );
      assert.deepEqual(await catalog.getModel(name), made, 'a refused create changes nothing');
      await catalog.deleteModel(name);
      assert.equal(await catalog.getModel(name), undefined);
      await assert.rejects(catalog.deleteModel(name), code('E_MODEL_NOT_FOUND'));
    });

    test('keeps endpoint configs whole, checks their models exist, and refuses a name in use', async () => {
      const model = unique('m');
      await catalog.createModel({ name: model, containers: [{ image: 'x' }], inferenceMode: 'Serial', tags: [] });
      const capture = {
        enableCapture: true,
        initialSamplingPercentage: 50,
        destinationS3Uri: 's3://bucket/capture',
        captureModes: ['Input', 'Output'] as const,
        csvContentTypes: ['text/csv'],
        jsonContentTypes: ['application/json'],
      };
      const made = await catalog.createEndpointConfig({
        name: unique('cfg'),
        productionVariants: [
          variant('A', model),
          { ...variant('S', model), serverless: { memorySizeInMB: 2048, maxConcurrency: 5 } },
        ],
        shadowVariants: [variant('Shadow', model, 1, 1)],
        dataCapture: capture,
        tags: [{ Key: 'k', Value: 'v' }],
      });
      assert.deepEqual(await catalog.getEndpointConfig(made.name), made);
      assert.ok((await catalog.listEndpointConfigs()).some((c) => c.name === made.name));
      await assert.rejects(catalog.createEndpointConfig({ ...made }), code('E_ENDPOINT_CONFIG_EXISTS'));
      const missing = unique('nope');
      await assert.rejects(
        catalog.createEndpointConfig({
          name: unique('cfg'),
          productionVariants: [variant('A', missing)],
          shadowVariants: [],
          tags: [],
        }),
        (err: Error) => code('E_MODEL_NOT_FOUND')(err) && err.message.includes(missing),
      );
      // Deleting a model a config uses is allowed, as in SageMaker.
      await catalog.deleteModel(model);
      await catalog.deleteEndpointConfig(made.name);
      assert.equal(await catalog.getEndpointConfig(made.name), undefined);
      await assert.rejects(catalog.deleteEndpointConfig(made.name), code('E_ENDPOINT_CONFIG_NOT_FOUND'));
    });

    test("keeps an asynchronous config's AsyncInferenceConfig whole", async () => {
      const model = unique('m');
      await catalog.createModel({ name: model, containers: [{ image: 'x' }], inferenceMode: 'Serial', tags: [] });
      const made = await catalog.createEndpointConfig({
        name: unique('cfg'),
        productionVariants: [variant('A', model)],
        shadowVariants: [],
        asyncInference: {
          maxConcurrentInvocationsPerInstance: 4,
          s3OutputPath: 's3://out/async',
          s3FailurePath: 's3://out/failed',
          kmsKeyId: 'alias/k',
          successTopic: 'arn:aws:sns:us-east-1:000000000000:ok',
          errorTopic: 'arn:aws:sns:us-east-1:000000000000:bad',
          includeInferenceResponseIn: ['ERROR_NOTIFICATION_TOPIC'],
        },
        tags: [],
      });
      assert.deepEqual(await catalog.getEndpointConfig(made.name), made);
      const listed = (await catalog.listEndpointConfigs()).find((c) => c.name === made.name);
      assert.deepEqual(listed?.asyncInference, made.asyncInference);
    });

    test('records an endpoint as Creating with a new generation; a refused create moves nothing', async () => {
      const cfg = await config();
      const before = await catalog.generation();
      const name = unique('ep');
      const made = await catalog.createEndpoint(name, cfg.name, [{ Key: 'a', Value: 'b' }]);
      assert.deepEqual(
        [made.status, made.configName, made.variants, made.pendingConfigName],
        ['Creating', cfg.name, [], undefined],
      );
      assert.ok(made.generation > before);
      assert.equal(await catalog.generation(), made.generation);
      assert.deepEqual(await catalog.getEndpoint(name), made);
      await assert.rejects(catalog.createEndpoint(name, cfg.name), code('E_ENDPOINT_EXISTS'));
      await assert.rejects(catalog.createEndpoint(unique('ep'), unique('no-config')), code('E_ENDPOINT_CONFIG_NOT_FOUND'));
      assert.equal(await catalog.generation(), made.generation, 'refused creates roll their generation back');
      assert.ok((await catalog.listEndpoints()).some((e) => e.name === name));
    });

    test('reports: variants move the generation, a status-only report does not', async () => {
      const cfg = await config();
      const name = unique('ep');
      const made = await catalog.createEndpoint(name, cfg.name);
      clock.t += 5_000;
      const variants = [
        { variantName: 'A', weight: 3, instanceCount: 1 },
        { variantName: 'B', weight: 1, instanceCount: 2 },
      ];
      const seeded = await catalog.reportEndpoint(name, { status: 'Creating', variants });
      assert.ok(seeded.generation > made.generation);
      clock.t += 1_000;
      const up = await catalog.reportEndpoint(name, { status: 'InService', variants });
      assert.equal(up.generation, seeded.generation, 'no desired state changed');
      assert.equal(up.status, 'InService');
      assert.equal(up.lastModifiedAt.toISOString(), new Date(clock.t).toISOString());
      assert.deepEqual(await catalog.getEndpoint(name), up);
      const again = await catalog.reportEndpoint(name, { status: 'InService', variants });
      assert.deepEqual(again, up, 'an identical report writes nothing');
      await assert.rejects(catalog.reportEndpoint(unique('gone'), { status: 'InService' }), code('E_ENDPOINT_NOT_FOUND'));
    });

    test('updates only from InService or Failed, keep the pending config until the host reports it', async () => {
      const [a, b] = [await config(), await config()];
      const name = unique('ep');
      await catalog.createEndpoint(name, a.name);
      await assert.rejects(catalog.updateEndpoint(name, b.name), code('E_ENDPOINT_IN_USE'));
      await catalog.reportEndpoint(name, { status: 'InService', variants: [{ variantName: 'A', weight: 3, instanceCount: 1 }] });
      await assert.rejects(catalog.updateEndpoint(name, unique('none')), code('E_ENDPOINT_CONFIG_NOT_FOUND'));
      const updating = await catalog.updateEndpoint(name, b.name);
      assert.deepEqual([updating.status, updating.configName, updating.pendingConfigName], ['Updating', a.name, b.name]);
      await assert.rejects(catalog.updateEndpoint(name, a.name), code('E_ENDPOINT_IN_USE'));
      const progress = await catalog.reportEndpoint(name, { status: 'Updating' });
      assert.equal(progress.pendingConfigName, b.name, 'still updating');
      const done = await catalog.reportEndpoint(name, { status: 'InService', configName: b.name });
      assert.deepEqual([done.status, done.configName, done.pendingConfigName], ['InService', b.name, undefined]);
      assert.ok(done.generation > updating.generation);
      await catalog.updateEndpoint(name, a.name);
      const failed = await catalog.reportEndpoint(name, { status: 'Failed', failureReason: 'model did not load' });
      assert.deepEqual(
        [failed.status, failed.failureReason, failed.pendingConfigName],
        ['Failed', 'model did not load', undefined],
      );
      const retried = await catalog.updateEndpoint(name, a.name);
      assert.deepEqual([retried.status, retried.failureReason], ['Updating', undefined], 'a Failed endpoint may be updated');
    });

    test('ignores a report made for an older generation', async () => {
      const [a, b] = [await config(), await config()];
      const name = unique('ep');
      const made = await catalog.createEndpoint(name, a.name);
      const up = await catalog.reportEndpoint(name, { status: 'InService', generation: made.generation });
      assert.equal(up.status, 'InService');
      const updating = await catalog.updateEndpoint(name, b.name);
      const stale = await catalog.reportEndpoint(name, { status: 'InService', generation: made.generation });
      assert.deepEqual(stale, updating);
    });

    test('weights and capacities: named variants change, unknown ones are refused, only when InService', async () => {
      const cfg = await config();
      const name = unique('ep');
      await catalog.createEndpoint(name, cfg.name);
      await assert.rejects(
        catalog.updateWeightsAndCapacities(name, [{ variantName: 'A', weight: 1 }]),
        code('E_ENDPOINT_IN_USE'),
      );
      await catalog.reportEndpoint(name, { status: 'InService' });
      await assert.rejects(
        catalog.updateWeightsAndCapacities(name, [{ variantName: 'Z', weight: 1 }]),
        (err: Error) => code('E_VARIANT_NOT_FOUND')(err) && err.message.includes('Z'),
      );
      const changed = await catalog.updateWeightsAndCapacities(name, [{ variantName: 'B', weight: 5, instanceCount: 3 }]);
      assert.equal(changed.status, 'Updating');
      assert.deepEqual(changed.variants, [
        { variantName: 'A', weight: 3, instanceCount: 1 },
        { variantName: 'B', weight: 5, instanceCount: 3 },
      ]);
      const done = await catalog.reportEndpoint(name, { status: 'InService', variants: changed.variants });
      assert.equal(done.generation, changed.generation, 'the host reached what was desired');
    });

    test('serverless limits: ServerlessUpdateConfig merges into the variant state; the wrong kind of change is refused', async () => {
      const model = unique('m');
      await catalog.createModel({ name: model, containers: [{ image: 'linear-learner' }], inferenceMode: 'Serial', tags: [] });
      const serverless = { memorySizeInMB: 2048, maxConcurrency: 4 };
      const cfg = await catalog.createEndpointConfig({
        name: unique('cfg'),
        productionVariants: [
          { variantName: 'S', modelName: model, initialInstanceCount: 0, initialVariantWeight: 1, serverless },
        ],
        shadowVariants: [],
        tags: [],
      });
      const name = unique('ep');
      await catalog.createEndpoint(name, cfg.name);
      await catalog.reportEndpoint(name, { status: 'InService' });
      const changed = await catalog.updateWeightsAndCapacities(name, [
        { variantName: 'S', serverless: { provisionedConcurrency: 2 } },
      ]);
      assert.deepEqual(changed.variants, [
        { variantName: 'S', weight: 1, instanceCount: 2, serverless: { ...serverless, provisionedConcurrency: 2 } },
      ]);
      assert.deepEqual((await catalog.getEndpoint(name))?.variants, changed.variants);
      await catalog.reportEndpoint(name, { status: 'InService', variants: changed.variants });
      await assert.rejects(
        catalog.updateWeightsAndCapacities(name, [{ variantName: 'S', serverless: { maxConcurrency: 1 } }]),
        (err: Error) =>
          code('E_ENDPOINT_VALIDATION')(err) && err.message.includes('ProvisionedConcurrency (2) above MaxConcurrency (1)'),
      );
      await assert.rejects(
        catalog.updateWeightsAndCapacities(name, [{ variantName: 'S', instanceCount: 3 }]),
        code('E_ENDPOINT_VALIDATION'),
      );
      const fixed = unique('ep');
      await catalog.createEndpoint(fixed, (await config()).name);
      await catalog.reportEndpoint(fixed, { status: 'InService' });
      await assert.rejects(
        catalog.updateWeightsAndCapacities(fixed, [{ variantName: 'A', serverless: { maxConcurrency: 3 } }]),
        (err: Error) => code('E_ENDPOINT_VALIDATION')(err) && err.message.includes('has no ServerlessConfig'),
      );
    });

    test('delete marks Deleting, ignores later reports, and forget removes it and moves the generation', async () => {
      const cfg = await config();
      const name = unique('ep');
      await catalog.createEndpoint(name, cfg.name);
      await catalog.deleteEndpoint(name);
      const deleting = await catalog.getEndpoint(name);
      assert.equal(deleting?.status, 'Deleting');
      await catalog.deleteEndpoint(name);
      assert.deepEqual(await catalog.getEndpoint(name), deleting, 'deleting twice changes nothing');
      assert.deepEqual(await catalog.reportEndpoint(name, { status: 'InService' }), deleting);
      await assert.rejects(catalog.updateEndpoint(name, cfg.name), code('E_ENDPOINT_IN_USE'));
      const before = await catalog.generation();
      await catalog.forgetEndpoint(name);
      assert.equal(await catalog.getEndpoint(name), undefined);
      assert.ok((await catalog.generation()) > before);
      await catalog.forgetEndpoint(name);
      await assert.rejects(catalog.deleteEndpoint(name), code('E_ENDPOINT_NOT_FOUND'));
      await catalog.createEndpoint(name, cfg.name);
      assert.equal((await catalog.getEndpoint(name))?.status, 'Creating', 'the name is free again');
    });

    test('guarded updates: the DeploymentConfig is kept; rollout progress is saved with its events in one go, and goes with the endpoint', async () => {
      const [a, b] = [await config(), await config()];
      const name = unique('ep');
      const canary: DeploymentConfig = {
        blueGreen: {
          trafficRouting: { type: 'CANARY', waitIntervalInSeconds: 600, canarySize: { type: 'INSTANCE_COUNT', value: 1 } },
          terminationWaitInSeconds: 60,
        },
        autoRollback: { alarms: ['a-5xx'] },
      };
      await catalog.createEndpoint(name, a.name, [], canary);
      assert.deepEqual((await catalog.getEndpoint(name))?.deploymentConfig, canary);
      await catalog.reportEndpoint(name, { status: 'InService' });
      const updating = await catalog.updateEndpoint(name, b.name, { ...canary, autoRollback: undefined });
      assert.equal((await catalog.getEndpoint(name))?.deploymentConfig?.autoRollback, undefined);
      assert.equal(updating.pendingConfigName, b.name);
      assert.equal(await catalog.getRollout(name), undefined);
      const progress = {
        endpointName: name,
        blueConfig: a.name,
        greenConfig: b.name,
        deploymentConfig: canary,
        phase: 'shifting' as const,
        step: 0,
        greenShare: 0.5,
        startedAt: new Date('2026-12-06T08:00:00.000Z'),
        stepStartedAt: new Date('2026-12-06T08:01:00.000Z'),
      };
      const generation = await catalog.generation();
      const seen = (await metadata.outbox.since(undefined, 100_000)).length;
      const event = {
        source: 'aws.sagemaker' as const,
        detailType: 'SageMaker Endpoint Deployment State Change',
        time: clock.now(),
        resources: [name],
        detail: { EndpointName: name },
      };
      await catalog.saveRollout(name, progress, [event]);
      assert.deepEqual(await catalog.getRollout(name), progress);
      assert.equal(await catalog.generation(), generation, 'progress is not desired state');
      await assert.rejects(catalog.saveRollout(name, progress, [{ ...event, detail: { bad: 1n } }]));
      assert.deepEqual(await catalog.getRollout(name), progress, 'a failed save changes nothing');
      await catalog.saveRollout(name, { ...progress, step: 1, greenShare: 1 }, [event]);
      assert.equal((await catalog.getRollout(name))?.greenShare, 1);
      const events = (await metadata.outbox.since(undefined, 100_000)).slice(seen);
      assert.deepEqual(
        events.map((e) => e.event.detail.EndpointName),
        [name, name],
      );
      await catalog.saveRollout(name, undefined, []);
      assert.equal(await catalog.getRollout(name), undefined);
      await catalog.saveRollout(name, progress, []);
      await catalog.deleteEndpoint(name);
      await catalog.forgetEndpoint(name);
      assert.equal(await catalog.getRollout(name), undefined, 'the row goes with the endpoint');
    });

    test('every EndpointStatus written publishes "SageMaker Endpoint State Change" in its transaction, in SageMaker\'s shape', async () => {
      const [a, b] = [await config(), await config()];
      const name = unique('ep');
      const arn = `arn:aws:sagemaker:us-east-1:000000000000:endpoint/${name}`;
      const mine = async () =>
        (await metadata.outbox.since(undefined, 100_000))
          .map((e) => e.event)
          .filter((e) => e['detail-type'] === 'SageMaker Endpoint State Change' && e.resources.includes(arn));
      await catalog.createEndpoint(name, a.name, [{ Key: 'team', Value: 'ml' }]);
      const variants = [
        { variantName: 'A', weight: 3, instanceCount: 1 },
        { variantName: 'B', weight: 1, instanceCount: 2 },
      ];
      await catalog.reportEndpoint(name, { status: 'InService', variants });
      await catalog.reportEndpoint(name, { status: 'InService', variants }); // no change: no event
      await catalog.updateEndpoint(name, b.name);
      await catalog.reportEndpoint(name, { status: 'Failed', failureReason: 'the container exited', configName: a.name });
      await assert.rejects(catalog.updateEndpoint(name, unique('missing')));
      await catalog.deleteEndpoint(name);
      const events = await mine();
      assert.deepEqual(
        events.map((e) => [e.source, e.detail.EndpointStatus, e.detail.EndpointConfigName]),
        [
          ['aws.sagemaker', 'CREATING', a.name],
          ['aws.sagemaker', 'IN_SERVICE', a.name],
          ['aws.sagemaker', 'UPDATING', a.name],
          ['aws.sagemaker', 'FAILED', a.name],
          ['aws.sagemaker', 'DELETING', a.name],
        ],
      );
      const [creating, inService] = events;
      // Before the host has recorded variants, the config's initial weights and counts are the desired ones.
      assert.deepEqual(creating.detail.ProductionVariants, [
        { VariantName: 'A', DesiredWeight: 3, DesiredInstanceCount: 1 },
        { VariantName: 'B', DesiredWeight: 1, DesiredInstanceCount: 2 },
      ]);
      assert.deepEqual(inService.detail, {
        EndpointName: name,
        EndpointArn: arn,
        EndpointConfigName: a.name,
        ProductionVariants: creating.detail.ProductionVariants,
        EndpointStatus: 'IN_SERVICE',
        CreationTime: clock.now().getTime(),
        LastModifiedTime: clock.now().getTime(),
        Tags: { team: 'ml' },
      });
      assert.equal(events[3].detail.FailureReason, 'the container exited');
    });

    test('concurrent creates of one endpoint: exactly one wins, generations stay unique', async () => {
      const cfg = await config();
      const name = unique('ep');
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => catalog.createEndpoint(name, cfg.name)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const others = await Promise.all(Array.from({ length: 5 }, () => catalog.createEndpoint(unique('ep'), cfg.name)));
      assert.equal(new Set(others.map((e) => e.generation)).size, 5);
    });
  });
}
