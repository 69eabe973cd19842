/**
 * The end-to-end case: the abalone example compiled for Step Functions
 * (examples/abalone/abalone.asl.json, unchanged) runs on the local engine through `godwit
 * workflows run`: its files uploaded from abalone.asl.uploads.json, then preprocess (Godwit's
 * image running `node preprocess.mjs`), train, evaluate, the MSE check, register and batch
 * transform in parallel.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateModelPackageGroupCommand, ListModelPackagesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { GodwitConfig } from '../../../src/config/config.js';
import { resolveImage } from '../../../src/jobs/image-map.js';
import { cli } from '../../cli/capture.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { scratchDir } from '../../helpers/scratch.js';
import { sfnServer } from './sfn-fixture.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONFIG: GodwitConfig = {
  home: '/nonexistent',
  server: { port: 0 },
  s3: {},
  gcs: {},
  warehouses: {},
  profiles: {},
  files: [],
};

describe('the compiled abalone state machine', () => {
  let f: Awaited<ReturnType<typeof sfnServer>>;
  before(async () => {
    f = await sfnServer('godwit-sfn-abalone-');
  });
  after(() => f?.close());

  test("Godwit's image runs `node SCRIPT`, as a compiled node step's ContainerEntrypoint says", async () => {
    const local = await resolveImage(
      {
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/godwit:0.1.0',
        use: 'processing',
        entrypoint: ['node', '/opt/ml/processing/input/code/preprocess.mjs'],
        arguments: ['--seed', '42'],
      },
      { config: CONFIG, stagingDir: scratchDir('godwit-sfn-image-'), storeOptions: {} },
    );
    assert.deepEqual(local.process.command, [process.execPath]);
    assert.deepEqual(local.process.args, ['/opt/ml/processing/input/code/preprocess.mjs', '--seed', '42']);
  });

  test('runs end to end with godwit workflows run', async () => {
    // As on AWS, CreateModelPackage needs its group; the pipeline's register step names it.
    const sm = new SageMakerClient({ endpoint: f.server.url, region: 'us-east-1', credentials: OPEN_S3_CREDENTIALS });
    await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'AbaloneModelPackageGroup' }));
    const file = join(ROOT, 'examples/abalone/abalone.asl.json');
    const r = await cli(['workflows', 'run', file, '--execution', 'e2e'], { GODWIT_HOME: f.home.root }, f.root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Uploaded 3 file\(s\)/);
    for (const state of ['preprocess', 'train', 'evaluate', 'check-mse', 'register', 'batch-transform']) {
      assert.match(r.stderr, new RegExp(`← ${state}\\n`), state);
    }
    const output = JSON.parse(r.stdout) as { steps: Record<string, unknown> };
    assert.ok(output.steps.train, 'the training job is recorded in the output');
    const packages = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'AbaloneModelPackageGroup' }));
    assert.equal(packages.ModelPackageSummaryList?.length, 1);
    assert.equal(packages.ModelPackageSummaryList?.[0].ModelApprovalStatus, 'PendingManualApproval');
  });
});
