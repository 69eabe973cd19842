/**
 * The golden corpus: every case (`test/golden/<case>.pipeline.ts`, the abalone and BigQuery ML penguins examples) as
 * the IR `godwit compile --target ir` writes and compiled for every target, checked against the
 * files beside it (`<case>.ir.json`, `.sagemaker.json`, `.kfp.yaml`, `.asl.json`). A target that
 * refuses a case has `<case>.<target>.refused.txt` with the error instead, and a target's
 * warnings are checked too. Every compiled document also passes its target's own validator
 * (golden-targets.ts): the SageMaker definition schema, the strict PipelineSpec proto check for
 * KFP, asl-validator for Step Functions. The SageMaker definitions the importer reads have a
 * corpus of their own: compile-sagemaker-definitions.test.ts.
 *
 * `npm run golden` rewrites the files (the path of this file contains "compile", which that
 * script selects); review them as a diff.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compile, TARGETS, type TargetName } from '../../src/compile/index.js';
import { DEFAULT_PROFILE } from '../../src/compile/profile-file.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { filesBeside } from '../../src/compile/read-text.js';
import type { Pipeline } from '../../src/pipeline/dsl/index.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { checkGolden, ROOT } from './golden-file.js';
import { checkCompiled, json } from './golden-targets.js';

const HERE = join(ROOT, 'test/golden');

interface Case {
  readonly name: string;
  /** The pipeline file (default export: a DSL pipeline). */
  readonly file: string;
  /** Golden files are `<prefix>.ir.json`, `<prefix>.sagemaker.json`, … */
  readonly prefix: string;
}

const CASES: Case[] = [
  ...readdirSync(HERE)
    .filter((f) => f.endsWith('.pipeline.ts'))
    .sort()
    .map((f) => ({
      name: f.slice(0, -'.pipeline.ts'.length),
      file: join(HERE, f),
      prefix: join(HERE, f.slice(0, -'.pipeline.ts'.length)),
    })),
  { name: 'abalone', file: join(ROOT, 'examples/abalone/pipeline.ts'), prefix: join(ROOT, 'examples/abalone/abalone') },
  {
    name: 'bigquery-ml-penguins',
    file: join(ROOT, 'examples/bigquery-ml-penguins/pipeline.ts'),
    prefix: join(ROOT, 'examples/bigquery-ml-penguins/bigquery-ml-penguins'),
  },
];

async function load(c: Case): Promise<Pipeline> {
  return (await import(pathToFileURL(c.file).href)).default as Pipeline;
}

function compileCase(c: Case, pipeline: Pipeline, target: TargetName): void {
  const profile = BUILTIN_PROFILES[DEFAULT_PROFILE[target]];
  checkCompiled(c.prefix, target, () => compile(pipeline.ir, target, profile, filesBeside(dirname(c.file))));
}

describe('golden corpus', () => {
  test('has the cases the corpus promises', () => {
    assert.deepEqual(
      CASES.map((c) => c.name),
      [
        'cache',
        'json-get',
        'nested-conditions',
        'quality-check',
        'retry-on-failure',
        'retry',
        'sql',
        'transform',
        'vertex-contract',
        'abalone',
        'bigquery-ml-penguins',
      ],
    );
  });

  for (const c of CASES) {
    describe(c.name, () => {
      test('IR', async () => {
        const { ir } = await load(c);
        assert.deepEqual(validatePipeline(ir), []);
        checkGolden(`${c.prefix}.ir.json`, json(ir));
      });
      for (const target of TARGETS) test(target, async () => compileCase(c, await load(c), target));
    });
  }
});
