/**
 * What a training script sees under each contract inside a KFP container, matching what the local
 * runtime gives it (src/runtime/contracts/). SageMaker script mode: `hyperparameters.json` with
 * each value JSON-encoded (`"\"regressor\""`, `"0.01"`), `SM_HPS` / `SM_HP_<NAME>` / `SM_CHANNEL_<NAME>`,
 * and the hyperparameters again as sorted `--name value` arguments. Vertex: `AIP_MODEL_DIR` and the
 * data-split URIs, hyperparameters as `--name=value`. A run-time value is a placeholder the
 * launcher substitutes, inside JSON quotes for strings; such a string holding a `"` is not escaped.
 */
import type { TrainingStep, Value } from '../../../pipeline/ir.js';
import { isRef } from '../../../pipeline/ir.js';
import type { ContainerTask } from '../kfp-container.js';
import type { KfpContext } from '../kfp-context.js';
import { SAGEMAKER_PATHS, type Staging } from '../kfp-contract.js';
import { kfpParameterType } from '../kfp-expressions.js';
import { placeholder } from '../kfp-spec.js';
import { pythonFloat } from '../yaml/pyyaml-scalar.js';

interface Hyperparameter {
  readonly name: string;
  /** The value as JSON text (what script mode stores, and what SM_HPS holds). */
  readonly json: string;
  /** The value as Python's str() (what arguments and SM_HP_<NAME> hold). */
  readonly text: string;
}

function isStringValued(ctx: KfpContext, v: Value): boolean {
  if (!isRef(v)) return typeof v === 'string';
  if (v.kind !== 'Parameter') return v.kind !== 'StepMetric';
  const spec = ctx.parameters.get(v.name);
  return !spec || kfpParameterType(spec.type) === 'STRING';
}

function pyStr(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pythonFloat(v);
  return v;
}

function hyperparameters(ctx: KfpContext, c: ContainerTask, step: TrainingStep): Hyperparameter[] {
  return Object.entries(step.hyperparameters ?? {}).map(([name, v]) => {
    const rendered = c.render(v, `hyperparameters.${name}`);
    if (!isRef(v)) return { name, json: JSON.stringify(v), text: pyStr(v) };
    return { name, json: isStringValued(ctx, v) ? `"${rendered}"` : rendered, text: rendered };
  });
}

const envName = (s: string) => s.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

export function sagemakerTraining(ctx: KfpContext, step: TrainingStep, c: ContainerTask, staging: Staging) {
  const hps = hyperparameters(ctx, c, step);
  const script = step.process?.code !== undefined;
  // Script mode stores JSON text; a bring-your-own-container job gets Python's str() of each value.
  const stored = Object.fromEntries(hps.map((h) => [h.name, script ? h.json : h.text]));
  staging.file(SAGEMAKER_PATHS.hyperparameters, JSON.stringify(stored));
  const env: Record<string, string> = {
    SM_MODEL_DIR: SAGEMAKER_PATHS.trainingOutput('model'),
    SM_OUTPUT_DATA_DIR: SAGEMAKER_PATHS.trainingOutput('output'),
    SM_CHANNELS: JSON.stringify(step.inputs.map((i) => i.name)),
    SM_HPS: `{${hps.map((h) => `${JSON.stringify(h.name)}:${h.json}`).join(',')}}`,
  };
  for (const i of step.inputs) env[`SM_CHANNEL_${envName(i.name)}`] = i.destination ?? SAGEMAKER_PATHS.trainingChannel(i.name);
  for (const h of hps) env[`SM_HP_${envName(h.name)}`] = h.text;
  const sorted = [...hps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const args = script ? sorted.flatMap((h) => [h.name.length > 1 ? `--${h.name}` : `-${h.name}`, h.text]) : [];
  return { args, env };
}

/** Channel names that map onto Vertex's dataset splits, as the local Vertex contract maps them. */
const SPLITS: Readonly<Record<string, string>> = {
  train: 'AIP_TRAINING_DATA_URI',
  training: 'AIP_TRAINING_DATA_URI',
  validation: 'AIP_VALIDATION_DATA_URI',
  test: 'AIP_TEST_DATA_URI',
};

export function vertexTraining(ctx: KfpContext, step: TrainingStep, c: ContainerTask) {
  const env: Record<string, string> = {};
  if (step.outputs.some((o) => o.name === 'model')) env.AIP_MODEL_DIR = `${placeholder.outputUri('model')}/`;
  for (const i of step.inputs) if (SPLITS[i.name]) env[SPLITS[i.name]] = `${placeholder.inputUri(i.name)}/*`;
  if (ctx.profile.project) env.CLOUD_ML_PROJECT_ID = ctx.profile.project;
  return { args: hyperparameters(ctx, c, step).map((h) => `--${h.name}=${h.text}`), env };
}
