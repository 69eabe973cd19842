import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { localIntegrations } from '../../../src/workflows/integrations/local-integrations.js';
import { storeFactory } from '../../../src/workflows/integrations/store-factory.js';
import { StoreMapItemIo } from '../../../src/workflows/integrations/store-map-item-io.js';
import { LocalWorkflowService } from '../../../src/workflows/local-workflow-service.js';
import { OPEN_S3_CREDENTIALS, OPEN_S3_ENV } from '../../helpers/open-s3.js';
import { scratchDir } from '../../helpers/scratch.js';
import { integrationsFixture } from './integrations-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BUCKET = 'sagemaker-us-east-1-123456789012';

// The abalone example's compiled Step Functions document, unchanged, on the engine with the local
// integrations: its processing, training and transform jobs run for real through the job service,
// its model and model package are recorded through the SageMaker door; `s3://` is a Godwit server's S3 door.
describe('examples/abalone/abalone.asl.json runs locally end to end', () => {
  let s3Server: RunningServer;
  let f: Awaited<ReturnType<typeof integrationsFixture>>;
  let service: LocalWorkflowService;
  const dir = scratchDir('godwit-abalone-asl-');

  before(async () => {
    Object.assign(process.env, OPEN_S3_ENV, { AWS_REGION: 'us-east-1' });
    s3Server = await startServer(godwitHome(join(dir, 's3-home')), { host: '127.0.0.1', port: 0, log: () => {} });
    const s3 = new S3Client({
      endpoint: s3Server.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: OPEN_S3_CREDENTIALS,
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();
    f = await integrationsFixture(undefined, { s3Endpoint: s3Server.url });
    const stores = storeFactory(f.storeOptions);
    const bucket = await stores(`s3://${BUCKET}`);
    await bucket.putFile('godwit/abalone/code/preprocess/preprocess.mjs', join(REPO, 'examples/abalone/steps/preprocess.mjs'));
    await bucket.putFile('godwit/abalone/code/evaluate/evaluate.mjs', join(REPO, 'examples/abalone/steps/evaluate.mjs'));
    await bucket.putFile('godwit/abalone/parameters/input_data/abalone.csv', join(REPO, 'examples/abalone/data/abalone.csv'));
    await f.sagemaker.call('CreateModelPackageGroup', { ModelPackageGroupName: 'AbaloneModelPackageGroup' });
    service = new LocalWorkflowService({
      catalog: f.services.metadata.workflows,
      clock: f.services.clock,
      integrations: localIntegrations({
        jobs: f.jobs,
        sagemaker: f.sagemaker,
        endpoints: f.services.metadata.endpoints,
        workflows: () => service,
        publish: f.services.metadata.taskEvents,
        stores,
        clock: f.services.clock,
      }),
      itemIo: new StoreMapItemIo(stores),
      log: () => {},
    });
    await service.start();
  });
  after(async () => {
    await service?.close();
    await f?.close();
    await s3Server?.stop();
  });

  test('preprocess, train, evaluate, check the MSE, register and batch-transform', { timeout: 300_000 }, async () => {
    const definition = readFileSync(join(REPO, 'examples/abalone/abalone.asl.json'), 'utf8');
    const machine = await service.createStateMachine({
      name: 'abalone',
      definition,
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
    });
    const run = await service.startSyncExecution({ stateMachineArn: machine.stateMachineArn, name: 'asl-1', input: '{}' });
    assert.equal(run.status, 'SUCCEEDED', `${run.error}: ${run.cause}`);
    const output = JSON.parse(run.output ?? '{}');
    assert.ok(
      output.steps.train.ModelArtifacts.startsWith(`s3://${BUCKET}/godwit/abalone/asl-1/train/`),
      output.steps.train.ModelArtifacts,
    );
    const mse = output.steps.evaluate.PropertyFiles.EvaluationReport.Content.regression_metrics.mse.value;
    assert.ok(mse > 0 && mse <= 6, String(mse));
    const versions = await f.services.metadata.registry.listVersions('AbaloneModelPackageGroup');
    assert.equal(versions.length, 1);
    assert.equal((await f.jobs.get('transform', 'batch-transform-asl-1')).status, 'Completed');
    const predictions = await (await storeFactory(f.storeOptions)(`s3://${BUCKET}`)).get(
      'godwit/abalone/asl-1/batch-transform/batch.csv.out',
    );
    assert.ok(predictions.toString().trim().split('\n').length > 100);
  });
});
