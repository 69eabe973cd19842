/**
 * A training step's hyperparameters as a SageMaker container receives them. The service stores a
 * map of strings, encoded by the SageMaker Python SDK as Godwit's SageMaker compiler encodes them
 * (src/compile/aws/training-hyperparameters.ts):
 *
 * - script mode (`process.code`): each value JSON-encoded, `'reg:squarederror'` → `"\"reg:squarederror\""`,
 *   `5` → `"5"`, plus `sagemaker_program`, `sagemaker_submit_directory`,
 *   `sagemaker_container_log_level` and `sagemaker_job_name`;
 * - a command without code (bring your own container): each value as Python's `str()`.
 *
 * The training toolkit then decodes each one with `json.loads`, falling back to the raw string.
 */

import { fromJs, fromJsonText, type Py, pyStr } from '../../core/python-values.js';
import type { ParameterValue, TrainingStep } from '../../pipeline/ir.js';
import type { StepContext } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/** The SDK's default `container_log_level` (logging.INFO). */
export const CONTAINER_LOG_LEVEL = 20;

/** Resolves every hyperparameter; NaN and ±Infinity are refused, as no JSON can hold them. */
export async function resolveHyperparameters(ctx: StepContext, step: TrainingStep): Promise<Record<string, ParameterValue>> {
  const out: Record<string, ParameterValue> = {};
  for (const [name, value] of Object.entries(step.hyperparameters ?? {})) {
    const resolved = await ctx.resolve(value);
    if (typeof resolved === 'number' && !Number.isFinite(resolved)) {
      throw new StepFailure(
        'E_HYPERPARAMETER_NOT_JSON',
        'error',
        `hyperparameter "${name}" is ${resolved}, which JSON cannot hold, so it cannot be written to hyperparameters.json.`,
        { retryable: false, hint: 'Give a finite number, or the text as a string if the script parses it itself.' },
      );
    }
    if (name.startsWith('sagemaker_') && step.process?.code !== undefined) {
      throw new StepFailure(
        'E_HYPERPARAMETER_RESERVED',
        'error',
        `hyperparameter "${name}" uses the sagemaker_ prefix, which script mode reserves.`,
        {
          retryable: false,
          hint: 'Rename it.',
        },
      );
    }
    out[name] = resolved;
  }
  return out;
}

/** The strings written to hyperparameters.json, in the step's declared order. */
export function encodeHyperparameters(
  values: Readonly<Record<string, ParameterValue>>,
  script: { program: string; submitDirectory: string; jobName: string } | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) out[name] = script ? JSON.stringify(value) : pyStr(fromJs(value));
  if (script) {
    out.sagemaker_container_log_level = String(CONTAINER_LOG_LEVEL);
    out.sagemaker_job_name = JSON.stringify(script.jobName);
    out.sagemaker_program = JSON.stringify(script.program);
    out.sagemaker_submit_directory = JSON.stringify(script.submitDirectory);
  }
  return out;
}

/** The toolkit's `read_hyperparameters`: `json.loads` each value, or keep the string. */
export function decodeHyperparameters(encoded: Readonly<Record<string, string>>): [string, Py][] {
  return Object.entries(encoded).map(([name, text]) => {
    try {
      return [name, fromJsonText(text)];
    } catch {
      return [name, { t: 'str', v: text }];
    }
  });
}

/** Names the toolkit keeps out of `SM_HPS` and the script's arguments. */
export function isFrameworkParameter(name: string): boolean {
  return name.startsWith('sagemaker_') || name === '_tuning_objective_metric' || name === 'default_user_module_name';
}

/** The toolkit's `to_cmd_args`: sorted names, `--name value` (`-n value` for a one-letter name). */
export function hyperparameterArgs(decoded: readonly (readonly [string, Py])[]): string[] {
  return [...decoded]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([name, value]) => [name.length > 1 ? `--${name}` : `-${name}`, pyStr(value)]);
}
