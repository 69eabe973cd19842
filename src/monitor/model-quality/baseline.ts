/**
 * A model-quality baseline, as `ModelQualityMonitor.suggest_baseline` makes one: from a data set
 * holding each record's label and prediction, the metrics (`statistics.json`) and the suggested
 * thresholds (`constraints.json`), written under `outputUri`.
 */
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import { type StoreOptions, storeForUri } from '../../store/index.js';
import type { SkippedLine } from '../capture-reader/index.js';
import { suggestConstraints } from './constraints.js';
import { readDataset } from './dataset.js';
import type { ModelQualityConfig } from './job-config.js';
import type { ModelQualityConstraints, ModelQualityStatistics } from './model-quality-files.js';
import { Observations } from './observations.js';

export interface BaselineRequest {
  readonly dataset: { readonly uri: string; readonly format: 'csv' | 'jsonl'; readonly header?: boolean };
  readonly config: ModelQualityConfig;
  readonly outputUri: string;
  readonly clock: Clock;
  readonly storeOptions?: StoreOptions;
}

export interface BaselineResult {
  readonly statistics: ModelQualityStatistics;
  readonly constraints: ModelQualityConstraints;
  readonly files: readonly string[];
  readonly rows: number;
  readonly skipped: readonly SkippedLine[];
  readonly skippedCount: number;
}

/** Throws E_MODEL_QUALITY_CONFIG / _DATASET for bad settings and E_MODEL_QUALITY_NO_DATA when no row is usable. */
export async function suggestModelQualityBaseline(request: BaselineRequest): Promise<BaselineResult> {
  const skipped: SkippedLine[] = [];
  let skippedCount = 0;
  const onSkip = (where: string, reason: string) => {
    skippedCount++;
    if (skipped.length < 1_000) skipped.push({ where, reason });
  };
  const observations = new Observations(request.config);
  const rows = await readDataset(
    { ...request.dataset, storeOptions: request.storeOptions, onSkip },
    request.config,
    observations,
  );
  if (observations.count === 0) {
    const first = skipped[0] ? ` The first refused row, ${skipped[0].where}: ${skipped[0].reason}.` : '';
    throw new GodwitError(
      'E_MODEL_QUALITY_NO_DATA',
      `No usable row (label and prediction) in ${request.dataset.uri}: ${rows} rows read.${first}`,
      {
        hint: 'Check the column names and that the labels fit the problem type.',
      },
    );
  }
  const statistics = observations.statistics(request.clock.now());
  const constraints = suggestConstraints(statistics);
  const out = await storeForUri(request.outputUri, request.storeOptions);
  await out.put('statistics.json', `${JSON.stringify(statistics, null, 2)}\n`);
  await out.put('constraints.json', `${JSON.stringify(constraints, null, 2)}\n`);
  return {
    statistics,
    constraints,
    files: [out.uri('statistics.json'), out.uri('constraints.json')],
    rows,
    skipped,
    skippedCount,
  };
}
