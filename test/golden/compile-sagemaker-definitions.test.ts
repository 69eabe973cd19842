/**
 * The golden corpus of SageMaker pipeline definitions: the SDK-written reference definitions
 * (test/fixtures/smimport, copied from ../shared/reference/sagemaker) and the fixtures' SDK-shaped
 * ones, each imported (`godwit import --from sagemaker`) and compiled to every target, checked
 * against test/golden/sagemaker-definitions/<case>.ir.json, .sagemaker.json, .kfp.yaml, .asl.json
 * and the targets' .warnings.txt. Every document passes its target's validator (golden-targets.ts),
 * and every case must compile: a refusal fails the test unless the case is in REFUSED below, with
 * the reason, and then the refusal itself is a golden file.
 *
 * `npm run golden` rewrites the files (this path contains "compile"); review them as a diff.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { compile, TARGETS, type TargetName, type TargetProfile } from '../../src/compile/index.js';
import { DEFAULT_PROFILE } from '../../src/compile/profile-file.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { importSageMakerDefinition } from '../../src/import/sagemaker/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { assertSageMakerSchema } from '../compile/sagemaker-schema/sagemaker-schema.js';
import { checkGolden, ROOT } from './golden-file.js';
import { checkCompiled, json } from './golden-targets.js';

const HERE = join(ROOT, 'test/golden/sagemaker-definitions');

interface Case {
  readonly name: string;
  /** The definition, relative to test/fixtures. */
  readonly file: string;
  /** Profile entries added for this case, on top of the built-in profile of each target. */
  readonly profile?: Partial<TargetProfile>;
}

/** The falcon fine-tuning's ml.g5.12xlarge (48 vCPUs, 192 GiB) is in no built-in profile. */
const G5 = { machineTypes: { ...BUILTIN_PROFILES.gcp.machineTypes, 'ml.g5.12xlarge': 'n1-standard-48' } };

const CASES: readonly Case[] = [
  { name: 'dynamic-framework-multi-model', file: 'smimport/dynamic-framework-multi-model.definition.json', profile: G5 },
  {
    name: 'sdk-unit-test-condition-step-interpolated',
    file: 'smimport/sdk-unit-test-condition-step-interpolated.definition.json',
  },
  // The same with an image for the SDK's empty Training steps, so the condition compiles everywhere.
  {
    name: 'sdk-unit-test-condition-step-interpolated.train-image',
    file: 'smimport/sdk-unit-test-condition-step-interpolated.definition.json',
    profile: { images: { train: 'example.com/trainer:1' } },
  },
  { name: 'linear', file: 'smimport/linear.definition.json' },
  { name: 'callback', file: 'sagemaker-pipelines/callback.definition.json' },
  { name: 'echo', file: 'sagemaker-pipelines/echo.definition.json' },
];

/**
 * The only refusals the corpus accepts, and why. The SDK's unit test writes its Training steps
 * with empty Arguments (a stand-in `CustomStep`): no AlgorithmSpecification, so no image and
 * nothing to run; SageMaker itself fails such a step at CreateTrainingJob. The import keeps them
 * as trainings of the image's `train` entry point, which every target needs an image for.
 * A Callback step waits for an outside success or failure signal: KFP has no such wait, and
 * dropping it would run what the signal guards, so KFP refuses it.
 */
const REFUSED: Readonly<Record<string, readonly TargetName[]>> = {
  'sdk-unit-test-condition-step-interpolated': ['sagemaker', 'kfp', 'stepfunctions'],
  callback: ['kfp'],
};

function profileFor(c: Case, target: TargetName): TargetProfile {
  const base = BUILTIN_PROFILES[DEFAULT_PROFILE[target]];
  const extra = c.profile ?? {};
  return { ...base, ...extra, images: { ...base.images, ...extra.images } };
}

async function load(c: Case): Promise<{ definition: unknown; ir: PipelineIR }> {
  const definition = JSON.parse(readFileSync(join(ROOT, 'test/fixtures', c.file), 'utf8'));
  const base = c.name.split('.')[0];
  return { definition, ir: (await importSageMakerDefinition(definition, { name: base })).ir };
}

describe('golden corpus: SageMaker definitions imported and compiled', () => {
  test('has the cases the corpus promises', () => {
    assert.deepEqual(
      CASES.map((c) => c.name),
      [
        'dynamic-framework-multi-model',
        'sdk-unit-test-condition-step-interpolated',
        'sdk-unit-test-condition-step-interpolated.train-image',
        'linear',
        'callback',
        'echo',
      ],
    );
  });

  for (const c of CASES) {
    describe(c.name, () => {
      test('the definition itself passes the SageMaker schema', async () => assertSageMakerSchema((await load(c)).definition));
      test('IR', async () => {
        const { ir } = await load(c);
        assert.deepEqual(validatePipeline(ir), []);
        checkGolden(join(HERE, `${c.name}.ir.json`), json(ir));
      });
      for (const target of TARGETS) {
        test(target, async () => {
          const { ir } = await load(c);
          const outcome = checkCompiled(join(HERE, c.name), target, () => compile(ir, target, profileFor(c, target)));
          const expected = REFUSED[c.name]?.includes(target) ? 'refused' : 'compiled';
          assert.equal(outcome, expected, `${c.name} is ${outcome} for ${target}`);
        });
      }
    });
  }
});
