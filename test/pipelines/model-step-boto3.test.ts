import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { writeTarGz } from '../../src/runtime/contracts/tar.js';
import { skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { scratchDir } from '../helpers/scratch.js';
import { BUCKET, FIXTURES } from '../server/sagemaker-pipelines-fixture.js';
import { CREDENTIALS, python, realServer } from './real-definitions-fixture.js';

/** The training's source dir, the Report step's script and the training data, in the server's own S3. */
async function upload(url: string): Promise<void> {
  const s3 = new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const source = scratchDir('model-step-source-');
    await writeFile(join(source, 'train.py'), await readFile(join(FIXTURES, 'train.py')));
    const archive = join(scratchDir('model-step-tar-'), 'sourcedir.tar.gz');
    await writeTarGz(source, archive);
    const objects: [string, Buffer | string][] = [
      ['code/train/sourcedir.tar.gz', await readFile(archive)],
      ['code/prep.py', await readFile(join(FIXTURES, 'prep.py'))],
      ['data/train/rows.csv', '1,2\n3,4\n5,6\n'],
    ];
    for (const [Key, Body] of objects) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  } finally {
    s3.destroy();
  }
}

// Training → the SDK's Model step → a step reading the model's name, run by godwit server and read
// back through Debian's boto3. The Model step is copied unchanged from the SDK-written definition
// test/fixtures/smimport/dynamic-framework-multi-model.definition.json (its training is named as
// there, "calhousing-Training", so the step's Get needs no edit).
describe('a SageMaker Model step on godwit server, through boto3', { skip }, () => {
  let server: Awaited<ReturnType<typeof realServer>>;
  before(async () => {
    server = await realServer();
    await upload(server.url);
  });
  after(async () => server?.close());

  test('ListPipelineExecutionSteps shows Metadata.Model.Arn; DescribeModel on it shows the trained model data; ModelName reads it', async () => {
    const out = await python([
      join(import.meta.dirname, 'scripts', 'model_step.py'),
      '--endpoint-url',
      server.url,
      '--definition',
      join(FIXTURES, 'model-step.definition.json'),
    ]);
    const r = JSON.parse(out);
    assert.equal(r.status, 'Succeeded', r.failure);
    assert.deepEqual(Object.keys(r.steps).sort(), ['Report', 'calhousing-CreateModel-CreateModel', 'calhousing-Training']);
    const step = r.steps['calhousing-CreateModel-CreateModel'];
    assert.equal(step.status, 'Succeeded');
    // Named as SageMaker names a pipeline's resources, within its 63-character model names.
    assert.match(step.metadata.Model.Arn, /^arn:aws:sagemaker:us-east-1:\d{12}:model\/pipelines-run-[A-Za-z0-9-]+$/);
    assert.ok(r.model.name.length <= 63, r.model.name);
    assert.equal(r.model.arn, step.metadata.Model.Arn);
    assert.ok(r.listed.includes(r.model.name), 'ListModels lists it');
    // The model step's container, as the definition gives it, its data the training's model.
    assert.equal(r.model.container.Image, '763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-inference:2.11.0-cpu');
    assert.deepEqual(r.model.container.Environment, {
      SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code',
      SAGEMAKER_PROGRAM: 'inference',
      SAGEMAKER_REQUIREMENTS: 'requirements.txt',
    });
    assert.match(r.model.role, /^arn:aws:iam::327206644775:role\//);
    // The Report step read Steps.<model>.ModelName and the training's ModelArtifacts.S3ModelArtifacts.
    const [name, data] = r.report.split('|');
    assert.equal(name, r.model.name);
    assert.equal(r.model.container.ModelDataUrl, data);
    assert.match(data, /calhousing-Training/);
    assert.match(r.steps['calhousing-Training'].metadata.TrainingJob.Arn, /:training-job\/pipelines-/);
  });
});
