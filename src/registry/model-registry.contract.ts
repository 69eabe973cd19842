/**
 * The contract the model registry passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh, empty database; the suite closes it. Each test uses its own group names.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Metadata } from '../meta/index.js';
import type { ModelDescriptor } from '../ml/model-descriptor.js';
import type { ModelRegistry } from './model-registry.js';

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

export function modelRegistryContract(name: string, open: () => Promise<Metadata>, options: { skip?: string } = {}): void {
  describe(`ModelRegistry contract: ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let registry: ModelRegistry;
    before(async () => {
      metadata = await open();
      registry = metadata.registry;
    });
    after(() => metadata?.close());

    test('numbers versions per group, stores what it was given, and audits approvals', async () => {
      const [g, h] = [unique('G'), unique('H')];
      const v1 = await registry.registerVersion({
        group: g,
        modelUri: 'file:///m1/',
        approvalStatus: 'PendingManualApproval',
        actor: 'test',
      });
      const v2 = await registry.registerVersion({
        group: g,
        modelUri: 'file:///m2/',
        modelSha256: 'f'.repeat(64),
        approvalStatus: 'PendingManualApproval',
        actor: 'test',
        metrics: { mse: 4.2, nested: { list: [1, 2] } },
        metricsUri: 'file:///metrics/',
        runId: 'run-1',
        step: 'register',
        description: 'second',
        inference: { image: 'img', contentTypes: ['text/csv'], inferenceInstances: ['ml.m5.large'] },
      });
      const other = await registry.registerVersion({
        group: h,
        modelUri: 'file:///m3/',
        approvalStatus: 'Approved',
        actor: 'test',
      });
      assert.deepEqual([v1.version, v2.version, other.version], [1, 2, 1]);
      assert.equal(v2.id, `godwit:model-package/${g}/2`);
      assert.equal(v2.arn, `arn:aws:sagemaker:us-east-1:000000000000:model-package/${g}/2`);
      assert.deepEqual(await registry.getVersion(g, 2), v2);
      assert.deepEqual(
        [v2.metrics, v2.inference?.contentTypes, v2.runId, v2.step, v2.description, v2.modelSha256],
        [{ mse: 4.2, nested: { list: [1, 2] } }, ['text/csv'], 'run-1', 'register', 'second', 'f'.repeat(64)],
      );
      assert.equal(v1.metrics, undefined);

      const approved = await registry.setApprovalStatus(g, 2, 'Approved', 'alice', 'checked');
      assert.equal(approved.approvalStatus, 'Approved');
      assert.equal((await registry.getVersion(g, 2))?.approvalStatus, 'Approved');
      assert.deepEqual(
        (await registry.auditLog(g, 2)).map((e) => [e.from, e.to, e.actor, e.note]),
        [
          [undefined, 'PendingManualApproval', 'test', 'registered'],
          ['PendingManualApproval', 'Approved', 'alice', 'checked'],
        ],
      );
      assert.equal((await registry.auditLog(g)).length, 3);
      assert.deepEqual(
        (await registry.listVersions(g)).map((v) => v.version),
        [1, 2],
      );
      const groups = (await registry.listGroups()).filter((x) => x.name === g || x.name === h);
      assert.deepEqual(
        groups.map((x) => [x.name, x.versions, x.latest?.version]),
        [
          [g, 2, 2],
          [h, 1, 1],
        ],
      );
    });

    test('keeps the descriptor a registration recorded, and none when it recorded none', async () => {
      const g = unique('Described');
      const descriptor: ModelDescriptor = {
        framework: 'xgboost',
        format: 'xgboost-ubjson',
        version: '2.1.0',
        file: 'xgboost-model.ubj',
        signature: {
          inputs: [{ name: 'features', type: 'float32', shape: [null, 3], names: ['length', 'diameter', 'height'] }],
          outputs: [{ name: 'predictions', type: 'float32', shape: [null, 3] }],
        },
        properties: { objective: 'multi:softprob', booster: 'gbtree', numClass: 3 },
      };
      const v1 = await registry.registerVersion({
        group: g,
        modelUri: 'file:///m/',
        approvalStatus: 'Approved',
        descriptor,
        actor: 't',
      });
      const v2 = await registry.registerVersion({ group: g, modelUri: 'file:///c/', approvalStatus: 'Approved', actor: 't' });
      assert.deepEqual(v1.descriptor, descriptor);
      assert.deepEqual((await registry.getVersion(g, 1))?.descriptor, descriptor);
      assert.deepEqual(
        (await registry.listVersions(g)).map((v) => v.descriptor),
        [descriptor, undefined],
      );
      assert.equal(v2.descriptor, undefined);
      await registry.setApprovalStatus(g, 1, 'Rejected', 't');
      assert.deepEqual((await registry.getVersion(g, 1))?.descriptor, descriptor, 'an approval change keeps it');
    });

    test('refuses an unknown approval status, an unknown version and a name SageMaker refuses', async () => {
      const g = unique('G');
      await assert.rejects(
        registry.registerVersion({ group: g, modelUri: 'x', approvalStatus: 'Maybe' as never, actor: 't' }),
        /"Maybe" is not a model approval status/,
      );
      await assert.rejects(registry.setApprovalStatus(g, 99, 'Approved', 't'), /group "G-[0-9a-f]+" has no version 99/);
      for (const bad of ['../../evil', '-a', 'a-', 'a_b', 'a b', '', 'x'.repeat(64)]) {
        await assert.rejects(
          registry.registerVersion({ group: bad, modelUri: 'x', approvalStatus: 'Approved', actor: 't' }),
          code('E_MODEL_GROUP_NAME'),
          bad,
        );
      }
      for (const good of [`A--b-${g}`, 'x'.repeat(63)]) {
        assert.equal(
          (await registry.registerVersion({ group: good, modelUri: 'x', approvalStatus: 'Approved', actor: 't' })).version,
          1,
        );
      }
    });

    test('createGroup makes an empty group once; registering into it starts at version 1', async () => {
      const g = unique('Empty');
      const made = await registry.createGroup(g, 'made before any version');
      assert.equal(made.name, g);
      const listed = (await registry.listGroups()).find((x) => x.name === g);
      assert.deepEqual([listed?.versions, listed?.latest], [0, undefined]);
      await assert.rejects(registry.createGroup(g), code('E_MODEL_GROUP_EXISTS'));
      await assert.rejects(registry.createGroup('bad_name'), code('E_MODEL_GROUP_NAME'));
      const v = await registry.registerVersion({ group: g, modelUri: 'file:///m/', approvalStatus: 'Approved', actor: 't' });
      assert.equal(v.version, 1);
    });

    test('concurrent registrations into one group get dense, unique versions', async () => {
      const g = unique('Busy');
      const versions = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          registry.registerVersion({ group: g, modelUri: `file:///m${i}/`, approvalStatus: 'PendingManualApproval', actor: 't' }),
        ),
      );
      assert.deepEqual(
        versions.map((v) => v.version).sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });

    test('registrations and approval changes are published as Model Package State Change events', async () => {
      const g = unique('Events');
      await registry.registerVersion({
        group: g,
        modelUri: 'file:///m/',
        approvalStatus: 'PendingManualApproval',
        actor: 't',
        metricsUri: 'file:///m/evaluation.json',
        inference: { image: 'xgboost:1.7', contentTypes: ['text/csv'], responseTypes: ['text/csv'] },
      });
      await registry.setApprovalStatus(g, 1, 'Approved', 'alice');
      await registry.setApprovalStatus(g, 1, 'Approved', 'alice', 'again: no change, no event');
      const arn = `arn:aws:sagemaker:us-east-1:000000000000:model-package/${g}/1`;
      const events = (await metadata.outbox.since(undefined, 100_000))
        .map((e) => e.event)
        .filter((e) => e.resources.includes(arn));
      assert.deepEqual(
        events.map((e) => [e.source, e['detail-type'], e.detail.ModelApprovalStatus, e.detail.ModelPackageVersion]),
        [
          ['aws.sagemaker', 'SageMaker Model Package State Change', 'PendingManualApproval', 1],
          ['aws.sagemaker', 'SageMaker Model Package State Change', 'Approved', 1],
        ],
      );
      assert.deepEqual([events[0].account, events[0].region, events[0].version], ['000000000000', 'us-east-1', '0']);
      assert.equal(events[1].detail.ModelPackageGroupName, g);
      assert.equal(events[1].detail.ModelPackageArn, arn);
      // The rest of SageMaker's detail (its guide's example), so consumers reading it find the model.
      assert.deepEqual(events[1].detail.InferenceSpecification, {
        Containers: [{ Image: 'xgboost:1.7', ModelDataUrl: 'file:///m/' }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      });
      assert.equal(events[1].detail.ModelPackageStatus, 'Completed');
      assert.deepEqual(events[1].detail.ModelMetrics, {
        ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: 'file:///m/evaluation.json' } },
      });
      assert.match(String(events[1].detail.CreationTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(events[1].detail.LastModifiedTime, events[1].time);
    });
  });
}
