/**
 * A data set holding labels and predictions side by side (a baseline data set, or a batch
 * transform's output joined with its labels), read row by row into observations. CSV columns are
 * named by the header when `header` is set (every file starts with one) and by zero-based index
 * otherwise; JSON Lines fields and Parquet columns by name (or path). The URI names one object or, ending in `/` or
 * naming no object, every object under that prefix.
 */

import { splitCsvRecord } from '../../core/csv.js';
import { GodwitError } from '../../core/errors.js';
import { type ArtifactStore, objectIn, type StoreOptions } from '../../store/index.js';
import { objectLines } from '../capture-reader/object-lines.js';
import { type Answer, pick } from './attributes.js';
import type { ModelQualityConfig } from './job-config.js';
import { observationOf } from './merge.js';
import type { Observations } from './observations.js';
import { parquetRows } from './parquet-rows.js';

export interface DatasetSource {
  readonly uri: string;
  readonly format: 'csv' | 'jsonl' | 'parquet';
  readonly header?: boolean;
  readonly storeOptions?: StoreOptions;
  readonly onSkip: (where: string, reason: string) => void;
}

/** Adds every usable row to `observations`; answers how many rows were read. */
export async function readDataset(
  source: DatasetSource,
  config: ModelQualityConfig,
  observations: Observations,
): Promise<number> {
  if (config.groundTruthAttribute === undefined || (config.inferenceAttribute ?? config.probabilityAttribute) === undefined) {
    throw new GodwitError(
      'E_MODEL_QUALITY_CONFIG',
      'A model-quality data set needs GroundTruthAttribute and InferenceAttribute (or ProbabilityAttribute).',
      {
        hint: 'Name the label and prediction columns: --ground-truth-attribute label --inference-attribute prediction.',
      },
    );
  }
  const { store, keys } = await datasetKeys(source);
  if (source.format === 'parquet') return readParquet(store, keys, source, config, observations);
  let rows = 0;
  let names: Map<string, number> | undefined;
  let lastKey = '';
  for await (const line of objectLines(store, keys)) {
    if (source.format === 'csv' && source.header && line.key !== lastKey) {
      lastKey = line.key;
      names = new Map(splitCsvRecord(line.text).map((name, i) => [name.trim(), i]));
      continue;
    }
    rows++;
    const answer = answerOf(line.text, source.format);
    if ('reason' in answer) {
      source.onSkip(line.where, answer.reason);
      continue;
    }
    const named = names ? byHeader(config, names) : config;
    if (typeof named === 'string') throw missingColumn(named, line.where);
    const label = pick(answer, named.groundTruthAttribute);
    const prediction = observationOf(answer, named);
    const reason =
      'reason' in label
        ? label.reason
        : 'reason' in prediction
          ? prediction.reason
          : observations.add({ ...prediction, label: label.value });
    if (reason !== undefined) source.onSkip(line.where, reason);
  }
  return rows;
}

/** Parquet columns are named like JSON Lines fields. */
async function readParquet(
  store: ArtifactStore,
  keys: readonly string[],
  source: DatasetSource,
  config: ModelQualityConfig,
  observations: Observations,
): Promise<number> {
  let rows = 0;
  for await (const { row, where } of parquetRows(store, keys)) {
    rows++;
    const answer: Answer = { kind: 'json', doc: row };
    const label = pick(answer, config.groundTruthAttribute);
    const prediction = observationOf(answer, config);
    const reason =
      'reason' in label
        ? label.reason
        : 'reason' in prediction
          ? prediction.reason
          : observations.add({ ...prediction, label: label.value });
    if (reason !== undefined) source.onSkip(where, reason);
  }
  return rows;
}

function answerOf(text: string, format: 'csv' | 'jsonl' | 'parquet'): Answer | { reason: string } {
  if (format === 'csv') return { kind: 'csv', cells: splitCsvRecord(text) };
  try {
    return { kind: 'json', doc: JSON.parse(text) };
  } catch {
    return { reason: 'not a JSON line' };
  }
}

/** The config with the column names turned into the header's indices, or the name that is missing. */
function byHeader(config: ModelQualityConfig, names: ReadonlyMap<string, number>): ModelQualityConfig | string {
  const out: Record<string, unknown> = { ...config };
  for (const key of ['groundTruthAttribute', 'inferenceAttribute', 'probabilityAttribute'] as const) {
    const name = config[key];
    if (name === undefined) continue;
    const index = names.get(name);
    if (index === undefined) return name;
    out[key] = String(index);
  }
  return out as unknown as ModelQualityConfig;
}

function missingColumn(name: string, where: string): GodwitError {
  return new GodwitError(
    'E_MODEL_QUALITY_DATASET',
    `The data set has no column "${name}" (header of ${where.replace(/:\d+$/, '')}).`,
    {
      hint: 'Name columns as the header spells them, or give zero-based column indexes without --header.',
    },
  );
}

async function datasetKeys(source: DatasetSource): Promise<{ store: ArtifactStore; keys: string[] }> {
  const { store, key } = await objectIn(source.uri, source.storeOptions);
  if (key !== '' && !source.uri.endsWith('/') && (await store.head(key))) return { store, keys: [key] };
  const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
  const keys = (await store.list(prefix)).map((o) => o.key).filter((k) => !k.split('/').some((s) => s.startsWith('.')));
  if (keys.length === 0) {
    throw new GodwitError('E_MODEL_QUALITY_DATASET', `No data set at ${source.uri}.`, {
      hint: 'Give a file, or a folder (ending in /) of files.',
    });
  }
  return { store, keys };
}
