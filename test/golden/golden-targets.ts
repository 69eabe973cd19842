/**
 * What every golden corpus does with one compiled case: compile it for a target, check the
 * document with the target's own validator, and compare it (or the refusal) and the warnings
 * with the golden files `<prefix>.<ext>`, `<prefix>.<target>.refused.txt` and
 * `<prefix>.<target>.warnings.txt`.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { CompileError, type CompileResult, type TargetName } from '../../src/compile/index.js';
import { toKfpYaml } from '../../src/compile/kfp/kfp-compiler.js';
import { assertStrictPipelineSpec } from '../compile/kfp-proto/proto-check.js';
import { assertSageMakerSchema } from '../compile/sagemaker-schema/sagemaker-schema.js';
import { checkAbsent, checkGolden } from './golden-file.js';

const validateAsl = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText(sep?: string): string;
};

export const EXTENSION: Readonly<Record<TargetName, string>> = {
  sagemaker: 'sagemaker.json',
  kfp: 'kfp.yaml',
  stepfunctions: 'asl.json',
};

/** What each target's own validator says of a compiled document (throws when it is invalid). */
export const TARGET_CHECKS: Readonly<Record<TargetName, (document: unknown) => void>> = {
  // The public definition schema, amended with the fields the SDK writes today.
  sagemaker: (document) => assertSageMakerSchema(document),
  kfp: (document) => assertStrictPipelineSpec(document),
  stepfunctions: (document) => {
    // asl-validator adds QueryLanguage to every state it checks: give it a copy.
    const v = validateAsl(structuredClone(document));
    assert.ok(v.isValid, v.errorsText('\n'));
  },
};

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function refusal(err: CompileError): string {
  return `${err.code}: ${err.message}\n${err.hint ? `${err.hint}\n` : ''}`;
}

/**
 * Compiles with `run` and checks the outcome against the golden files of `prefix` for `target`.
 * Returns 'compiled' or 'refused', so a corpus can also insist on which cases compile.
 */
export function checkCompiled(prefix: string, target: TargetName, run: () => CompileResult): 'compiled' | 'refused' {
  const out = `${prefix}.${EXTENSION[target]}`;
  const refused = `${prefix}.${target}.refused.txt`;
  const warningsFile = `${prefix}.${target}.warnings.txt`;
  let result: CompileResult;
  try {
    result = run();
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    checkGolden(refused, refusal(err));
    checkAbsent(out);
    checkAbsent(warningsFile);
    return 'refused';
  }
  checkAbsent(refused);
  TARGET_CHECKS[target](result.document);
  checkGolden(out, result.format === 'yaml' ? toKfpYaml(result.document) : json(result.document));
  const warnings = result.warnings.map((w) => `${w.step ? `${w.step}: ` : ''}${w.message}\n`).join('');
  if (warnings) checkGolden(warningsFile, warnings);
  else checkAbsent(warningsFile);
  return 'compiled';
}
