/**
 * The compiled abalone PipelineSpec, run: a toy launcher (kfp-proto/mini-launcher.ts) executes its
 * containers here as KFP would schedule them — the SageMaker-contract scripts through the staging
 * prologue, `godwit algorithm` and `godwit transform` from this checkout, the JsonGet reader, the
 * machine-type resolvers, the condition branches and the fail step.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import abalone from '../../examples/abalone/pipeline.js';
import { compileKfp } from '../../src/compile/kfp/kfp-compiler.js';
import type { PipelineSpec } from '../../src/compile/kfp/kfp-spec.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { godwitHome } from '../../src/core/home.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { scratchDir } from '../helpers/scratch.js';
import { canSandbox, MiniLauncher } from './kfp-proto/mini-launcher.js';

const EXAMPLE = new URL('../../examples/abalone/', import.meta.url).pathname;
const skip = canSandbox() ? false : 'bubblewrap cannot give the steps a private /opt/ml here';

/** Abalone as written (KFP compiles the training cache's expiry as caching off, with a warning). */
function compiled(): { spec: PipelineSpec; uploads: ReturnType<typeof compileKfp>['uploads'] } {
  const result = compileKfp(abalone.ir, BUILTIN_PROFILES.gcp);
  return { spec: result.document as PipelineSpec, uploads: result.uploads };
}

function launch(mseThreshold: number): { launcher: MiniLauncher; work: string; home: string } {
  const { spec, uploads } = compiled();
  const work = scratchDir('godwit-kfp-run-');
  // Every task runs for real, `godwit models register` too: its registry lives in this test's own
  // folder (tasks inherit the environment), never in the checkout's .godwit/.
  const home = join(work, 'home');
  const saved = process.env.GODWIT_HOME;
  process.env.GODWIT_HOME = home;
  try {
    const launcher = new MiniLauncher(spec, uploads, { work, baseDir: EXAMPLE, parameters: { mse_threshold: mseThreshold } });
    launcher.run();
    return { launcher, work, home };
  } finally {
    if (saved === undefined) delete process.env.GODWIT_HOME;
    else process.env.GODWIT_HOME = saved;
  }
}

/** The versions the register task wrote into the run's own home. */
async function registered(home: string, group: string) {
  const services = await openLocalServices(godwitHome(home));
  try {
    return await services.metadata.registry.listVersions(group);
  } finally {
    await services.close();
  }
}

function assertSucceeded(launcher: MiniLauncher, tasks: string[]): void {
  for (const t of tasks) assert.equal(launcher.runs.get(t)?.status, 0, `${t}: ${launcher.runs.get(t)?.stderr}`);
}

describe('the compiled abalone pipeline, run by a toy KFP launcher', { skip }, () => {
  test('with a generous threshold: trains, evaluates, registers and batch-transforms', async () => {
    const { launcher, work, home } = launch(100);
    assertSucceeded(launcher, ['preprocess', 'train', 'evaluate', 'evaluate-evaluationreport', 'register', 'batch-transform']);
    const mse = launcher.outputs.get('evaluate-evaluationreport')?.params.Output;
    assert.equal(typeof mse, 'number');
    assert.ok((mse as number) > 0 && (mse as number) < 100, `MSE ${mse}`);
    const metrics = JSON.parse(readFileSync(join(work, 'artifacts', 'train', 'metrics'), 'utf8'));
    assert.equal(typeof metrics.metrics['validation:mse'], 'number');
    const batch = readFileSync(join(work, 'artifacts', 'preprocess', 'batch', 'batch.csv'), 'utf8')
      .trim()
      .split('\n');
    const predictions = readdirSync(join(work, 'artifacts', 'batch-transform', 'predictions'));
    assert.deepEqual(predictions, ['batch.csv.out']);
    const lines = readFileSync(join(work, 'artifacts', 'batch-transform', 'predictions', 'batch.csv.out'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(lines.length, batch.length);
    const register = launcher.runs.get('register')?.argv ?? [];
    assert.deepEqual(register.slice(register.indexOf('models')), [
      'models',
      'register',
      'AbaloneModelPackageGroup',
      '--model',
      join(work, 'artifacts', 'train', 'model'),
      '--approval-status',
      'PendingManualApproval',
      '--metrics',
      join(work, 'artifacts', 'evaluate', 'evaluation'),
      '--content-type',
      'text/csv',
      '--response-type',
      'text/csv',
      '--inference-instance',
      'ml.t2.medium',
      '--inference-instance',
      'ml.m5.large',
      '--transform-instance',
      'ml.m5.large',
    ]);
    const [version, ...more] = await registered(home, 'AbaloneModelPackageGroup');
    assert.deepEqual(more, [], 'one version registered');
    assert.equal(version.version, 1);
    assert.equal(version.approvalStatus, 'PendingManualApproval');
    assert.match(version.modelUri, new RegExp(`${join(work, 'artifacts', 'train', 'model')}/?$`));
    assert.deepEqual(version.inference?.contentTypes, ['text/csv']);
    assert.deepEqual(version.inference?.inferenceInstances, ['ml.t2.medium', 'ml.m5.large']);
    assert.equal(
      typeof (version.metrics as { regression_metrics?: { mse?: { value?: unknown } } })?.regression_metrics?.mse?.value,
      'number',
    );
    assert.equal(launcher.runs.has('mse-too-high'), false, 'the else branch did not run');
  });

  test('with a strict threshold: takes the else branch and fails with the joined message', async () => {
    const { launcher, home } = launch(0.5);
    assertSucceeded(launcher, ['preprocess', 'train', 'evaluate']);
    assert.equal(launcher.runs.has('batch-transform'), false);
    assert.equal(launcher.runs.has('register'), false);
    const failed = launcher.runs.get('mse-too-high');
    assert.equal(failed?.status, 1);
    assert.equal(failed?.stderr, 'Execution failed due to MSE > 0.5\n');
    assert.deepEqual(await registered(home, 'AbaloneModelPackageGroup'), [], 'nothing registered');
  });
});
