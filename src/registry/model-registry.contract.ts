/**
 * The contract the model registry passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh, empty database; the suite closes it. Each test uses its own group names.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SqlDatabase } from '../db/sql-database.js';
import type { Metadata } from '../meta/index.js';
import type { ModelDescriptor } from '../ml/model-descriptor.js';
import type { PipelineIR } from '../pipeline/ir.js';
import type { ModelCard } from './model-card.js';
import type { ModelRegistry } from './model-registry.js';

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

/** A fresh database: its metadata, and a second connection to it for what the registry never does (tampering). */
export interface OpenedRegistry {
  readonly metadata: Metadata;
  readonly raw: SqlDatabase;
}

export function modelRegistryContract(name: string, open: () => Promise<OpenedRegistry>, options: { skip?: string } = {}): void {
  describe(`ModelRegistry contract: ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let raw: SqlDatabase;
    let registry: ModelRegistry;
    before(async () => {
      ({ metadata, raw } = await open());
      registry = metadata.registry;
    });
    after(async () => {
      await raw?.close();
      await metadata?.close();
    });

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

    test('stores ModelMetrics report files, tags, customer metadata and a model card, and who registered it', async () => {
      const g = unique('Gov');
      const digest = `sha256:${'a'.repeat(64)}`;
      const card: ModelCard = {
        status: 'Draft',
        content: {
          model_overview: { model_description: 'predicts rings', model_creator: 'data team' },
          intended_uses: { purpose_of_model: 'age estimation', risk_rating: 'Low' },
          evaluation_details: [
            {
              name: 'holdout',
              metric_groups: [{ name: 'regression', metric_data: [{ name: 'mse', type: 'number', value: 4.2 }] }],
            },
          ],
        },
      };
      const v = await registry.registerVersion({
        group: g,
        modelUri: 'file:///m/',
        approvalStatus: 'PendingManualApproval',
        actor: 'carol',
        modelMetrics: {
          modelQuality: { statistics: { contentType: 'application/json', uri: 'file:///r/stats.json', digest } },
          bias: { report: { contentType: 'application/json', uri: 's3://b/bias.json' } },
        },
        tags: { team: 'rings' },
        customerMetadata: { ticket: 'ML-42' },
        modelCard: card,
      });
      const read = await registry.getVersion(g, 1);
      assert.deepEqual(read, v);
      assert.deepEqual(read?.modelMetrics?.modelQuality?.statistics, {
        contentType: 'application/json',
        uri: 'file:///r/stats.json',
        digest,
      });
      assert.equal(read?.modelMetrics?.bias?.report?.digest, undefined);
      assert.deepEqual([read?.tags, read?.customerMetadata, read?.modelCard], [{ team: 'rings' }, { ticket: 'ML-42' }, card]);
      assert.deepEqual([read?.createdBy, read?.lastModifiedBy], ['carol', 'carol']);

      const updated = await registry.updateVersion(
        g,
        1,
        {
          customerMetadata: { owner: 'dan' },
          customerMetadataToRemove: ['ticket'],
          modelCard: { ...card, status: 'PendingReview' },
        },
        'dan',
      );
      assert.deepEqual(updated.customerMetadata, { owner: 'dan' });
      assert.deepEqual(await registry.getVersion(g, 1), updated);
      assert.equal(updated.modelCard?.status, 'PendingReview');
      assert.equal(updated.lastModifiedBy, 'dan');
      const last = (await registry.auditLog(g, 1)).at(-1);
      assert.deepEqual(
        [last?.kind, last?.actor, last?.to, last?.note],
        [
          'update',
          'dan',
          'PendingManualApproval',
          'customer metadata set: owner; customer metadata removed: ticket; model card (PendingReview)',
        ],
      );
    });

    test('a model card outside SageMaker’s model card schema is E_MODEL_CARD naming the path', async () => {
      const g = unique('Card');
      const bad: [unknown, RegExp][] = [
        [{ model_overviews: {} }, /model_overviews is not a field/],
        [
          { intended_uses: { risk_rating: 'Severe' } },
          /intended_uses\.risk_rating is "Severe", not one of High, Medium, Low, Unknown/,
        ],
        [{ model_overview: { model_artifact: 'not-a-list' } }, /model_overview\.model_artifact must be an array/],
        [{ evaluation_details: [{ evaluation_observation: 'x' }] }, /evaluation_details\[0\]\.name is required/],
        [
          {
            evaluation_details: [
              { name: 'e', metric_groups: [{ name: 'm', metric_data: [{ name: 'x', type: 'number', value: 'high' }] }] },
            ],
          },
          /evaluation_details\[0\]\.metric_groups\[0\]\.metric_data\[0\]\.value must be a number/,
        ],
        [
          { training_details: { training_job_details: { training_metrics: [{ name: 'loss', value: '1' }] } } },
          /training_metrics\[0\]\.value must be a number/,
        ],
      ];
      for (const [content, message] of bad) {
        await assert.rejects(
          registry.registerVersion({
            group: g,
            modelUri: 'x',
            approvalStatus: 'Approved',
            actor: 't',
            modelCard: { status: 'Draft', content } as ModelCard,
          }),
          (err: Error & { code?: string }) => err.code === 'E_MODEL_CARD' && message.test(err.message),
          String(message),
        );
      }
      await assert.rejects(
        registry.registerVersion({
          group: g,
          modelUri: 'x',
          approvalStatus: 'Approved',
          actor: 't',
          modelCard: { status: 'Final', content: {} } as never,
        }),
        code('E_MODEL_CARD'),
      );
      assert.deepEqual(await registry.listVersions(g), [], 'nothing was registered');
    });

    test('approval rules: metric thresholds (nested paths), refusals naming the rule and value, clearing', async () => {
      const g = unique('Rules');
      assert.equal(await registry.getRules(g), undefined);
      const metrics = { regression_metrics: { mse: { value: 4.2, standard_deviation: 0.1 }, r2: 0.91 } };
      await registry.registerVersion({
        group: g,
        modelUri: 'file:///a/',
        approvalStatus: 'PendingManualApproval',
        actor: 'a',
        metrics,
      });
      await registry.registerVersion({ group: g, modelUri: 'file:///b/', approvalStatus: 'PendingManualApproval', actor: 'a' });
      const set = await registry.setRules(
        g,
        { max: { 'regression_metrics.mse': 4 }, min: { 'regression_metrics.r2': 0.9 } },
        'lead',
      );
      assert.deepEqual(set?.rules, { min: { 'regression_metrics.r2': 0.9 }, max: { 'regression_metrics.mse': 4 } });
      assert.deepEqual((await registry.getRules(g))?.rules, set?.rules);
      assert.equal((await registry.getRules(g))?.updatedBy, 'lead');
      await assert.rejects(
        registry.setApprovalStatus(g, 1, 'Approved', 'b'),
        (err: Error & { code?: string; hint?: string }) =>
          err.code === 'E_APPROVAL_RULE' &&
          /regression_metrics\.mse is 4\.2, and the rule .* is regression_metrics\.mse ≤ 4/.test(err.message),
      );
      await assert.rejects(
        registry.setApprovalStatus(g, 2, 'Approved', 'b'),
        (err: Error & { code?: string }) =>
          err.code === 'E_APPROVAL_RULE' &&
          /needs the metric regression_metrics\.r2, and its metrics have none/.test(err.message),
      );
      assert.equal((await registry.getVersion(g, 1))?.approvalStatus, 'PendingManualApproval', 'a refusal writes nothing');
      assert.equal((await registry.auditLog(g, 1)).length, 1);
      await registry.setRules(g, { max: { 'regression_metrics.mse.value': 4.5 } }, 'lead');
      assert.equal((await registry.setApprovalStatus(g, 1, 'Approved', 'b', 'within 4.5')).approvalStatus, 'Approved');
      // Rejecting and moving back to pending are never held by rules.
      assert.equal((await registry.setApprovalStatus(g, 2, 'Rejected', 'b')).approvalStatus, 'Rejected');
      // Registering as Approved is an approval by the registrar: the rules hold it too.
      await assert.rejects(
        registry.registerVersion({
          group: g,
          modelUri: 'file:///n/',
          approvalStatus: 'Approved',
          actor: 'a',
          metrics: { regression_metrics: { mse: { value: 9 } } },
        }),
        (err: Error & { code?: string }) =>
          err.code === 'E_APPROVAL_RULE' && /regression_metrics\.mse\.value is 9/.test(err.message),
      );
      await registry.setRules(g, { approvers: 2 }, 'lead');
      await assert.rejects(
        registry.registerVersion({ group: g, modelUri: 'file:///n/', approvalStatus: 'Approved', actor: 'author', metrics }),
        (err: Error & { code?: string }) =>
          err.code === 'E_APPROVAL_RULE' &&
          /version 3 cannot be registered as Approved by author: the rule "2 different approvers"/.test(err.message),
      );
      assert.equal((await registry.listVersions(g)).length, 2);
      assert.equal(await registry.setRules(g, undefined, 'lead'), undefined);
      assert.equal(await registry.getRules(g), undefined);
    });

    test('two different approvers: the first approval is a vote, a repeat is refused, the second approves', async () => {
      const g = unique('Two');
      await registry.registerVersion({
        group: g,
        modelUri: 'file:///a/',
        approvalStatus: 'PendingManualApproval',
        actor: 'author',
      });
      await registry.setRules(g, { approvers: 2 }, 'lead');
      const first = await registry.setApprovalStatus(g, 1, 'Approved', 'alice', 'looks right');
      assert.equal(first.approvalStatus, 'PendingManualApproval');
      assert.deepEqual(first.approvals, { approvers: ['alice'], needed: 2 });
      await assert.rejects(
        registry.setApprovalStatus(g, 1, 'Approved', 'alice'),
        (err: Error & { code?: string }) =>
          err.code === 'E_APPROVAL_RULE' && /alice already approved .* needs 2 different approvers/.test(err.message),
      );
      const second = await registry.setApprovalStatus(g, 1, 'Approved', 'bob', 'agreed');
      assert.equal(second.approvalStatus, 'Approved');
      assert.deepEqual(second.approvals, { approvers: ['alice', 'bob'], needed: 2 });
      assert.deepEqual(
        (await registry.auditLog(g, 1)).map((e) => [e.kind, e.from, e.to, e.actor, e.note]),
        [
          ['registered', undefined, 'PendingManualApproval', 'author', 'registered'],
          ['vote', 'PendingManualApproval', 'PendingManualApproval', 'alice', 'looks right'],
          ['status', 'PendingManualApproval', 'Approved', 'bob', 'agreed'],
        ],
      );
      // Only the status change is an event; the vote changed nothing.
      const arn = `arn:aws:sagemaker:us-east-1:000000000000:model-package/${g}/1`;
      const events = (await metadata.outbox.since(undefined, 100_000)).filter((e) => e.event.resources.includes(arn));
      assert.deepEqual(
        events.map((e) => e.event.detail.ModelApprovalStatus),
        ['PendingManualApproval', 'Approved'],
      );
    });

    test('not the author: neither who registered the version nor who started its run may approve it', async () => {
      const g = unique('Author');
      const runId = `run-20261206-100000-${randomBytes(4).toString('hex')}`;
      await metadata.store.createRun({
        id: runId,
        pipeline: 'p',
        ir: { apiVersion: 'godwit/v1', kind: 'Pipeline', name: 'p', parameters: [], steps: [] } as unknown as PipelineIR,
        parameters: {},
        baseDir: '/base',
        runDir: '/runs/x',
        startedAt: new Date(),
        pid: 1,
        host: 'h',
        startedBy: 'trainer',
      });
      await registry.registerVersion({
        group: g,
        modelUri: 'file:///a/',
        approvalStatus: 'PendingManualApproval',
        actor: 'registrar',
        runId,
      });
      await registry.setRules(g, { notAuthor: true }, 'lead');
      await assert.rejects(
        registry.setApprovalStatus(g, 1, 'Approved', 'registrar'),
        (err: Error & { code?: string }) =>
          err.code === 'E_APPROVAL_RULE' && /registrar cannot approve .*"not the author".*registered it/.test(err.message),
      );
      await assert.rejects(
        registry.setApprovalStatus(g, 1, 'Approved', 'trainer'),
        (err: Error & { code?: string }) =>
          err.code === 'E_APPROVAL_RULE' && new RegExp(`started its run ${runId}`).test(err.message),
      );
      assert.equal((await registry.setApprovalStatus(g, 1, 'Approved', 'reviewer')).approvalStatus, 'Approved');
    });

    test('rejected is final; an unknown version names the versions there; reserved group names are refused', async () => {
      const g = unique('Final');
      await registry.registerVersion({ group: g, modelUri: 'file:///a/', approvalStatus: 'PendingManualApproval', actor: 't' });
      await registry.registerVersion({ group: g, modelUri: 'file:///b/', approvalStatus: 'PendingManualApproval', actor: 't' });
      await registry.setApprovalStatus(g, 1, 'Rejected', 'r', 'overfits');
      for (const to of ['Approved', 'PendingManualApproval'] as const) {
        await assert.rejects(
          registry.setApprovalStatus(g, 1, to, 'r'),
          (err: Error & { code?: string; hint?: string }) =>
            err.code === 'E_MODEL_VERSION_REJECTED' &&
            /version 1 was rejected/.test(err.message) &&
            /Register a new version/.test(err.hint ?? ''),
        );
      }
      await assert.rejects(
        registry.setApprovalStatus(g, 7, 'Approved', 'r'),
        (err: Error & { code?: string; hint?: string }) =>
          err.code === 'E_MODEL_VERSION_NOT_FOUND' &&
          /has no version 7/.test(err.message) &&
          /Its versions: 1, 2/.test(err.hint ?? ''),
      );
      await assert.rejects(
        registry.setApprovalStatus(unique('Nowhere'), 1, 'Approved', 'r'),
        (err: Error & { code?: string; hint?: string }) =>
          err.code === 'E_MODEL_VERSION_NOT_FOUND' && /no such group/.test(err.hint ?? ''),
      );
      for (const reserved of ['aws', 'AWS-models', 'sagemaker-abalone', 'SageMaker', 'godwit-internal']) {
        await assert.rejects(
          registry.registerVersion({ group: reserved, modelUri: 'x', approvalStatus: 'Approved', actor: 't' }),
          (err: Error & { code?: string }) =>
            err.code === 'E_MODEL_GROUP_NAME' && /is a reserved model package group name/.test(err.message),
          reserved,
        );
      }
      await assert.rejects(registry.setRules('aws-x', { approvers: 2 }, 't'), code('E_MODEL_GROUP_NAME'));
      for (const fine of [`Awesome-${g}`, `Godwits-${g}`]) {
        assert.equal(
          (await registry.registerVersion({ group: fine, modelUri: 'x', approvalStatus: 'Approved', actor: 't' })).version,
          1,
        );
      }
    });

    test('the audit log is append-only (database triggers) and hash-chained; verifyAudit finds the first bad row', async () => {
      const g = unique('Audit');
      await registry.registerVersion({ group: g, modelUri: 'file:///a/', approvalStatus: 'PendingManualApproval', actor: 't' });
      await registry.setApprovalStatus(g, 1, 'Approved', 'alice', 'fine');
      await registry.registerVersion({ group: g, modelUri: 'file:///b/', approvalStatus: 'PendingManualApproval', actor: 't' });
      const log = await registry.auditLog(g);
      assert.equal(log.length, 3);
      assert.ok(log.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? '')));
      assert.deepEqual(await registry.verifyAudit(g), { rows: 3, groups: 1 });
      const all = await registry.verifyAudit();
      assert.ok(all.rows >= 3 && all.groups >= 1);
      await assert.rejects(raw.run("UPDATE model_package_audit SET actor = 'mallory' WHERE group_name = ?", [g]), /append-only/);
      await assert.rejects(raw.run('DELETE FROM model_package_audit WHERE group_name = ?', [g]), /append-only/);
      assert.equal((await registry.auditLog(g))[1].actor, 'alice');
    });

    test('tampering around the triggers is found: a changed row, a removed row, a removed newest row', async () => {
      // A database of its own: the triggers are dropped here, as someone editing it by hand would.
      const own = await open();
      try {
        const r = own.metadata.registry;
        const [g, h, k] = [unique('Edited'), unique('Removed'), unique('Newest')];
        for (const group of [g, h, k]) {
          await r.registerVersion({ group, modelUri: 'file:///a/', approvalStatus: 'PendingManualApproval', actor: 't' });
          await r.setApprovalStatus(group, 1, 'Approved', 'alice', 'fine');
          await r.setApprovalStatus(group, 1, 'PendingManualApproval', 'bob', 'second look');
        }
        const drop =
          own.raw.dialect.name === 'postgres'
            ? 'DROP TRIGGER model_package_audit_no_change ON model_package_audit'
            : 'DROP TRIGGER model_package_audit_no_update; DROP TRIGGER model_package_audit_no_delete';
        await own.raw.exec(drop);
        const [edited] = await own.raw.query(
          'SELECT id FROM model_package_audit WHERE group_name = ? ORDER BY id LIMIT 1 OFFSET 1',
          [g],
        );
        await own.raw.run("UPDATE model_package_audit SET actor = 'mallory' WHERE id = ?", [Number(edited.id)]);
        await assert.rejects(
          r.verifyAudit(g),
          (err: Error & { code?: string }) =>
            err.code === 'E_AUDIT_TAMPERED' &&
            new RegExp(`row ${edited.id} \\(${g} version 1, .* by mallory\\) does not match its hash`).test(err.message),
        );
        await assert.rejects(r.verifyAudit(), code('E_AUDIT_TAMPERED'));
        const [removed] = await own.raw.query(
          'SELECT id FROM model_package_audit WHERE group_name = ? ORDER BY id LIMIT 1 OFFSET 1',
          [h],
        );
        await own.raw.run('DELETE FROM model_package_audit WHERE id = ?', [Number(removed.id)]);
        await assert.rejects(
          r.verifyAudit(h),
          (err: Error & { code?: string }) =>
            err.code === 'E_AUDIT_TAMPERED' && /does not follow the row before it/.test(err.message),
        );
        await own.raw.run(
          'DELETE FROM model_package_audit WHERE id = (SELECT MAX(id) FROM model_package_audit WHERE group_name = ?)',
          [k],
        );
        await assert.rejects(
          r.verifyAudit(k),
          (err: Error & { code?: string }) =>
            err.code === 'E_AUDIT_TAMPERED' &&
            /version 1 is PendingManualApproval, and its last recorded change says Approved/.test(err.message),
        );
      } finally {
        await own.raw.close();
        await own.metadata.close();
      }
    });
  });
}
