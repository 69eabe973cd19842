/**
 * Checks a model card's content against the fields of SageMaker's model card JSON schema (the
 * one SageMaker Model Cards validate `ModelCardContent` with): every object closed to unknown
 * keys, each field's type, enums (`risk_rating`, a metric's `type`, an objective function), the
 * schema's lengths and counts. The first problem is `E_MODEL_CARD` naming its path
 * (`intended_uses.risk_rating`, `evaluation_details[0].metric_groups[1].metric_data[2].value`).
 */
import { GodwitError } from '../core/errors.js';
import { MODEL_CARD_STATUSES, type ModelCard, type ModelCardContent, type ModelCardStatus } from './model-card.js';

type Shape =
  | { readonly t: 'string'; readonly max?: number; readonly min?: number; readonly oneOf?: readonly string[] }
  | { readonly t: 'number' }
  | { readonly t: 'array'; readonly item: Shape; readonly min?: number; readonly max?: number }
  | { readonly t: 'object'; readonly fields: Readonly<Record<string, Shape>>; readonly required?: readonly string[] }
  | { readonly t: 'map'; readonly value: Shape }
  | { readonly t: 'metric' };

const str = (max?: number, min?: number): Shape => ({ t: 'string', max, min });
const oneOf = (...values: string[]): Shape => ({ t: 'string', oneOf: values });
const arr = (item: Shape, max?: number, min?: number): Shape => ({ t: 'array', item, max, min });
const obj = (fields: Record<string, Shape>, required?: string[]): Shape => ({ t: 'object', fields, required });
const NUM: Shape = { t: 'number' };

const TRAINING_METRIC = obj({ name: str(255, 1), notes: str(1024), value: NUM }, ['name', 'value']);
const HYPER_PARAMETER = obj({ name: str(255, 1), value: str(255) }, ['name']);

export const RISK_RATINGS = ['High', 'Medium', 'Low', 'Unknown'] as const;

const CONTENT: Shape = obj({
  model_overview: obj({
    model_description: str(1024),
    model_creator: str(1024),
    model_artifact: arr(str(1024), 15),
    algorithm_type: str(1024),
    problem_type: str(),
    model_owner: str(1024),
  }),
  intended_uses: obj({
    purpose_of_model: str(2048),
    intended_uses: str(2048),
    factors_affecting_model_efficiency: str(2048),
    risk_rating: oneOf(...RISK_RATINGS),
    explanations_for_risk_rating: str(2048),
  }),
  business_details: obj({ business_problem: str(2048), business_stakeholders: str(2048), line_of_business: str(2048) }),
  training_details: obj({
    objective_function: obj({
      function: obj({ function: oneOf('Maximize', 'Minimize'), facet: str(63), condition: str(63) }),
      notes: str(1024),
    }),
    training_observations: str(1024),
    training_job_details: obj({
      training_arn: str(1024),
      training_datasets: arr(str(1024), 15),
      training_environment: obj({ container_image: arr(str(1024), 15) }),
      training_metrics: arr(TRAINING_METRIC, 50),
      user_provided_training_metrics: arr(TRAINING_METRIC, 50),
      hyper_parameters: arr(HYPER_PARAMETER, 100),
      user_provided_hyper_parameters: arr(HYPER_PARAMETER, 100),
    }),
  }),
  evaluation_details: arr(
    obj(
      {
        name: str(63, 1),
        evaluation_observation: str(2096),
        evaluation_job_arn: str(256),
        datasets: arr(str(1024), 10),
        metadata: { t: 'map', value: str(1024) },
        metric_groups: arr(obj({ name: str(63, 1), metric_data: arr({ t: 'metric' }) }, ['name', 'metric_data'])),
      },
      ['name'],
    ),
  ),
  additional_information: obj({
    ethical_considerations: str(2048),
    caveats_and_recommendations: str(2048),
    custom_details: { t: 'map', value: str(1024) },
  }),
});

// The four kinds of evaluation metric (simple, linear graph, bar chart, matrix), told apart by `type`.
const AXIS = str(63);
const AXES = arr(str(63));
const numbers = (min: number, max?: number): Shape => arr(NUM, max, min);
const METRIC_KINDS: Record<string, Shape> = {
  linear_graph: obj(
    {
      name: str(255, 1),
      notes: str(1024),
      type: str(),
      value: arr(numbers(2, 2), undefined, 1),
      x_axis_name: AXIS,
      y_axis_name: AXIS,
    },
    ['name', 'type', 'value'],
  ),
  bar_chart: obj({ name: str(255, 1), notes: str(1024), type: str(), value: numbers(1), x_axis_name: AXES, y_axis_name: AXIS }, [
    'name',
    'type',
    'value',
  ]),
  matrix: obj(
    { name: str(255, 1), notes: str(1024), type: str(), value: arr(numbers(1, 20), 20, 1), x_axis_name: AXES, y_axis_name: AXES },
    ['name', 'type', 'value'],
  ),
};
const SIMPLE_TYPES = ['number', 'string', 'boolean'];

/** The content checked, or `E_MODEL_CARD` naming the first path that breaks the schema. */
export function checkModelCardContent(content: unknown): ModelCardContent {
  check(CONTENT, content, '');
  return content as ModelCardContent;
}

/** A whole card: its status one of SageMaker's, its content checked. */
export function checkModelCard(card: { status?: unknown; content?: unknown }): ModelCard {
  const status = card.status ?? 'Draft';
  if (!MODEL_CARD_STATUSES.includes(status as ModelCardStatus)) {
    throw cardError('status', `is "${String(status)}", not one of ${MODEL_CARD_STATUSES.join(', ')}`);
  }
  return { status: status as ModelCardStatus, content: checkModelCardContent(card.content ?? {}) };
}

/** The card's content from JSON text (SageMaker's `ModelCardContent` is a JSON string). */
export function parseModelCardContent(text: string, where: string): ModelCardContent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GodwitError('E_MODEL_CARD', `The model card content in ${where} is not valid JSON.`, {
      hint: 'A model card is a JSON object with the model card schema’s keys: model_overview, intended_uses, …',
    });
  }
  return checkModelCardContent(parsed);
}

function check(shape: Shape, value: unknown, path: string): void {
  switch (shape.t) {
    case 'string':
      if (typeof value !== 'string') throw mismatch(path, 'a string', value);
      if (shape.oneOf && !shape.oneOf.includes(value)) {
        throw cardError(path, `is "${value}", not one of ${shape.oneOf.join(', ')}`);
      }
      if (shape.max !== undefined && value.length > shape.max) throw cardError(path, `is longer than ${shape.max} characters`);
      if (shape.min !== undefined && value.length < shape.min) throw cardError(path, 'is empty');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch(path, 'a number', value);
      return;
    case 'array':
      if (!Array.isArray(value)) throw mismatch(path, 'an array', value);
      if (shape.max !== undefined && value.length > shape.max) throw cardError(path, `has more than ${shape.max} items`);
      if (shape.min !== undefined && value.length < shape.min) throw cardError(path, `has fewer than ${shape.min} items`);
      for (const [i, item] of value.entries()) check(shape.item, item, `${path}[${i}]`);
      return;
    case 'map':
      if (!isObject(value)) throw mismatch(path, 'an object', value);
      for (const [k, v] of Object.entries(value)) check(shape.value, v, join(path, k));
      return;
    case 'object': {
      if (!isObject(value)) throw mismatch(path, 'an object', value);
      for (const key of Object.keys(value)) {
        if (!(key in shape.fields)) {
          throw cardError(
            join(path, key),
            `is not a field of the model card schema${path ? ` under ${path}` : ''}`,
            shape.fields,
          );
        }
      }
      for (const key of shape.required ?? []) if (value[key] === undefined) throw cardError(join(path, key), 'is required');
      for (const [key, field] of Object.entries(shape.fields))
        if (value[key] !== undefined) check(field, value[key], join(path, key));
      return;
    }
    case 'metric': {
      if (!isObject(value)) throw mismatch(path, 'an object', value);
      const type = value.type;
      if (typeof type === 'string' && SIMPLE_TYPES.includes(type)) {
        check(
          obj({ name: str(255, 1), notes: str(1024), type: str(), value: NUM, x_axis_name: AXIS, y_axis_name: AXIS }, [
            'name',
            'type',
            'value',
          ]),
          { ...value, value: 0 },
          path,
        );
        const v = value.value;
        const ok =
          type === 'number'
            ? typeof v === 'number'
            : type === 'boolean'
              ? typeof v === 'boolean'
              : typeof v === 'string' && v.length <= 63;
        if (!ok) throw mismatch(join(path, 'value'), type === 'string' ? 'a string of at most 63 characters' : `a ${type}`, v);
        return;
      }
      const kind = typeof type === 'string' ? METRIC_KINDS[type] : undefined;
      if (!kind) {
        throw cardError(
          join(path, 'type'),
          `is ${JSON.stringify(type)}, not one of ${[...SIMPLE_TYPES, ...Object.keys(METRIC_KINDS)].join(', ')}`,
        );
      }
      check(kind, value, path);
      return;
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const kindOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;

function mismatch(path: string, expected: string, value: unknown): GodwitError {
  return cardError(path || '(the content)', `must be ${expected}, not ${kindOf(value)}`);
}

function cardError(path: string, problem: string, fields?: Readonly<Record<string, Shape>>): GodwitError {
  return new GodwitError('E_MODEL_CARD', `Model card: ${path} ${problem}.`, {
    hint: fields
      ? `The fields there are: ${Object.keys(fields).join(', ')} (SageMaker's model card JSON schema).`
      : "Fix the card to SageMaker's model card JSON schema (see docs/registry.md, “Model cards”).",
  });
}
