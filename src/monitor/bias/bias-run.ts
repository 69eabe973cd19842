/**
 * One bias run end to end, as the CLI and the `ModelBias` monitoring job do it: read the data set,
 * compute the analysis, check it against a baseline `analysis.json` if one is given, and write
 * `analysis.json` (and `constraint_violations.json`) under the output URI.
 *
 * ```ts
 * await runBias({ datasetUri: 's3://b/val.jsonl', format: 'jsonl', config, baselineUri: 's3://b/baseline/analysis.json', outputUri: 's3://b/out' });
 * // writes s3://b/out/analysis.json and s3://b/out/constraint_violations.json
 * ```
 */
import { GodwitError } from '../../core/errors.js';
import { objectIn, type StoreOptions, storeForUri } from '../../store/index.js';
import {
  type BiasAnalysis,
  type BiasDriftViolations,
  formatBiasAnalysis,
  formatBiasViolations,
  parseBiasAnalysis,
} from './analysis-file.js';
import type { BiasConfig } from './bias-config.js';
import { readBiasDataset } from './bias-dataset.js';
import { checkBiasDrift } from './bias-drift.js';
import { biasAnalysis } from './bias-report.js';
import type { BiasTable } from './bias-table.js';

export interface BiasRunOptions {
  readonly datasetUri: string;
  readonly format: 'csv' | 'jsonl';
  readonly config: BiasConfig;
  /** A baseline `analysis.json`: its values are the constraints the run is checked against. */
  readonly baselineUri?: string;
  /** Folder to write `analysis.json` and `constraint_violations.json` into; nothing is written without it. */
  readonly outputUri?: string;
  readonly store?: StoreOptions;
}

export interface BiasRunResult {
  readonly analysis: BiasAnalysis;
  /** Present when a baseline was given. */
  readonly violations?: BiasDriftViolations;
  /** URIs of the files written. */
  readonly files: readonly string[];
}

export async function runBias(options: BiasRunOptions): Promise<BiasRunResult> {
  const { config } = options;
  const table = await readBiasDataset(options.datasetUri, {
    format: options.format,
    headers: config.headers,
    features: config.features,
    label: config.label,
    store: options.store,
  });
  return analyseTable(table, options.datasetUri, options);
}

/** The analysis of a table already read (`where` names it in errors), checked and written as `runBias` does. */
export async function analyseTable(
  table: BiasTable,
  where: string,
  options: Pick<BiasRunOptions, 'config' | 'baselineUri' | 'outputUri' | 'store'>,
): Promise<BiasRunResult> {
  const baseline = options.baselineUri ? await readBaseline(options.baselineUri, options.store) : undefined;
  const analysis = biasAnalysis(table, { ...options.config, label: labelColumn(table, options.config) }, where);
  const violations = baseline ? checkBiasDrift(baseline, analysis) : undefined;
  const files: string[] = [];
  if (options.outputUri) {
    const out = await storeForUri(options.outputUri, options.store);
    await out.put('analysis.json', formatBiasAnalysis(analysis));
    files.push(out.uri('analysis.json'));
    if (violations) {
      await out.put('constraint_violations.json', formatBiasViolations(violations));
      files.push(out.uri('constraint_violations.json'));
    }
  }
  return { analysis, ...(violations ? { violations } : {}), files };
}

/** Reads a baseline analysis.json from any store URI (E_BIAS_BASELINE when missing or unreadable). */
export async function readBaseline(uri: string, store?: StoreOptions): Promise<BiasAnalysis> {
  const { store: s, key } = await objectIn(uri, store);
  const bytes = await s.get(key).catch((err: Error) => {
    throw new GodwitError('E_BIAS_BASELINE', `The baseline ${uri} cannot be read: ${err.message}`, {
      hint: 'Give the analysis.json a baseline run wrote (`godwit monitor bias … --output URI`).',
    });
  });
  return parseBiasAnalysis(bytes.toString('utf8'), uri);
}

/**
 * Clarify names a JSON Lines label by its path in the record (`label`) and reports it under the
 * last header (`Target`); the reader stored it under the header, so the analysis looks there.
 */
function labelColumn(table: BiasTable, config: BiasConfig): string {
  const last = config.headers?.at(-1);
  return !table.column(config.label) && last && table.column(last) ? last : config.label;
}
