/**
 * A Tuning step (CreateHyperParameterTuningJob) as one training: Godwit does not search
 * hyperparameters, so the step trains once with its static hyperparameters and, for each range,
 * a value from it (the first categorical value; the middle of a continuous or integer range, on a
 * log scale when the range is logarithmic). The note names every value chosen and the objective
 * that was not optimised; a reference to the tuning's top model is its model.
 */
import type { TrainingStep } from '../../pipeline/ir.js';
import { type At, type ImportContext, importError, type RawStep } from './import-context.js';
import { child, isObject, type JsonObject, optArray, optObject, reqObject, reqString } from './json-fields.js';
import { importTraining } from './training-import.js';

export async function importTuning(step: RawStep, ctx: ImportContext): Promise<TrainingStep> {
  const at: At = { step: step.Name, field: 'Arguments' };
  const args = reqObject(step, 'Arguments', { step: step.Name, field: '' });
  const definition = trainingDefinition(args, ctx, at);
  const config = reqObject(args, 'HyperParameterTuningJobConfig', at);
  const ranges = optObject(config, 'ParameterRanges', child(at, 'HyperParameterTuningJobConfig')) ?? {};
  const chosen = chooseValues(ranges, { step: step.Name, field: 'Arguments.HyperParameterTuningJobConfig.ParameterRanges' });
  const staticValues = optObject(definition, 'StaticHyperParameters', at) ?? {};
  const training = await importTraining(step, { ...definition, HyperParameters: { ...staticValues, ...chosen } }, ctx);
  const objective = optObject(config, 'HyperParameterTuningJobObjective', at);
  const metric =
    objective && typeof objective.MetricName === 'string'
      ? `${objective.Type ?? 'optimise'} ${objective.MetricName}`
      : 'its objective';
  const values = Object.entries(chosen)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  ctx.note(
    step.Name,
    'Tuning',
    'approximated',
    `one training${values ? ` with ${values}` : ''}; Godwit does not search hyperparameters to ${metric}`,
  );
  return training;
}

function trainingDefinition(args: JsonObject, ctx: ImportContext, at: At): JsonObject {
  const one = optObject(args, 'TrainingJobDefinition', at);
  if (one) return one;
  const many = optArray(args, 'TrainingJobDefinitions', at);
  if (many?.length && isObject(many[0])) {
    if (many.length > 1)
      ctx.note(at.step, 'TrainingJobDefinitions', 'dropped', `${many.length - 1} other algorithms: only the first is trained`);
    return many[0];
  }
  throw importError(child(at, 'TrainingJobDefinition'), 'is missing', 'Give the tuning step its TrainingJobDefinition.');
}

/** A value from each range, as a hyperparameter string (the SDK's encoding: plain for numbers). */
function chooseValues(ranges: JsonObject, at: At): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [kind, list] of Object.entries(ranges)) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const where = child(at, `${kind}[${i}]`);
      if (!isObject(raw))
        throw importError(where, 'is not an object', 'A range is {Name, MinValue, MaxValue} or {Name, Values}.');
      const name = reqString(raw, 'Name', where);
      out[name] =
        kind === 'CategoricalParameterRanges' ? firstValue(raw, where) : middle(raw, kind === 'IntegerParameterRanges', where);
    });
  }
  return out;
}

function firstValue(range: JsonObject, at: At): string {
  const values = optArray(range, 'Values', at);
  if (!values?.length || typeof values[0] !== 'string')
    throw importError(child(at, 'Values'), 'is missing', 'A categorical range lists its Values.');
  return values[0];
}

function middle(range: JsonObject, integer: boolean, at: At): string {
  const min = Number(reqString(range, 'MinValue', at));
  const max = Number(reqString(range, 'MaxValue', at));
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max)
    throw importError(
      at,
      `the range ${String(range.MinValue)}..${String(range.MaxValue)} is not a range of numbers`,
      'Give MinValue ≤ MaxValue as numbers.',
    );
  const log = range.ScalingType === 'Logarithmic' && min > 0;
  const mid = log ? Math.sqrt(min * max) : (min + max) / 2;
  return String(integer ? Math.round(mid) : Number(mid.toPrecision(6)));
}
