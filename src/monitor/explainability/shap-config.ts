/**
 * Clarify's analysis configuration as the model explainability monitor reads it
 * (clarify-config-json-monitor-model-explainability-parameters.md): `headers`, `label`,
 * `methods.shap` (`baseline`, `num_samples`, `agg_method`, `use_logit`, `seed`, `num_clusters`),
 * `predictor` (`probability`, `label_headers`), and `EndpointInput`'s `FeaturesAttribute` and
 * `ProbabilityAttribute`. Godwit adds `max_records` (rows explained per run, a seeded sample) and
 * `method` (`kernel`, Clarify's, or `tree`, exact TreeSHAP for XGBoost models).
 */
import { GodwitError } from '../../core/errors.js';
import { AGG_METHODS, type AggMethod } from './analysis-file.js';

export interface ShapSettings {
  readonly headers?: readonly string[];
  readonly label?: string | number;
  readonly featuresAttribute?: string;
  readonly probability?: number | string;
  readonly labelHeaders?: readonly string[];
  /** In-place baseline rows, or the URI of a baseline file. */
  readonly baseline?: readonly (readonly number[])[] | string;
  readonly numSamples?: number;
  readonly aggMethod: AggMethod;
  readonly useLogit: boolean;
  readonly seed: number;
  readonly numClusters: number;
  readonly maxRecords: number;
  readonly method: 'kernel' | 'tree';
}

/** Rows explained per run when `max_records` is not set: a seeded sample of the window. */
export const DEFAULT_MAX_RECORDS = 100;

type Doc = Record<string, unknown>;

/** Reads Clarify's analysis config (and the job input's attributes); bad values are E_EXPLAIN_CONFIG naming them. */
export function shapSettings(analysisConfig: Doc = {}, endpointInput: Doc = {}): ShapSettings {
  const methods = (analysisConfig.methods ?? {}) as Doc;
  const shap = (methods.shap ?? {}) as Doc;
  const predictor = (analysisConfig.predictor ?? {}) as Doc;
  const agg = shap.agg_method ?? 'mean_abs';
  if (!AGG_METHODS.includes(agg as AggMethod))
    throw configError(`agg_method ${JSON.stringify(agg)} is not one of ${AGG_METHODS.join(', ')}`);
  const method = shap.method ?? 'kernel';
  if (method !== 'kernel' && method !== 'tree') throw configError(`method ${JSON.stringify(method)} is not kernel or tree`);
  return {
    headers: stringList(analysisConfig.headers, 'headers'),
    label: optional(analysisConfig.label, (v) => typeof v === 'string' || Number.isInteger(v), 'label') as
      | string
      | number
      | undefined,
    featuresAttribute: optional(endpointInput.FeaturesAttribute ?? analysisConfig.features, isString, 'FeaturesAttribute') as
      | string
      | undefined,
    probability: probabilityOf(endpointInput.ProbabilityAttribute ?? predictor.probability),
    labelHeaders: stringList(predictor.label_headers, 'label_headers'),
    baseline: baselineOf(shap.baseline),
    numSamples: optional(shap.num_samples, isPositiveInt, 'num_samples') as number | undefined,
    aggMethod: agg as AggMethod,
    useLogit: (optional(shap.use_logit, (v) => typeof v === 'boolean', 'use_logit') as boolean | undefined) ?? false,
    seed: (optional(shap.seed, Number.isInteger, 'seed') as number | undefined) ?? 0,
    numClusters: (optional(shap.num_clusters, isPositiveInt, 'num_clusters') as number | undefined) ?? 1,
    maxRecords: (optional(shap.max_records, isPositiveInt, 'max_records') as number | undefined) ?? DEFAULT_MAX_RECORDS,
    method,
  };
}

function probabilityOf(v: unknown): number | string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string') return /^\d+$/.test(v) ? Number(v) : v;
  throw configError(`probability ${JSON.stringify(v)} is not a column index or a key`);
}

function baselineOf(v: unknown): ShapSettings['baseline'] {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length > 0) {
    return v.map((row, i) => {
      const list = Array.isArray(row) ? row : (row as Doc)?.features;
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'number'))
        throw configError(`baseline row ${i + 1} (${JSON.stringify(row)}) is not a list of numbers`);
      return list as number[];
    });
  }
  throw configError(`baseline ${JSON.stringify(v)} is neither a list of rows nor a URI`);
}

function stringList(v: unknown, name: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw configError(`${name} is not a list of strings`);
  return v as string[];
}

function optional(v: unknown, ok: (v: unknown) => boolean, name: string): unknown {
  if (v === undefined || v === null) return undefined;
  if (!ok(v)) throw configError(`${name} ${JSON.stringify(v)} is not valid`);
  return v;
}

const isString = (v: unknown) => typeof v === 'string';
const isPositiveInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

function configError(why: string): GodwitError {
  return new GodwitError('E_EXPLAIN_CONFIG', `The SHAP configuration is not valid: ${why}.`, {
    hint: "See Clarify's analysis configuration (methods.shap: baseline, num_samples, agg_method mean_abs|median|mean_sq, use_logit, seed); docs/monitoring-explainability.md.",
  });
}
