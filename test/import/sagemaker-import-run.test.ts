/**
 * An SDK-shaped definition (test/fixtures/smimport/linear.definition.json: processing → script-mode
 * training → evaluation with a property file → condition → register or fail) whose scripts live
 * in S3: imported with the scripts fetched from a real S3 server, then run locally.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importSageMakerDefinition } from '../../src/import/sagemaker/index.js';
import type { Pipeline } from '../../src/pipeline/dsl/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { writeTarGz } from '../../src/runtime/contracts/tar.js';
import { type StoreOptions, storeForUri } from '../../src/store/index.js';
import { type ContractHarness, contractHarness, hasPython } from '../contracts/helpers.js';
import { ROOT } from '../golden/golden-file.js';
import { startS3rver } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';

const FIXTURES = join(ROOT, 'test/fixtures/smimport');
const BUCKET = 'smimport-fixtures';

async function uploadScripts(store: StoreOptions): Promise<void> {
  const bucket = await storeForUri(`s3://${BUCKET}`, store);
  await bucket.put('code/preprocess.py', await readFile(join(FIXTURES, 'preprocess.py')));
  await bucket.put('code/evaluate.py', await readFile(join(FIXTURES, 'evaluate.py')));
  const source = scratchDir('smimport-sourcedir-');
  await writeFile(join(source, 'train.py'), await readFile(join(FIXTURES, 'train.py')));
  const archive = join(scratchDir('smimport-tar-'), 'sourcedir.tar.gz');
  await writeTarGz(source, archive);
  await bucket.put('code/train/sourcedir.tar.gz', await readFile(archive));
}

/** y = 2x + 1 with a small deterministic wobble. */
function rawCsv(): string {
  const rows = ['x,y'];
  for (let i = 0; i < 40; i++) rows.push(`${i},${(2 * i + 1 + 0.1 * Math.sin(i)).toFixed(4)}`);
  return `${rows.join('\n')}\n`;
}

describe('an imported SageMaker definition runs locally', { skip: hasPython ? false : '/usr/bin/python3 is missing' }, () => {
  let store: StoreOptions;
  let ir: PipelineIR;
  let files: Readonly<Record<string, Uint8Array>>;
  let h: ContractHarness;

  before(async () => {
    const s3 = await startS3rver([BUCKET]);
    store = { s3: { endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1' }, env: { ...s3.env } };
    await uploadScripts(store);
    const definition = JSON.parse(await readFile(join(FIXTURES, 'linear.definition.json'), 'utf8'));
    ({ ir, files } = await importSageMakerDefinition(definition, { name: 'linear', store }));
    h = await contractHarness();
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(dirname(join(h.base, path)), { recursive: true });
      await writeFile(join(h.base, path), bytes);
    }
    await h.file('data/raw.csv', rawCsv());
  });
  after(() => h?.close());

  test('the scripts are fetched from S3 and named by the IR', () => {
    assert.deepEqual(Object.keys(files).sort(), [
      'code/Evaluate/evaluate.py',
      'code/Preprocess/preprocess.py',
      'code/Train/train.py',
    ]);
    const train = ir.steps.find((s) => s.name === 'Train');
    assert.ok(train?.type === 'training');
    assert.deepEqual(train.process, {
      command: ['python3'],
      contract: 'sagemaker',
      image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      code: 'code/Train',
      entryPoint: 'train.py',
    });
    assert.deepEqual(train.hyperparameters, { scale: 1 });
  });

  test('it trains, evaluates and registers the model when the MSE is under the threshold', async () => {
    const outcome = await h.run({ ir, functions: new Map() } as unknown as Pipeline, { InputData: join(h.base, 'data') });
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const versions = await h.services.metadata.registry.listVersions('SmImportLinear');
    assert.ok(
      versions.some((v) => v.runId === outcome.runId),
      'a model version from this run',
    );
    assert.equal((await h.metrics(outcome.runId, 'Train'))['train:rows'], 30);
    const evaluation = JSON.parse(
      await readFile(join(await h.artifactDir(outcome.runId, 'Evaluate', 'evaluation'), 'evaluation.json'), 'utf8'),
    );
    assert.ok(evaluation.regression_metrics.mse.value < 0.05, JSON.stringify(evaluation));
  });

  test('the Fail branch ends the run with the ErrorMessage the definition joins', async () => {
    const outcome = await h.run({ ir, functions: new Map() } as unknown as Pipeline, {
      InputData: join(h.base, 'data'),
      MseThreshold: 0.000001,
    });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /^Test MSE \d+\.\d+(e-\d+)? is above (1e-06|0\.000001)$/);
  });
});
