import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreatePipelineCommand,
  ListPipelineExecutionStepsCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { loadConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { harness } from '../helpers/harness.js';
import { waitForStatus } from '../server/sagemaker-pipelines-fixture.js';
import { CREDENTIALS, REAL } from './real-definitions-fixture.js';

/** Terraform's templatefile(): the test's values for the template's ${...} placeholders. */
const VALUES: Record<string, string> = {
  pipeline_name: 'sn-infra',
  processing_image_uri: 'registry.local/sn-pipeline/featureselect:1.0',
  training_image_uri: 'registry.local/sn-pipeline/training:1.0',
  evaluation_image_uri: 'registry.local/sn-pipeline/evaluate:1.0',
  processing_instance_type: 'ml.m5.large',
  training_instance_type: 'ml.m5.xlarge',
  evaluation_instance_type: 'ml.m5.large',
  s3_input_data: 'sn-input',
  s3_output_data: 'sn-output',
};

/** The image's /opt/program/<name>.py: lists its inputs, holds for a moment, writes one file. */
const script = (name: string, input: string) => `import os, time
inputs = sorted(os.listdir("${input}"))
time.sleep(1.5)
with open("/opt/ml/processing/output/${name}.txt", "w") as f:
    f.write("${name} read " + ",".join(inputs) + "\\n")
`;

// A hand-written definition Terraform fills in: three Processing steps with no DependsOn and no
// property references, which SageMaker starts at once, each in an image with its script inside.
describe('The Terraform-templated sn-infra pipeline on godwit server', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  let server: RunningServer;
  let sm: SageMakerClient;
  let s3: S3Client;
  before(async () => {
    h = await harness();
    const program = join(h.root, 'program');
    await mkdir(program);
    await writeFile(join(program, 'featureselect.py'), script('features', '/opt/ml/processing/input/data'));
    await writeFile(join(program, 'training.py'), script('model', '/opt/ml/processing/input/data'));
    await writeFile(join(program, 'evaluate.py'), script('report', '/opt/ml/processing/input/model'));
    // The images' /opt/program is the local folder; their entrypoints run with this machine's python3.
    await writeFile(
      join(h.root, 'godwit.config.yaml'),
      `images:\n  "registry.local/sn-pipeline/*":\n    command: [python3]\n    files: { /opt/program: ./program }\n`,
    );
    server = await startServer(h.home, {
      host: '127.0.0.1',
      port: 0,
      log: () => {},
      config: loadConfig({ cwd: h.root, env: {} }),
    });
    sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS });
    s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'sn-input' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'sn-output' }));
    for (const [key, body] of [
      ['input/sn-infra/raw.csv', 'a,b\n1,2\n'],
      ['processing/selected_features/features.csv', 'a\n1\n'],
      ['processing/trained_model/model.tar.gz', 'model'],
    ])
      await s3.send(new PutObjectCommand({ Bucket: 'sn-input', Key: key, Body: body }));
  });
  after(async () => {
    sm?.destroy();
    s3?.destroy();
    await server?.stop();
    await h?.close();
  });

  test('the three steps run at once and their outputs land in the S3 prefixes the definition names', async () => {
    const template = await readFile(join(REAL, 'terraform-sn-infra-pipeline.definition.json.tpl'), 'utf8');
    const definition = template.replace(/\$\{(\w+)\}/g, (_, k: string) => VALUES[k] ?? assert.fail(`no value for ${k}`));
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'sn-infra', PipelineDefinition: definition, RoleArn: 'arn:aws:iam::0:role/x' }),
    );
    const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'sn-infra' }));
    const done = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);

    const steps =
      (await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }))).PipelineExecutionSteps ?? [];
    assert.deepEqual(steps.map((s) => s.StepName).sort(), ['Evaluation', 'FeatureSelection', 'Training']);
    const spans = steps.map((s) => [s.StartTime?.getTime() ?? 0, s.EndTime?.getTime() ?? 0] as const);
    // Steps running at once, at the busiest moment: no step waits for another, so as many as the
    // server runs at once (one per CPU here, like `godwit run`) start together.
    const busiest = Math.max(...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length));
    assert.equal(busiest, Math.min(3, availableParallelism()), JSON.stringify(spans));
    for (const s of steps) assert.match(s.Metadata?.ProcessingJob?.Arn ?? '', /:processing-job\/pipelines-/);

    const read = async (key: string) =>
      (await (await s3.send(new GetObjectCommand({ Bucket: 'sn-output', Key: key }))).Body?.transformToString()) ?? '';
    assert.equal(await read('processing/sn-infra/selected_features/features.txt'), 'features read raw.csv\n');
    assert.equal(await read('processing/sn-infra/trained_model/model.txt'), 'model read features.csv\n');
    assert.equal(await read('processing/sn-infra/evaluation_report/report.txt'), 'report read model.tar.gz\n');
  });

  test('an output bucket that does not exist fails the execution, naming the step, the output and the destination', async () => {
    const template = await readFile(join(REAL, 'terraform-sn-infra-pipeline.definition.json.tpl'), 'utf8');
    const values: Record<string, string> = { ...VALUES, s3_output_data: 'sn-no-such-bucket' };
    const definition = template.replace(/\$\{(\w+)\}/g, (_, k: string) => values[k] ?? assert.fail(`no value for ${k}`));
    await sm.send(
      new CreatePipelineCommand({
        PipelineName: 'sn-nobucket',
        PipelineDefinition: definition,
        RoleArn: 'arn:aws:iam::0:role/x',
      }),
    );
    const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'sn-nobucket' }));
    const done = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Failed');
    assert.match(
      done.FailureReason ?? '',
      /Step "(FeatureSelection|Training|Evaluation)": its output "[a-z-]+" could not be uploaded to s3:\/\/sn-no-such-bucket\/processing\/sn-infra\//,
    );
  });
});
