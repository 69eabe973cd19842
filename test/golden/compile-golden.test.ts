/**
 * The golden corpus: every case (`test/golden/<case>.pipeline.ts`, and the abalone example) as
 * the IR `godwit compile --target ir` writes and compiled for every target, checked against the
 * files beside it (`<case>.ir.json`, `.sagemaker.json`, `.kfp.yaml`, `.asl.json`). A target that
 * refuses a case has `<case>.<target>.refused.txt` with the error instead, and a target's
 * warnings are checked too. Every compiled document also passes its target's own validator:
 * the strict PipelineSpec proto check for KFP, asl-validator for Step Functions.
 *
 * `npm run golden` rewrites the files (the path of this file contains "compile", which that
 * script selects); review them as a diff.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CompileError, compile, TARGETS, type TargetName } from '../../src/compile/index.js';
import { toKfpYaml } from '../../src/compile/kfp/kfp-compiler.js';
import { DEFAULT_PROFILE } from '../../src/compile/profile-file.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { filesBeside } from '../../src/compile/read-text.js';
import type { Pipeline } from '../../src/pipeline/dsl/index.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { assertStrictPipelineSpec } from '../compile/kfp-proto/proto-check.js';
import { checkAbsent, checkGolden, ROOT } from './golden-file.js';

const HERE = join(ROOT, 'test/golden');
const validateAsl = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText(sep?: string): string;
};

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
];

const EXTENSION: Readonly<Record<TargetName, string>> = {
  sagemaker: 'sagemaker.json',
  kfp: 'kfp.yaml',
  stepfunctions: 'asl.json',
};

/** What each target's own validator says of a compiled document (throws when it is invalid). */
const TARGET_CHECKS: Readonly<Record<TargetName, (document: unknown) => void>> = {
  // SageMaker publishes no definition schema; the submit tests send these to the SDK's validation.
  sagemaker: () => {},
  kfp: (document) => assertStrictPipelineSpec(document),
  stepfunctions: (document) => {
    // asl-validator adds QueryLanguage to every state it checks: give it a copy.
    const v = validateAsl(structuredClone(document));
    assert.ok(v.isValid, v.errorsText('\n'));
  },
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function load(c: Case): Promise<Pipeline> {
  return (await import(pathToFileURL(c.file).href)).default as Pipeline;
}

function refusal(err: CompileError): string {
  return `${err.code}: ${err.message}\n${err.hint ? `${err.hint}\n` : ''}`;
}

function compileCase(c: Case, pipeline: Pipeline, target: TargetName): void {
  const out = `${c.prefix}.${EXTENSION[target]}`;
  const refused = `${c.prefix}.${target}.refused.txt`;
  const warningsFile = `${c.prefix}.${target}.warnings.txt`;
  let result: ReturnType<typeof compile>;
  try {
    result = compile(pipeline.ir, target, BUILTIN_PROFILES[DEFAULT_PROFILE[target]], filesBeside(dirname(c.file)));
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    checkGolden(refused, refusal(err));
    checkAbsent(out);
    checkAbsent(warningsFile);
    return;
  }
  checkAbsent(refused);
  TARGET_CHECKS[target](result.document);
  checkGolden(out, result.format === 'yaml' ? toKfpYaml(result.document) : json(result.document));
  const warnings = result.warnings.map((w) => `${w.step ? `${w.step}: ` : ''}${w.message}\n`).join('');
  if (warnings) checkGolden(warningsFile, warnings);
  else checkAbsent(warningsFile);
}

describe('golden corpus', () => {
  test('has the cases the corpus promises', () => {
    assert.deepEqual(
      CASES.map((c) => c.name),
      ['cache', 'json-get', 'nested-conditions', 'retry-on-failure', 'retry', 'sql', 'transform', 'vertex-contract', 'abalone'],
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
