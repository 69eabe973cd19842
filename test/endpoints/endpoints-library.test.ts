import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { godwitHome } from '../../src/core/home.js';
import { deployModel, redeployModel } from '../../src/endpoints/deploy-model.js';
import type { VariantSpec } from '../../src/endpoints/endpoint-records.js';
import { createEndpointConfig, createModel, updateWeightsAndCapacities } from '../../src/endpoints/endpoints.js';
import { resolveModelPackage } from '../../src/endpoints/model-package-ref.js';
import { containerFor } from '../../src/endpoints/model-source.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { scratchDir } from '../helpers/scratch.js';

const rejectsWith =
  (code: string, ...fragments: string[]) =>
  (err: unknown) => {
    const e = err as { code?: string; message: string; hint?: string };
    assert.equal(e.code, code, String(err));
    const said = `${e.message} ${e.hint ?? ''}`;
    for (const f of fragments) assert.ok(said.includes(f), `"${said}" should mention "${f}"`);
    return true;
  };

const variant = (variantName: string, modelName: string, weight = 1, count = 1): VariantSpec => ({
  variantName,
  modelName,
  initialInstanceCount: count,
  initialVariantWeight: weight,
});

describe('the endpoints library', () => {
  let metadata: Metadata;
  const clock = new FakeClock(Date.parse('2026-12-05T19:30:00Z'));
  const dir = scratchDir('godwit-endpoints-lib-');
  before(async () => {
    metadata = await openMetadata(godwitHome(join(dir, 'home')), clock, {});
    await createModel(metadata, { name: 'm', containers: [{ image: 'linear-learner', modelDataUrl: 's3://b/m/' }] });
    for (const status of ['Approved', 'PendingManualApproval', 'Approved', 'Rejected'] as const) {
      await metadata.registry.registerVersion({
        group: 'Abalone',
        modelUri: `file:///models/${status}/`,
        approvalStatus: status,
        actor: 'test',
        inference: { image: 'godwit/linear-learner' },
      });
    }
  });
  after(() => metadata?.close());

  test("refuses names and counts with SageMaker's wording, every problem at once", async () => {
    await assert.rejects(
      createEndpointConfig(metadata, { name: 'bad_name', productionVariants: [] }),
      rejectsWith(
        'E_ENDPOINT_VALIDATION',
        '2 validation errors detected',
        "Value 'bad_name' at 'endpointConfigName' failed to satisfy constraint: Member must satisfy regular expression pattern",
        "at 'productionVariants' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    );
    const eleven = Array.from({ length: 11 }, (_, i) => variant(`v${i}`, 'm'));
    await assert.rejects(
      createEndpointConfig(metadata, { name: 'c', productionVariants: eleven }),
      rejectsWith('E_ENDPOINT_VALIDATION', 'Member must have length less than or equal to 10'),
    );
    await assert.rejects(
      createEndpointConfig(metadata, {
        name: 'c',
        productionVariants: [variant('A', 'm', 0), variant('A', 'm', -1, 0)],
        shadowVariants: Array.from({ length: 11 }, (_, i) => variant(`s${i}`, 'm')),
      }),
      rejectsWith(
        'E_ENDPOINT_VALIDATION',
        "at 'productionVariants.2.member.initialInstanceCount'",
        "Value '-1' at 'productionVariants.2.member.initialVariantWeight'",
        'Variant names must be unique',
        'repeated: A',
        'InitialVariantWeight must be greater than 0',
        "at 'shadowProductionVariants'",
      ),
    );
  });

  test('checks DataCaptureConfig: sampling 0–100, a destination, capture modes and content types', async () => {
    const capture = {
      enableCapture: true,
      initialSamplingPercentage: 101,
      destinationS3Uri: 'relative/folder',
      captureModes: ['Input', 'Input', 'Sideways'] as ('Input' | 'Output')[],
      csvContentTypes: ['text csv'],
      jsonContentTypes: [],
    };
    await assert.rejects(
      createEndpointConfig(metadata, { name: 'c', productionVariants: [variant('A', 'm')], dataCapture: capture }),
      rejectsWith(
        'E_ENDPOINT_VALIDATION',
        "Value '101' at 'dataCaptureConfig.initialSamplingPercentage'",
        "Value 'relative/folder' at 'dataCaptureConfig.destinationS3Uri'",
        'Member must have length less than or equal to 2',
        "Value 'Sideways' at 'dataCaptureConfig.captureOptions.3.member.captureMode'",
        'each CaptureMode may appear once',
        "Value 'text csv' at 'dataCaptureConfig.captureContentTypeHeader.csvContentTypes'",
      ),
    );
    const ok = await createEndpointConfig(metadata, {
      name: 'captured',
      productionVariants: [variant('A', 'm', 0), variant('B', 'm', 2)],
      dataCapture: {
        ...capture,
        initialSamplingPercentage: 0,
        destinationS3Uri: 's3://b/c',
        captureModes: ['Input'],
        csvContentTypes: ['text/csv'],
      },
    });
    assert.equal(ok.dataCapture?.initialSamplingPercentage, 0, 'a zero weight is fine when the sum is positive');
  });

  test('checks containers: 1 to 15, a source each, not a package and an image at once', async () => {
    const sixteen = Array.from({ length: 16 }, () => ({ image: 'x' }));
    await assert.rejects(
      createModel(metadata, { name: 'p', containers: sixteen }),
      rejectsWith('E_ENDPOINT_VALIDATION', "at 'containers'"),
    );
    await assert.rejects(
      createModel(metadata, { name: 'p', containers: [] }),
      rejectsWith('E_ENDPOINT_VALIDATION', 'greater than or equal to 1'),
    );
    await assert.rejects(
      createModel(metadata, { name: 'p', containers: [{}, { modelPackageName: 'Abalone/1', image: 'x' }] }),
      rejectsWith(
        'E_ENDPOINT_VALIDATION',
        'containers.1.member: a container needs',
        'containers.2.member: give either ModelPackageName',
      ),
    );
  });

  test('model packages: latest-approved is the newest Approved version; others must be Approved too', async () => {
    const latest = await resolveModelPackage(metadata.registry, 'Abalone/latest-approved');
    assert.equal(latest.version, 3);
    const byArn = await resolveModelPackage(
      metadata.registry,
      'arn:aws:sagemaker:eu-west-1:000000000000:model-package/Abalone/1',
    );
    assert.equal(byArn.version, 1);
    await assert.rejects(
      resolveModelPackage(metadata.registry, 'Abalone/2'),
      rejectsWith('E_MODEL_NOT_APPROVED', 'PendingManualApproval'),
    );
    await assert.rejects(resolveModelPackage(metadata.registry, 'Abalone/4'), rejectsWith('E_MODEL_NOT_APPROVED', 'Rejected'));
    await assert.rejects(
      resolveModelPackage(metadata.registry, 'Abalone/9'),
      rejectsWith('E_MODEL_VERSION_NOT_FOUND', 'Its versions: 1, 2, 3, 4'),
    );
    await assert.rejects(
      resolveModelPackage(metadata.registry, 'Nope/latest-approved'),
      rejectsWith('E_MODEL_GROUP_NOT_FOUND', 'Nope'),
    );
    await assert.rejects(resolveModelPackage(metadata.registry, 'Abalone'), rejectsWith('E_MODEL_PACKAGE_REF'));
    const model = await createModel(metadata, {
      name: 'from-package',
      containers: [{ modelPackageName: 'Abalone/latest-approved', environment: { A: '1' } }],
    });
    assert.deepEqual(model.containers, [
      {
        environment: { A: '1' },
        image: 'godwit/linear-learner',
        modelDataUrl: 'file:///models/Approved/',
        modelPackageName: 'arn:aws:sagemaker:us-east-1:000000000000:model-package/Abalone/3',
      },
    ]);
  });

  test('--model sources: a folder, a file, a URI, a registry reference; a missing path is refused', () => {
    const folder = join(dir, 'model');
    mkdirSync(folder);
    writeFileSync(join(dir, 'model.tar.gz'), 'x');
    assert.deepEqual(containerFor('model', dir), { modelDataUrl: `${pathToFileURL(folder).href}/` });
    assert.deepEqual(containerFor('model.tar.gz', dir, 'img'), {
      modelDataUrl: pathToFileURL(join(dir, 'model.tar.gz')).href,
      image: 'img',
    });
    assert.deepEqual(containerFor('s3://b/k/', dir), { modelDataUrl: 's3://b/k/' });
    assert.deepEqual(containerFor('Abalone/latest-approved', dir), { modelPackageName: 'Abalone/latest-approved' });
    assert.throws(() => containerFor('no/such/folder', dir), rejectsWith('E_MODEL_SOURCE', 'no/such/folder'));
  });

  test('deploy: a model per variant, a config, the endpoint; a taken name leaves nothing behind', async () => {
    const d = {
      name: 'abalone-endpoint-with-a-rather-long-name-to-test-clipping-xyz',
      variants: [
        { variantName: 'Blue', container: { modelPackageName: 'Abalone/1' }, weight: 3, instanceCount: 1 },
        { variantName: 'Green', container: { modelPackageName: 'Abalone/3' }, weight: 1, instanceCount: 2 },
      ],
    };
    const made = await deployModel(metadata, clock, d);
    assert.equal(made.endpoint.status, 'Creating');
    assert.equal(made.modelNames.length, 2);
    for (const n of [...made.modelNames, made.configName])
      assert.ok(n.length <= 63 && /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(n), n);
    const config = await metadata.endpoints.getEndpointConfig(made.configName);
    assert.deepEqual(
      config?.productionVariants.map((v) => [v.variantName, v.initialVariantWeight, v.initialInstanceCount]),
      [
        ['Blue', 3, 1],
        ['Green', 1, 2],
      ],
    );
    const models = (await metadata.endpoints.listModels()).length;
    await assert.rejects(deployModel(metadata, clock, d), rejectsWith('E_ENDPOINT_EXISTS'));
    assert.equal((await metadata.endpoints.listModels()).length, models, 'no stray model');
    await assert.rejects(redeployModel(metadata, clock, d), rejectsWith('E_ENDPOINT_IN_USE', 'Creating'));
    await metadata.endpoints.reportEndpoint(d.name, { status: 'InService' });
    clock.advance(1000);
    const moved = await redeployModel(metadata, clock, { ...d, variants: [d.variants[1]] });
    assert.deepEqual([moved.endpoint.status, moved.endpoint.pendingConfigName], ['Updating', moved.configName]);
    assert.notEqual(moved.configName, made.configName);
  });

  test('weights and capacities are checked before they reach the catalog', async () => {
    await assert.rejects(
      updateWeightsAndCapacities(metadata, 'e', [{ variantName: 'A', weight: -1, instanceCount: 0 }, { variantName: 'B' }]),
      rejectsWith('E_ENDPOINT_VALIDATION', 'desiredWeight', 'desiredInstanceCount', 'give a DesiredWeight'),
    );
  });
});
