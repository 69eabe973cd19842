/**
 * Hyperparameters as SageMaker stores them: a map of strings, encoded as the SDK encodes them.
 *
 * - Built-in algorithm or a command without code (`Estimator`): each literal as Python's `str()`
 *   prints it, `0.01` → `"0.01"`, `true` → `"True"`, `1e-5` → `"1e-05"`.
 * - Script mode (`Framework` estimators): each literal as Python's `json.dumps`, `'regressor'` → `"\"regressor\""`,
 *   plus `sagemaker_program`, `sagemaker_submit_directory`, `sagemaker_container_log_level` and
 *   `sagemaker_region`, which the container's training toolkit reads to fetch and run the script.
 * - A reference in either: a string parameter or a join as is; anything else made a string at run
 *   time with a one-value join, as the SDK's `to_string()` does.
 */

import { fromJs, pyJson, pyStr } from '../../core/python-values.js';
import { isRef, type TrainingStep, type Value } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { baseName } from '../uploads.js';
import { type AwsContext, codeUri } from './aws-context.js';
import { Dynamic } from './request-value.js';

/** The SDK's default `container_log_level` (logging.INFO). */
const CONTAINER_LOG_LEVEL = '20';

export function trainingHyperparameters(step: TrainingStep, ctx: AwsContext): Record<string, string | Dynamic> {
  const script = step.algorithm === undefined ? sourceDir(step, ctx) : undefined;
  const out: Record<string, string | Dynamic> = {};
  for (const [name, value] of Object.entries(step.hyperparameters ?? {})) {
    if (script && name.startsWith('sagemaker_')) {
      throw new CompileError(
        ctx.target,
        step.name,
        `the hyperparameter "${name}"`,
        'Names starting with sagemaker_ are reserved for SageMaker script mode; rename it.',
      );
    }
    out[name] = hyperparameter(ctx, value, script !== undefined);
  }
  if (script) {
    out.sagemaker_submit_directory = JSON.stringify(script.uri);
    out.sagemaker_program = JSON.stringify(script.program);
    out.sagemaker_container_log_level = CONTAINER_LOG_LEVEL;
    if (ctx.profile.region !== undefined) out.sagemaker_region = JSON.stringify(ctx.profile.region);
  }
  return out;
}

function hyperparameter(ctx: AwsContext, value: Value, json: boolean): string | Dynamic {
  // Python's spelling, so the cloud sees exactly the strings a local run gives the script.
  if (!isRef(value)) return json ? pyJson(fromJs(value)) : pyStr(fromJs(value));
  if (value.kind === 'Join') return new Dynamic(value);
  if (value.kind === 'Parameter' && ctx.ir.parameters.find((p) => p.name === value.name)?.type === 'string')
    return new Dynamic(value);
  return new Dynamic({ kind: 'Join', on: '', values: [value] });
}

/** The uploaded source of a script-mode step: `<root>/<pipeline>/code/<step>/sourcedir.tar.gz`. */
export function sourceDir(step: TrainingStep, ctx: AwsContext): { uri: string; program: string } | undefined {
  const code = step.process?.code;
  if (code === undefined) return undefined;
  const uri = ctx.uploads.add(
    code,
    codeUri(ctx, step.name, 'sourcedir.tar.gz'),
    `step "${step.name}", process.code (packed as sourcedir.tar.gz)`,
  );
  return { uri, program: step.process?.entryPoint ?? baseName(code) };
}
